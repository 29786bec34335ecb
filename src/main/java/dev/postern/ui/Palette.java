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

    public static Palette fromEnvironment(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return noColor != null && !noColor.isEmpty() ? monochrome() : defaults();
    }

    /** The built-in theme, {@code themes/default.theme} (shipped in the jar). */
    public static Palette defaults() {
        return new Palette(builtIn("default"), false);
    }

    /** {@code themes/monochrome.theme}: attributes only, for NO_COLOR and colourless terminals. */
    public static Palette monochrome() {
        return new Palette(builtIn("monochrome"), true);
    }

    /** A theme from its text; errors name the theme and the line. */
    public static Palette fromTheme(String name, String text) {
        return new Palette(ThemeParser.parse(name, text), false);
    }

    private static Map<String, Style> builtIn(String name) {
        try (java.io.InputStream in = Palette.class.getResourceAsStream("/themes/" + name + ".theme")) {
            if (in == null) throw new IllegalStateException("built-in theme " + name + " missing from the jar");
            Map<String, Style> roles = ThemeParser.parse(name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            roles.putIfAbsent(NORMAL, style(DEF, DEF));
            return roles;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
