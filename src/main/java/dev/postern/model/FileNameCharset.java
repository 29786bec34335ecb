package dev.postern.model;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The charset this JVM names files in ({@code sun.jnu.encoding}: on Java 17 the locale's, ASCII under {@code LANG=C},
 * ISO-8859-1 under a Latin-1 locale the launchers keep), and whether a name can be written in it.
 */
public final class FileNameCharset {
    private FileNameCharset() {}

    /** This JVM's file-name charset; UTF-8 when it names none Java knows. */
    public static Charset of() {
        return named(System.getProperty("sun.jnu.encoding"));
    }

    /** The charset {@code name} names (a {@code sun.jnu.encoding}), UTF-8 for null or one Java does not know. */
    public static Charset named(String name) {
        if (name == null || name.isBlank()) return StandardCharsets.UTF_8;
        try {
            return Charset.forName(name.strip());
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Whether {@code text} (a file name's letters) can be written in this JVM's file names as it is. */
    public static boolean canName(CharSequence text) {
        Charset cs = of();
        return cs.equals(StandardCharsets.UTF_8) || cs.newEncoder().canEncode(text);
    }
}
