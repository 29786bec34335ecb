package dev.postern.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the plain theme files in {@code themes/}: {@code role = FG [on BG] [bold] [reverse] [underline]}
 * per line. Strict, because a typo that silently leaves a role uncoloured is worse than an error.
 */
final class ThemeParser {
    static final Set<String> ROLES = Set.of(Palette.NORMAL, Palette.INDEX_UNREAD, Palette.INDEX_SELECTED,
            Palette.STATUS, Palette.STATUS_ERROR, Palette.SIDEBAR, Palette.SIDEBAR_SELECTED, Palette.SIDEBAR_CURSOR,
            Palette.PAGER_HEADER, Palette.PAGER_QUOTE, Palette.PAGER_MATCH, Palette.PAGER_POSTERN);

    /**
     * Roles added after themes were written: a complete theme without {@code inherit} that leaves one out gets
     * this style rather than an error (its file worked before the role existed).
     */
    static final Map<String, Palette.Style> LATER_ROLES = Map.of(Palette.PAGER_POSTERN,
            new Palette.Style(com.googlecode.lanterna.TextColor.ANSI.DEFAULT, com.googlecode.lanterna.TextColor.ANSI.DEFAULT,
                    java.util.EnumSet.of(com.googlecode.lanterna.SGR.REVERSE)));

    private ThemeParser() {}

    /** Built-in themes a theme may inherit from ({@code inherit = default}). */
    static final java.util.List<String> BUILT_IN = java.util.List.of("default", "light", "high-contrast", "monochrome");

    /** A theme file's roles and the built-in theme it inherits the others from (null: none). */
    record Parsed(Map<String, Palette.Style> roles, String inherit) {}

    static Map<String, Palette.Style> parse(String name, String text) {
        return read(name, text).roles();
    }

    /**
     * A whole theme: its roles over those of the theme it inherits from. Without {@code inherit}, every
     * role must be defined, so that a role added to postern later is never silently left uncoloured.
     */
    static Map<String, Palette.Style> complete(String name, String text, java.util.function.Function<String, String> builtInText) {
        Parsed p = read(name, text);
        Map<String, Palette.Style> roles = new HashMap<>();
        if (p.inherit() != null) {
            if (p.inherit().equals(name)) throw new PosternException(ExitCode.CONFIG, "theme " + name + " inherits from itself.");
            roles.putAll(complete(p.inherit(), builtInText.apply(p.inherit()), builtInText));
        }
        roles.putAll(p.roles());
        LATER_ROLES.forEach(roles::putIfAbsent);
        java.util.Set<String> missing = new java.util.TreeSet<>(ROLES);
        missing.removeAll(roles.keySet());
        if (!missing.isEmpty()) {
            throw new PosternException(ExitCode.CONFIG, "theme " + name + " does not define " + String.join(", ", missing)
                    + "; define them or add 'inherit = default' to take the default theme's.");
        }
        return roles;
    }

    static Parsed read(String name, String text) {
        String inherit = null;
        Map<String, Palette.Style> roles = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw error(name, i, "expected 'role = colour ...'");
            String role = line.substring(0, eq).strip();
            if (role.equals("inherit")) {
                String from = line.substring(eq + 1).strip();
                if (!BUILT_IN.contains(from)) {
                    throw error(name, i, "inherit names '" + from + "'; a theme inherits from one of " + String.join(", ", BUILT_IN));
                }
                inherit = from;
                continue;
            }
            if (!ROLES.contains(role)) {
                throw error(name, i, "unknown colour role '" + role + "'; roles are " + String.join(", ", new java.util.TreeSet<>(ROLES)));
            }
            roles.put(role, style(name, i, line.substring(eq + 1).strip().split("\\s+")));
        }
        return new Parsed(roles, inherit);
    }

    private static Palette.Style style(String name, int line, String[] words) {
        TextColor fg = null;
        TextColor bg = TextColor.ANSI.DEFAULT;
        EnumSet<SGR> sgr = EnumSet.noneOf(SGR.class);
        for (int i = 0; i < words.length; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            switch (w) {
                case "bold" -> sgr.add(SGR.BOLD);
                case "reverse" -> sgr.add(SGR.REVERSE);
                case "underline" -> sgr.add(SGR.UNDERLINE);
                case "on" -> {
                    if (i + 1 >= words.length) throw error(name, line, "'on' needs a background colour");
                    bg = colour(name, line, words[++i]);
                }
                default -> {
                    if (fg != null) throw error(name, line, "'" + words[i] + "' is not an attribute (bold, reverse, underline)");
                    fg = colour(name, line, words[i]);
                }
            }
        }
        if (fg == null) throw error(name, line, "no foreground colour");
        return new Palette.Style(fg, bg, sgr);
    }

    private static TextColor colour(String name, int line, String word) {
        String w = word.toLowerCase(Locale.ROOT);
        try {
            if (w.startsWith("#") && w.length() == 7) {
                int rgb = Integer.parseInt(w.substring(1), 16);
                return new TextColor.RGB(rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff);
            }
            if (w.startsWith("color")) {
                int n = Integer.parseInt(w.substring(5));
                if (n >= 0 && n <= 255) return new TextColor.Indexed(n);
            }
            return TextColor.ANSI.valueOf(w.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(name, line, "unknown colour '" + word + "'");
        }
    }

    private static PosternException error(String name, int line, String what) {
        return new PosternException(ExitCode.CONFIG, "theme " + name + ", line " + (line + 1) + ": " + what + ".");
    }
}
