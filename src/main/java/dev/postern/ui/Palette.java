package dev.postern.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Named colour roles, so views never hard-code colours; the tables come from the plain theme files in
 * {@code themes/}.
 * With {@code NO_COLOR} set (https://no-color.org) every role uses only bold/reverse.
 */
public final class Palette {
    public static final String NORMAL = "normal";
    public static final String INDEX_UNREAD = "index.unread";
    public static final String INDEX_SELECTED = "index.selected";
    public static final String STATUS = "status";
    public static final String STATUS_ERROR = "status.error";
    public static final String SIDEBAR = "sidebar";
    public static final String SIDEBAR_SELECTED = "sidebar.selected";
    public static final String SIDEBAR_CURSOR = "sidebar.cursor";
    public static final String PAGER_HEADER = "pager.header";
    public static final String PAGER_QUOTE = "pager.quote";
    /**
     * postern's own lines in a message (signature and encryption status, "[postern] ..." notes): message text is
     * never drawn in it, so a sender cannot make a line look like one of them.
     */
    public static final String PAGER_POSTERN = "pager.postern";
    /** A match of the pager's '/' search. */
    public static final String PAGER_MATCH = "pager.match";

    public record Style(TextColor fg, TextColor bg, EnumSet<SGR> modifiers) {
        public Style {
            modifiers = modifiers.isEmpty() ? EnumSet.noneOf(SGR.class) : EnumSet.copyOf(modifiers);
        }
    }

    private static final TextColor DEF = TextColor.ANSI.DEFAULT;
    private final Map<String, Style> roles;
    private final boolean monochrome;

    private Palette(Map<String, Style> roles, boolean monochrome) {
        this.roles = Map.copyOf(roles);
        this.monochrome = monochrome;
    }

    /** How many colours the terminal shows; themes are mapped down to it. */
    public enum Depth {
        ANSI16, INDEXED256, TRUECOLOR;

        /**
         * {@code configured} ("16", "256", "truecolor") wins; else COLORTERM=truecolor|24bit means true colour,
         * a TERM with "256color" (or "direct") 256 colours, anything else the 16 every colour terminal has.
         */
        public static Depth detect(Map<String, String> env, String configured) {
            if (configured != null) {
                return switch (configured) {
                    case "16" -> ANSI16;
                    case "256" -> INDEXED256;
                    default -> TRUECOLOR;
                };
            }
            String colorterm = env.getOrDefault("COLORTERM", "").toLowerCase(java.util.Locale.ROOT);
            String term = env.getOrDefault("TERM", "").toLowerCase(java.util.Locale.ROOT);
            if (colorterm.equals("truecolor") || colorterm.equals("24bit") || term.endsWith("-direct")) return TRUECOLOR;
            if (term.contains("256color")) return INDEXED256;
            return ANSI16;
        }
    }

    public static Palette fromEnvironment(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return noColor != null && !noColor.isEmpty() || colourless(env.get("TERM")) ? monochrome() : defaults();
    }

    /**
     * Whether {@code term} names a terminal without colour (terminfo's monochrome entries: {@code xterm-mono},
     * {@code linux-m}, the VT100 family, {@code dumb}): the default theme's cursor row was colour alone there, black on
     * cyan with no reverse, invisible (hunt37-G G8). The monochrome theme marks it with reverse.
     */
    static boolean colourless(String term) {
        if (term == null || term.isEmpty()) return false;
        String t = term.toLowerCase(java.util.Locale.ROOT);
        return t.endsWith("-mono") || t.endsWith("-m") || t.equals("dumb") || t.matches("vt(52|100|102|220|320|420)(-.*)?");
    }

    /** The built-in theme, {@code themes/default.theme} (shipped in the jar). */
    public static Palette defaults() {
        return new Palette(builtIn("default"), false);
    }

    /** {@code themes/monochrome.theme}: attributes only, for NO_COLOR and colourless terminals. */
    public static Palette monochrome() {
        return new Palette(builtIn("monochrome"), true);
    }

    /** A built-in theme by name (default, light, high-contrast, monochrome). */
    public static Palette builtInTheme(String name) {
        return new Palette(builtIn(name), name.equals("monochrome"));
    }

    /**
     * A theme from its text; errors name the theme and the line. A theme defines every role or says
     * {@code inherit = NAME} to take the others from a built-in theme.
     */
    public static Palette fromTheme(String name, String text) {
        return new Palette(ThemeParser.complete(name, text, Palette::builtInText), false);
    }

    /**
     * The palette the reader draws with: monochrome when NO_COLOR is set; else {@code theme} (null: default),
     * a built-in name, a name of {@code $XDG_CONFIG_HOME/postern/themes/NAME.theme}, or a path; mapped down
     * to the terminal's colours. {@code where} starts error sentences ("config /path/config.toml").
     */
    public static Palette load(String theme, String colors, Map<String, String> env, java.nio.file.Path userThemes,
                               String where) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) return monochrome();
        Palette p;
        if (theme == null) {
            p = colourless(env.get("TERM")) ? monochrome() : defaults(); // a theme the user chose stands
        } else if (!dev.postern.config.UiConfig.isPath(theme) && ThemeParser.BUILT_IN.contains(theme)) {
            p = builtInTheme(theme);
        } else {
            java.nio.file.Path file = dev.postern.config.UiConfig.isPath(theme) ? java.nio.file.Path.of(theme)
                    : userThemes == null ? null : userThemes.resolve(theme + ".theme");
            if (file == null || !java.nio.file.Files.isRegularFile(file)) {
                throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.CONFIG, where + ": theme '"
                        + dev.postern.render.Sanitizer.oneLine(theme) + "' is neither a built-in theme ("
                        + String.join(", ", ThemeParser.BUILT_IN) + ") nor a theme file"
                        + (file == null ? "" : " (looked for " + file + ")") + ".");
            }
            String text;
            try {
                text = java.nio.file.Files.readString(file);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.CONFIG, where + ": theme file "
                        + file + " cannot be read (" + dev.postern.model.ReadFailure.why(e) + ").");
            }
            p = fromTheme(file.toString(), text);
        }
        return p.forDepth(Depth.detect(env, colors));
    }

    /** This palette with every colour the terminal cannot show replaced by the nearest one it can. */
    public Palette forDepth(Depth depth) {
        if (depth == Depth.TRUECOLOR) return this;
        Map<String, Style> mapped = new HashMap<>();
        roles.forEach((role, s) -> mapped.put(role, new Style(down(s.fg(), depth), down(s.bg(), depth), s.modifiers())));
        return new Palette(mapped, monochrome);
    }

    static TextColor down(TextColor c, Depth depth) {
        if (c instanceof TextColor.ANSI) return c;
        if (depth == Depth.INDEXED256) {
            return c instanceof TextColor.RGB ? TextColor.Indexed.fromRGB(c.getRed(), c.getGreen(), c.getBlue()) : c;
        }
        if (c instanceof TextColor.Indexed) {
            for (int n = 0; n < 16; n++) if (c.equals(new TextColor.Indexed(n))) return ANSI_BY_INDEX[n];
        }
        TextColor.ANSI best = TextColor.ANSI.WHITE;
        long bestD = Long.MAX_VALUE;
        for (TextColor.ANSI a : ANSI_BY_INDEX) {
            long dr = a.getRed() - c.getRed();
            long dg = a.getGreen() - c.getGreen();
            long db = a.getBlue() - c.getBlue();
            long d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        return best;
    }

    private static final TextColor.ANSI[] ANSI_BY_INDEX = {TextColor.ANSI.BLACK, TextColor.ANSI.RED, TextColor.ANSI.GREEN,
            TextColor.ANSI.YELLOW, TextColor.ANSI.BLUE, TextColor.ANSI.MAGENTA, TextColor.ANSI.CYAN, TextColor.ANSI.WHITE,
            TextColor.ANSI.BLACK_BRIGHT, TextColor.ANSI.RED_BRIGHT, TextColor.ANSI.GREEN_BRIGHT, TextColor.ANSI.YELLOW_BRIGHT,
            TextColor.ANSI.BLUE_BRIGHT, TextColor.ANSI.MAGENTA_BRIGHT, TextColor.ANSI.CYAN_BRIGHT, TextColor.ANSI.WHITE_BRIGHT};

    private static String builtInText(String name) {
        try (java.io.InputStream in = Palette.class.getResourceAsStream("/themes/" + name + ".theme")) {
            if (in == null) throw new IllegalStateException("built-in theme " + name + " missing from the jar");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Style> builtIn(String name) {
        Map<String, Style> roles = ThemeParser.complete(name, builtInText(name), Palette::builtInText);
        roles.putIfAbsent(NORMAL, style(DEF, DEF));
        return roles;
    }

    private static Style style(TextColor fg, TextColor bg, SGR... sgr) {
        EnumSet<SGR> set = EnumSet.noneOf(SGR.class);
        for (SGR s : sgr) set.add(s);
        return new Style(fg, bg, set);
    }

    public boolean isMonochrome() { return monochrome; }

    /** Unknown roles fall back to {@link #NORMAL} so a theme with gaps still draws. */
    public Style style(String role) {
        Style s = roles.get(role);
        return s != null ? s : roles.get(NORMAL);
    }

    public TextGraphics apply(TextGraphics g, String role) {
        Style s = style(role);
        g.setForegroundColor(s.fg());
        g.setBackgroundColor(s.bg());
        g.setModifiers(s.modifiers());
        return g;
    }
}
