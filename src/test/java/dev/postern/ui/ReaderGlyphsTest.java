package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Whether a reader draws postern's own glyphs follows the charset of its screen's terminal, each reader its own (an
 * owner serves readers on a UTF-8 and a Latin-1 terminal at once), and where it does not a notice of work under way
 * ends in "..." instead of a '>' or a '?' (hunt 39-I, I9).
 */
class ReaderGlyphsTest {
    private static UiLoop loop(Charset charset) throws Exception {
        TerminalScreen screen = new TerminalScreen(new RelayTerminal(new ByteArrayOutputStream(), charset, 80, 24));
        screen.startScreen();
        return new UiLoop(screen, ReaderTerminal.OWN);
    }

    @Test
    void eachReaderAsksItsOwnTerminal() throws Exception {
        UiLoop utf8 = loop(StandardCharsets.UTF_8);
        UiLoop latin1 = loop(StandardCharsets.ISO_8859_1);
        UiLoop ascii = loop(StandardCharsets.US_ASCII);
        assertTrue(utf8.showsGlyphs());
        assertFalse(latin1.showsGlyphs());
        assertFalse(ascii.showsGlyphs());
        assertFalse(loop(Charset.forName("windows-1252")).showsGlyphs(), "it has '…' but no rule: ASCII for all");
        assertTrue(utf8.showsGlyphs(), "the first reader's answer stays its own");
    }

    @Test
    void aNoticeUnderWayEndsInThreeDotsWhereTheTerminalLacksTheGlyph() throws Exception {
        StatusLine plain = new StatusLine();
        plain.plainGlyphs(true);
        plain.notice("Sending\u2026");
        assertTrue(plain.showing("Sending\u2026"));
        StatusLine shown = new StatusLine();
        shown.notice("Sending\u2026");
        assertTrue(shown.showing("Sending\u2026"));
        assertEquals("Sending...", TerminalText.underWay("Sending\u2026", true));
        assertEquals("(loading\u2026)", TerminalText.underWay("(loading\u2026)", false));
        TerminalScreen screen = new TerminalScreen(new RelayTerminal(new ByteArrayOutputStream(), StandardCharsets.US_ASCII, 40, 2));
        screen.startScreen();
        plain.drawMessage(screen.newTextGraphics(), Palette.monochrome(), 0, 40);
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < 40; c++) row.append(screen.getBackCharacter(c, 0).getCharacterString());
        assertEquals("Sending...", row.toString().strip());
        screen.stopScreen();
    }
}
