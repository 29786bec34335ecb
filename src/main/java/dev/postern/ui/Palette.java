package dev.postern.ui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Named colour roles, so views never hard-code colours and a theme file can later replace this table.
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

    public static Palette defaults() {
        Map<String, Style> m = new HashMap<>();
        m.put(NORMAL, style(DEF, DEF));
        m.put(INDEX_UNREAD, style(TextColor.ANSI.WHITE_BRIGHT, DEF, SGR.BOLD));
        m.put(INDEX_SELECTED, style(TextColor.ANSI.BLACK, TextColor.ANSI.CYAN));
        m.put(STATUS, style(TextColor.ANSI.BLACK, TextColor.ANSI.GREEN));
        m.put(STATUS_ERROR, style(TextColor.ANSI.RED_BRIGHT, DEF, SGR.BOLD));
        m.put(SIDEBAR, style(DEF, DEF));
        m.put(SIDEBAR_SELECTED, style(TextColor.ANSI.YELLOW_BRIGHT, DEF, SGR.BOLD));
        m.put(SIDEBAR_CURSOR, style(TextColor.ANSI.BLACK, TextColor.ANSI.CYAN));
        m.put(PAGER_HEADER, style(TextColor.ANSI.CYAN, DEF, SGR.BOLD));
        m.put(PAGER_QUOTE, style(TextColor.ANSI.GREEN, DEF));
        return new Palette(m, false);
    }

    public static Palette monochrome() {
        Map<String, Style> m = new HashMap<>();
        m.put(NORMAL, style(DEF, DEF));
        m.put(INDEX_UNREAD, style(DEF, DEF, SGR.BOLD));
        m.put(INDEX_SELECTED, style(DEF, DEF, SGR.REVERSE));
        m.put(STATUS, style(DEF, DEF, SGR.REVERSE));
        m.put(STATUS_ERROR, style(DEF, DEF, SGR.BOLD));
        m.put(SIDEBAR, style(DEF, DEF));
        m.put(SIDEBAR_SELECTED, style(DEF, DEF, SGR.BOLD));
        m.put(SIDEBAR_CURSOR, style(DEF, DEF, SGR.REVERSE));
        m.put(PAGER_HEADER, style(DEF, DEF, SGR.BOLD));
        m.put(PAGER_QUOTE, style(DEF, DEF));
        return new Palette(m, true);
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
