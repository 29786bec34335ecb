package dev.postern.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment as postern reads its directories from it: HOME and the XDG base directories.
 *
 * <p>A HOME that is empty or relative ({@code HOME= postern ...}, {@code HOME=..}) is taken as unset: the home
 * directory is then the passwd entry's ({@code user.home}), as for no HOME at all, never one relative to the
 * working directory (a second store in every directory postern is run from; hunt 34-C, C9). A relative XDG directory
 * is ignored where it is read, as the XDG spec says.
 *
 * <p>A HOME or XDG directory whose bytes are not valid in the locale's charset (a Latin-1 name under a UTF-8
 * locale) reaches Java with U+FFFD in place of each such byte: a path that names another directory, where postern
 * would say the config does not exist and make a stray tree of its own (hunt 34-C, C7). {@link #refusal} is the one
 * sentence that refuses it (78) before anything is read or created.
 *
 * <p>Loaded by the client ({@code app/Postern}, before resident/Client), hence its style: no lambdas, no string
 * concatenation (each costs a cold JVM its bootstrap classes).
 */
public final class HomeEnv {
    private HomeEnv() {}

    /** The variables that name postern's directories. */
    private static final String[] DIRECTORIES = {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
            "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"};

    private static volatile Map<String, String> process;

    /** This process's environment, as {@link #of}. */
    public static Map<String, String> process() {
        Map<String, String> p = process;
        if (p == null) process = p = of(System.getenv());
        return p;
    }

    /** {@code env} without a HOME that is empty or relative (then the passwd entry's home is used). */
    public static Map<String, String> of(Map<String, String> env) {
        String home = env.get("HOME");
        if (home == null || home.startsWith("/")) return env;
        Map<String, String> copy = new HashMap<>(env);
        copy.remove("HOME");
        return java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * postern's state directory (the log, the histories, kept drafts): {@code $XDG_STATE_HOME/postern} when that is an
     * absolute path, else {@code HOME/.local/state/postern}, an empty or relative HOME read as unset ({@link #of}). The
     * one rule for it: it was written out in five places, no two alike.
     */
    public static String stateDir(Map<String, String> env) {
        String v = env == null ? null : env.get("XDG_STATE_HOME");
        if (v != null && v.startsWith("/")) return new StringBuilder(v).append("/postern").toString();
        String home = env == null ? null : env.get("HOME");
        if (home == null || !home.startsWith("/")) home = System.getProperty("user.home");
        return new StringBuilder(home).append("/.local/state/postern").toString();
    }

    /**
     * The sentence refusing a HOME or XDG directory that the locale's charset could not decode (without "postern: "),
     * or null when every one is usable.
     */
    public static String refusal(Map<String, String> env) {
        for (String name : DIRECTORIES) {
            String value = env.get(name);
            if (value == null || value.indexOf('\uFFFD') < 0 || !fileNamesHoldReplacement()) continue;
            return new StringBuilder(name).append(" (").append(value.replace('\uFFFD', '?'))
                    .append(") is not valid in the locale's charset, ").append(System.getProperty("sun.jnu.encoding", "?"))
                    .append(", so postern cannot name the directory; set ").append(name)
                    .append(" to a name in that charset, or run postern under the locale the name was made in; nothing was done.")
                    .toString();
        }
        return null;
    }

    /**
     * Whether a file name may hold U+FFFD (UTF-8 file names), so that a mangled HOME names another directory; where it
     * cannot (ASCII under no locale or LANG=C, without the launchers), the path fails as it is built and
     * {@link UnusablePath} says so, with the locale to use.
     */
    private static boolean fileNamesHoldReplacement() {
        try {
            return java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder().canEncode('\uFFFD');
        } catch (RuntimeException e) {
            return true;
        }
    }
}
