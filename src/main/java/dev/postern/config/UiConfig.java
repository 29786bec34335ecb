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
 * sidebar = false                           # start with the folder sidebar hidden (B toggles it)
 * sidebar_width = 24                        # columns of the sidebar (8-60, default 20)
 * index_format = "%Z %D %-16F %s %c"        # the index's columns, as mutt's index_format
 * date_format = "yyyy-MM-dd HH:mm"          # a java.time pattern, or "relative" (the default)
 * pager_width = 72                          # wrap messages at most this wide (0: the terminal's width)
 * pager_index_lines = 6                     # split view: this many index rows above the message (0: off)
 * </pre>
 *
 * @param bindings the user's bindings file, or null when neither set nor present at the default place
 * @param bindingsExplicit true when the config names the file (then it must exist)
 * @param theme a theme name or a path (already expanded), or null for the default theme
 * @param colors "16", "256" or "truecolor", or null to detect
 * @param sidebar whether the sidebar is shown at start
 * @param sidebarWidth the sidebar's columns
 * @param indexFormat the index's format string, or null for the built-in one (checked by the reader)
 * @param dateFormat a date pattern, or null for the relative dates (checked here)
 * @param pagerWidth the widest the pager wraps at; 0: the terminal's width
 * @param pagerIndexLines index rows shown above an open message (mutt's pager_index_lines); 0: the pager alone
 */
public record UiConfig(Path bindings, boolean bindingsExplicit, String theme, String colors, boolean sidebar,
                       int sidebarWidth, String indexFormat, String dateFormat, int pagerWidth, int pagerIndexLines) {
    static final List<String> KEYS = List.of("bindings", "theme", "colors", "sidebar", "sidebar_width", "index_format",
            "date_format", "pager_width", "pager_index_lines");
    public static final int DEFAULT_SIDEBAR_WIDTH = 20;

    public UiConfig(Path bindings, boolean bindingsExplicit, String theme, String colors) {
        this(bindings, bindingsExplicit, theme, colors, true, DEFAULT_SIDEBAR_WIDTH, null, null, 0, 0);
    }

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
        boolean sidebar = true;
        if (toml.contains("sidebar")) {
            if (!(toml.get("sidebar") instanceof Boolean b)) throw ConfigLoader.error(file, "sidebar must be true or false");
            sidebar = b;
        }
        int sidebarWidth = (int) whole(file, toml, "sidebar_width", 8, 60, DEFAULT_SIDEBAR_WIDTH);
        String indexFormat = toml.contains("index_format") ? text(file, toml, "index_format") : null;
        String dateFormat = null;
        if (toml.contains("date_format")) {
            dateFormat = text(file, toml, "date_format");
            if (!dateFormat.equals("relative")) {
                try {
                    java.time.format.DateTimeFormatter.ofPattern(dateFormat);
                } catch (IllegalArgumentException e) {
                    throw ConfigLoader.error(file, "date_format \"" + dateFormat + "\" is not a date pattern (" + e.getMessage() + ")");
                }
            } else {
                dateFormat = null;
            }
        }
        int pagerWidth = (int) whole(file, toml, "pager_width", 0, 10_000, 0);
        if (pagerWidth > 0 && pagerWidth < 20) throw ConfigLoader.error(file, "pager_width must be 0 (the terminal's width) or at least 20");
        int pagerIndexLines = (int) whole(file, toml, "pager_index_lines", 0, 50, 0);
        return new UiConfig(bindings, explicit, theme, colors, sidebar, sidebarWidth, indexFormat, dateFormat, pagerWidth,
                pagerIndexLines);
    }

    private static long whole(Path file, TomlTable toml, String key, long min, long max, long dflt) {
        if (!toml.contains(key)) return dflt;
        if (!(toml.get(key) instanceof Long l)) throw ConfigLoader.error(file, key + " must be a whole number");
        if (l < min || l > max) throw ConfigLoader.error(file, key + " = " + l + " is not between " + min + " and " + max);
        return l;
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
