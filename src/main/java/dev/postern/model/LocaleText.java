package dev.postern.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text a program of the user's hands postern (a password_command's output, a password_env variable): UTF-8 when its
 * bytes are valid UTF-8, else the locale's charset ({@code native.encoding}: ISO-8859-1 under de_DE, which the
 * launchers keep). One rule for the command's output and the environment's value, which Java had read differently
 * (the output always as UTF-8, the variable in the locale: hunt 39-I, I11).
 */
public final class LocaleText {
    private LocaleText() {}

    /** The locale's charset, as the C library has it ({@code native.encoding}); UTF-8 when Java does not know it. */
    public static Charset locale() {
        return FileNameCharset.named(System.getProperty("native.encoding", System.getProperty("file.encoding")));
    }

    /** {@code bytes} as UTF-8 when they are UTF-8, else in the locale's charset; null when neither reads them whole. */
    public static String decode(byte[] bytes) {
        String utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) return utf8;
        Charset locale = locale();
        return locale.equals(StandardCharsets.UTF_8) ? null : strict(bytes, locale);
    }

    /** As {@link #decode}, what cannot be read becoming U+FFFD (text shown, not a secret). */
    public static String decodeLeniently(byte[] bytes) {
        String s = decode(bytes);
        return s != null ? s : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * An environment variable's value, which Java decoded in the locale's charset, read by the same rule as
     * {@link #decode}: its bytes again, then UTF-8 when they are UTF-8. Null when the bytes were neither (Java then left
     * U+FFFD for them).
     */
    public static String fromEnvironment(String value) {
        Charset locale = locale();
        if (locale.equals(StandardCharsets.UTF_8)) return value.indexOf('\uFFFD') >= 0 ? null : value;
        byte[] bytes = value.getBytes(locale);
        if (!new String(bytes, locale).equals(value)) return value.indexOf('\uFFFD') >= 0 ? null : value;
        return decode(bytes);
    }

    private static String strict(byte[] bytes, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
