package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaletteTest {
    private static final List<String> ROLES = List.of(Palette.NORMAL, Palette.INDEX_UNREAD, Palette.INDEX_SELECTED,
            Palette.STATUS, Palette.STATUS_ERROR, Palette.SIDEBAR, Palette.SIDEBAR_SELECTED, Palette.SIDEBAR_CURSOR,
            Palette.PAGER_HEADER, Palette.PAGER_QUOTE);

    @Test
    void noColorMeansOnlyDefaultColoursWithReverseForSelection() {
        Palette p = Palette.fromEnvironment(Map.of("NO_COLOR", "1"));
        assertTrue(p.isMonochrome());
        for (String role : ROLES) {
            assertEquals(TextColor.ANSI.DEFAULT, p.style(role).fg(), role);
            assertEquals(TextColor.ANSI.DEFAULT, p.style(role).bg(), role);
        }
        assertTrue(p.style(Palette.INDEX_SELECTED).modifiers().contains(SGR.REVERSE));
        assertTrue(p.style(Palette.STATUS).modifiers().contains(SGR.REVERSE));
    }

    /** hunt37-G G8: a TERM naming a colourless terminal got the colour theme, whose cursor row is colour alone. */
    @Test
    void aColourlessTermGetsTheMonochromeTheme() {
        for (String term : new String[] {"xterm-mono", "linux-m", "vt100", "vt220", "dumb", "VT102"}) {
            Palette p = Palette.fromEnvironment(Map.of("TERM", term));
            assertTrue(p.isMonochrome(), term);
            assertTrue(p.style(Palette.INDEX_SELECTED).modifiers().contains(SGR.REVERSE), term);
            assertTrue(Palette.load(null, null, Map.of("TERM", term), null, "config").isMonochrome(), term);
            assertFalse(Palette.load("default", null, Map.of("TERM", term), null, "config").isMonochrome(), "a theme chosen stands: " + term);
        }
        for (String term : new String[] {"xterm-256color", "screen-256color", "tmux-256color", "linux", "xterm", "vt100ish"}) {
            assertFalse(Palette.fromEnvironment(Map.of("TERM", term)).isMonochrome(), term);
        }
    }

    @Test
    void emptyNoColorKeepsColours() {
        // no-color.org: only a non-empty value disables colour.
        assertFalse(Palette.fromEnvironment(Map.of("NO_COLOR", "")).isMonochrome());
        Palette p = Palette.fromEnvironment(Map.of());
        assertNotEquals(p.style(Palette.NORMAL).fg(), p.style(Palette.STATUS_ERROR).fg());
    }

    @Test
    void unknownRoleFallsBackToNormal() {
        Palette p = Palette.defaults();
        assertEquals(p.style(Palette.NORMAL), p.style("no.such.role"));
    }
}
