package dev.postern.model;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The charset of text postern writes. The launchers run Java with a UTF-8 {@code LC_CTYPE} when the locale is not
 * UTF-8 (cron's, {@code LANG=C}), so that file names and arguments with any letter work
 * (packaging/archive/postern-options.sh); the charset the user's locale gave stays that of a terminal, in
 * {@code POSTERN_TERMINAL_CHARSET}: under {@code LANG=C} a letter ASCII lacks shows as '?' (as in mutt), not as bytes
 * the terminal cannot show. Files and pipes get UTF-8 whatever the locale (JSON, scripts, cron's mail).
 */
public final class TerminalCharset {
    private TerminalCharset() {}

    /** The terminal's: {@code POSTERN_TERMINAL_CHARSET} when set and known, else the JVM's own (from the same locale). */
    public static Charset of(Map<String, String> env) {
        String named = env.get("POSTERN_TERMINAL_CHARSET");
        if (named != null && !named.isBlank()) {
            try {
                Charset c = Charset.forName(named.strip());
                if (c.canEncode()) return c; // not a decode-only one (postern's UTF-7): output needs an encoder
            } catch (IllegalArgumentException unknown) {
                // a charset Java does not know: the JVM's own
            }
        }
        return Charset.defaultCharset();
    }

    /** A command's output: {@link #of} on a terminal, UTF-8 elsewhere. */
    public static Charset output(Map<String, String> env, boolean terminal) {
        return terminal ? of(env) : StandardCharsets.UTF_8;
    }
}
