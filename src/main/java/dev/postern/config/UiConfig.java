package dev.postern.config;

import dev.postern.config.toml.TomlTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The full-screen reader's top-level settings, checked by {@link ConfigLoader} with the rest of the file:
 *
 * <pre>
 * bindings = "~/.config/postern/bindings"   # default: $XDG_CONFIG_HOME/postern/bindings when it exists
 * theme = "light"                           # a theme name (default, light, high-contrast, monochrome) or a path
 * colors = "16"                             # 16 | 256 | truecolor; default: from TERM and COLORTERM
 * </pre>
 *
 * @param bindings the user's bindings file, or null when neither set nor present at the default place
 * @param bindingsExplicit true when the config names the file (then it must exist)
 * @param theme a theme name or a path (already expanded), or null for the default theme
 * @param colors "16", "256" or "truecolor", or null to detect
 */
public record UiConfig(Path bindings, boolean bindingsExplicit, String theme, String colors) {
    static final List<String> KEYS = List.of("bindings", "theme", "colors");

    public static UiConfig defaults() { return new UiConfig(null, false, null, null); }

    /** Reads the settings of a config file already checked by {@link ConfigLoader}. */
    public static UiConfig load(Config config, Map<String, String> env) {
        return parse(config.source(), ConfigLoader.document(config), env);
    }

    static UiConfig parse(Path file, TomlTable toml, Map<String, String> env) {
        ConfigLoader loader = new ConfigLoader(env);
        Path bindings = null;
        boolean explicit = false;
        if (toml.contains("bindings")) {
            bindings = resolve(file, env, text(file, toml, "bindings"));
            explicit = true;
        } else {
            Path dflt = loader.defaultConfigPath().resolveSibling("bindings");
            if (Files.exists(dflt)) bindings = dflt;
        }
        String theme = null;
        if (toml.contains("theme")) {
            String t = text(file, toml, "theme");
            theme = isPath(t) ? resolve(file, env, t).toString() : t;
        }
        String colors = null;
        if (toml.contains("colors")) {
            Object v = toml.get("colors");
            String c = v instanceof Long l ? String.valueOf(l) : v instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : "";
            if (c.equals("24bit")) c = "truecolor";
            if (!List.of("16", "256", "truecolor").contains(c)) {
                throw ConfigLoader.error(file, "colors = " + v + " is not one of 16, 256 or \"truecolor\"");
            }
            colors = c;
        }
        return new UiConfig(bindings, explicit, theme, colors);
    }

    /** A theme setting is a path when it has a '/' or ends in ".theme"; otherwise the name of a theme. */
    public static boolean isPath(String theme) {
        return theme.contains("/") || theme.endsWith(".theme");
    }

    private static String text(Path file, TomlTable toml, String key) {
        Object v = toml.get(key);
        if (!(v instanceof String s)) throw ConfigLoader.error(file, key + " must be a string in quotes");
        if (s.isBlank()) throw ConfigLoader.error(file, key + " is empty");
        return s.strip();
    }

    /** "~/x" under HOME; a relative path beside the config file. */
    private static Path resolve(Path file, Map<String, String> env, String p) {
        if (p.equals("~") || p.startsWith("~/")) {
            return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")) + p.substring(1));
        }
        Path path = Path.of(p);
        if (path.isAbsolute()) return path;
        Path dir = file.toAbsolutePath().getParent();
        return dir == null ? path : dir.resolve(path);
    }
}
