package dev.postern.model;

import java.nio.file.InvalidPathException;

/**
 * A path Java cannot hand the system: on Java 17 file names are encoded in the locale's charset
 * ({@code sun.jnu.encoding}), which is ASCII when no locale is set (cron) or under {@code LANG=C}, so a HOME, an XDG
 * directory, a {@code --config} or a {@code data_dir} with a non-ASCII letter cannot be opened. The launchers run Java
 * with a UTF-8 {@code LC_CTYPE} for this; run without them ({@code java -jar}), it is one sentence and 78.
 */
public final class UnusablePath {
    private UnusablePath() {}

    /** The failure for {@code e}, one sentence naming the path and the locale (exit 78). */
    public static PosternException of(InvalidPathException e) {
        return new PosternException(ExitCode.CONFIG, sentence(e), e);
    }

    public static String sentence(InvalidPathException e) {
        String encoding = System.getProperty("sun.jnu.encoding", "?");
        if (encoding.equalsIgnoreCase("UTF-8")) return "the path '" + e.getInput() + "' cannot be used (" + e.getReason() + ").";
        // The launchers give Java a UTF-8 LC_CTYPE only for an ASCII locale; a single-byte one (de_DE: ISO-8859-1) they
        // keep, as the terminal's, so that advice would contradict them there (hunt 39-I, I4).
        boolean ascii = FileNameCharset.named(encoding).equals(java.nio.charset.StandardCharsets.US_ASCII);
        return "the path '" + e.getInput() + "' cannot be used (" + e.getReason() + "): file names are encoded as "
                + encoding + " under the locale " + locale(System.getenv()) + (ascii
                ? "; run postern with a UTF-8 locale (LC_ALL=C.UTF-8, as its launcher does) or use a path of ASCII characters."
                : "; use a path of letters " + encoding + " has, or run postern under a UTF-8 locale.");
    }

    /** The locale in force as the C library reads it: LC_ALL, else LC_CTYPE, else LANG, naming the variable. */
    public static String locale(java.util.Map<String, String> env) {
        for (String v : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = env.get(v);
            if (value != null && !value.isEmpty()) return v + "=" + value;
        }
        return "C (LANG, LC_CTYPE and LC_ALL unset)";
    }
}
