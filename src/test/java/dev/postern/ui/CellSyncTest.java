package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.jline.utils.WCWidth;
import org.junit.jupiter.api.Test;

/**
 * The bytes the reader's screen sends, replayed on a model terminal that advances by each character's wcwidth (as
 * xterm, tmux and the Linux console do): every visible character of the screen must land in the column the screen
 * gave it, whatever zero-width, narrow-astral or wide characters came before it on the row. Before CellSync a
 * combining mark or a joiner moved the rest of its row one column left, and a mathematical letter one column right.
 */
class CellSyncTest {
    private static final int COLS = 40;
    private static final int ROWS = 6;
    /** The characters terminals and Lanterna count differently, among plain ones. */
    private static final String[] POOL = {"a", "Z", " ", "é", "\u0301", "\u0308", "\u200D", "\u200C", "\uFEFF",
            "\uD835\uDC00", "\uD83D\uDC68", "\uD83D\uDE00", "漢", "한", "\u3008", "\u0E35", "\u064E", "\u094D", "к", "\uFF71",
            "\u3105", "\uA000", "\u2329", "\u303F"}; // Bopomofo, Yi, an angle bracket: wide; a half-fill space: narrow

    @Test
    void everyVisibleCellLandsInItsColumnOnAWcwidthTerminal() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            RelayTerminal terminal = new RelayTerminal(bytes, StandardCharsets.UTF_8, COLS, ROWS);
            TerminalScreen screen = new TerminalScreen(terminal);
            screen.startScreen();
            TextGraphics g = screen.newTextGraphics();
            for (int frame = 0; frame < 2; frame++) { // a full refresh, then a delta over it
                for (int r = 0; r < ROWS; r++) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < 30; i++) line.append(POOL[random.nextInt(POOL.length)]);
                    Cells.put(g, 0, r, line.toString(), COLS);
                }
                screen.refresh(frame == 0 ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
            }
            terminal.flush();
            String[][] shown = replay(bytes.toString(StandardCharsets.UTF_8));
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    TextCharacter cell = screen.getBackCharacter(c, r);
                    String s = visible(cell.getCharacterString());
                    if (s.isEmpty() || WCWidth.wcwidth(s.codePointAt(0)) <= 0 || s.equals(" ")) continue;
                    String base = new String(Character.toChars(s.codePointAt(0)));
                    String drawn = shown[r][c] == null || shown[r][c].isEmpty() ? "" : new String(Character.toChars(shown[r][c].codePointAt(0)));
                    assertEquals(base, drawn, "round " + round + " row " + r + " column " + c
                            + ": the terminal drew the screen's character elsewhere");
                    if (WCWidth.wcwidth(base.codePointAt(0)) == 2 && c + 1 < COLS) {
                        assertEquals("", shown[r][c + 1], "round " + round + " row " + r + " column " + c
                                + ": the right half of a wide character was drawn over");
                    }
                }
            }
            screen.stopScreen();
        }
    }

    /**
     * Flags are one cell of two columns each on the screen and are sent as they are, with nothing after them: the
     * terminal draws each flag in two columns, and the text after them lands where the screen has it (hunt 37-G9).
     */
    @Test
    void flagsTakeTwoColumnsOnTheScreenAndOnTheTerminal() throws Exception {
        String flags = "\uD83C\uDDEF\uD83C\uDDF5\uD83C\uDDE9\uD83C\uDDEA";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RelayTerminal terminal = new RelayTerminal(bytes, StandardCharsets.UTF_8, COLS, ROWS);
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Cells.put(screen.newTextGraphics(), 0, 0, "a" + flags + "|", COLS);
        screen.refresh(Screen.RefreshType.COMPLETE);
        terminal.flush();
        assertEquals("|", screen.getBackCharacter(5, 0).getCharacterString(), "two flags take columns 1-4");
        String sent = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(sent.contains("a" + flags + "|"), "sent whole, nothing after the flags: " + sent);
        screen.stopScreen();
    }

    /**
     * A terminal whose charset cannot show a cell (LANG=C: US-ASCII; a Latin-1 locale) gets one '?' a column the
     * screen counts, or the cell's character alone: each row keeps its columns and '|' lands where the screen has it.
     * The charset's own '?' a char sent a mark or a joiner as a column of its own (hunt 37-G5).
     */
    @Test
    void aCharsetThatCannotShowACellGetsOneReplacementAColumn() throws Exception {
        String[] words = {"\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35|", // Thai
            "Z\u0351\u0352a\u0353\u0354l\u0355g\u0356o|", // Zalgo
            "\uD83D\uDC68\u200D\uD83D\uDCBB x|", // a joined emoji
            "\u7530\u4e2d|", "\u00E9\u0301t\u00E9|", "\uD83D\uDC4D\uD83C\uDFFD|"};
        String[][] ascii = {{"????|"}, {"Zalgo|"}, {"???? x|"}, {"????|"}, {"?t?|"}, {"??|"}};
        for (java.nio.charset.Charset charset : new java.nio.charset.Charset[] {StandardCharsets.US_ASCII,
                StandardCharsets.ISO_8859_1}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            RelayTerminal terminal = new RelayTerminal(bytes, charset, COLS, ROWS);
            TerminalScreen screen = new TerminalScreen(terminal);
            screen.startScreen();
            for (int r = 0; r < words.length; r++) Cells.put(screen.newTextGraphics(), 0, r, words[r], COLS);
            screen.refresh(Screen.RefreshType.COMPLETE);
            terminal.flush();
            String[][] shown = replay(bytes.toString(charset));
            for (int r = 0; r < words.length; r++) {
                int bar = Cells.width(words[r]) - 1;
                assertEquals("|", screen.getBackCharacter(bar, r).getCharacterString(), charset + " row " + r);
                assertEquals("|", shown[r][bar], charset + " row " + r + ": the terminal drew it elsewhere");
                StringBuilder row = new StringBuilder();
                for (String cell : shown[r]) row.append(cell == null ? " " : cell);
                String expected = charset == StandardCharsets.US_ASCII ? ascii[r][0]
                        : ascii[r][0].replace("?t?", "\u00E9t\u00E9");
                assertEquals(expected, row.toString().stripTrailing(), charset + " row " + r);
            }
            screen.stopScreen();
        }
    }

    /**
     * postern's own glyphs (the sidebar's rule, the cut mark, the review screen's rule, the tree's corners) are ASCII on a
     * terminal whose charset lacks them and themselves on one that has them, each terminal by its own charset: an owner
     * serves readers on a UTF-8 and a Latin-1 terminal at once (hunt 39-I, I9: a column of '?' and cut subjects ending in '?').
     */
    @Test
    void postersOwnGlyphsAreAsciiWhereTheTerminalsCharsetLacksThem() throws Exception {
        String row = "INBOX \u2502 Subject cut\u2026 \u2500\u2500 \u251c\u2500> \u2514\u2500> \u250c*> \u5c71|";
        java.nio.charset.Charset[] charsets = {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII};
        String[] expected = {row, "INBOX | Subject cut> -- |-> `-> ,*> ??|", "INBOX | Subject cut> -- |-> `-> ,*> ??|"};
        ByteArrayOutputStream[] bytes = new ByteArrayOutputStream[charsets.length];
        TerminalScreen[] screens = new TerminalScreen[charsets.length];
        RelayTerminal[] terminals = new RelayTerminal[charsets.length];
        for (int i = 0; i < charsets.length; i++) { // all open at once, as one owner's served readers
            bytes[i] = new ByteArrayOutputStream();
            terminals[i] = new RelayTerminal(bytes[i], charsets[i], COLS, ROWS);
            screens[i] = new TerminalScreen(terminals[i]);
            screens[i].startScreen();
        }
        for (int i = 0; i < charsets.length; i++) {
            Cells.put(screens[i].newTextGraphics(), 0, 0, row, COLS);
            screens[i].refresh(Screen.RefreshType.COMPLETE);
            terminals[i].flush();
        }
        for (int i = 0; i < charsets.length; i++) {
            String[] shown = replay(bytes[i].toString(charsets[i]))[0];
            StringBuilder drawn = new StringBuilder();
            for (String cell : shown) drawn.append(cell == null ? " " : cell);
            assertEquals(expected[i], drawn.toString().stripTrailing(), charsets[i].name());
            screens[i].stopScreen();
        }
    }

    /** Letters and the marks on them stay together, with no blank inside a word (hunt 29-J: "สวั สดี", "नमस् ते"). */
    @Test
    void wordsWithMarksAndNarrowAstralLettersAreDrawnWhole() throws Exception {
        String[] words = {"\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35\u0E04\u0E23\u0E31\u0E1A", // Thai
            "\u0645\u064E\u0631\u0652\u062D\u064E\u0628\u064B\u0627", // Arabic with harakat
            "\u0928\u092E\u0938\u094D\u0924\u0947", // Devanagari with a virama
            "\u00E1\u0302\u0303\u0304x", // stacked marks
            "\uD835\uDC01\uD835\uDC22\uD835\uDC20 end", // mathematical bold "Big"
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67|", "end\u200D|"};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RelayTerminal terminal = new RelayTerminal(bytes, StandardCharsets.UTF_8, COLS, ROWS);
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        for (int r = 0; r < words.length && r < ROWS; r++) Cells.put(screen.newTextGraphics(), 0, r, words[r], COLS);
        screen.refresh(Screen.RefreshType.COMPLETE);
        terminal.flush();
        String[][] shown = replay(bytes.toString(StandardCharsets.UTF_8));
        for (int r = 0; r < words.length && r < ROWS; r++) {
            StringBuilder row = new StringBuilder();
            for (String cell : shown[r]) row.append(cell == null ? " " : cell); // a blank cell is skipped, not written
            assertEquals(visible(words[r]), row.toString().stripTrailing(), "row " + r);
        }
        screen.stopScreen();
    }

    /**
     * Characters a terminal draws two columns wide though they are outside Lanterna's CJK blocks (Bopomofo, Yi, U+2329)
     * take two columns on the screen too: the next character is not drawn over their right half (last note's Left).
     */
    @Test
    void wideCharactersOutsideLanternasCjkBlocksKeepTheirSecondColumn() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RelayTerminal terminal = new RelayTerminal(bytes, StandardCharsets.UTF_8, COLS, ROWS);
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Cells.put(screen.newTextGraphics(), 0, 0, "\u3105\u3106x\uA000y\u2329z\u303Fw", COLS);
        screen.refresh(Screen.RefreshType.COMPLETE);
        terminal.flush();
        String[] row = replay(bytes.toString(StandardCharsets.UTF_8))[0];
        String[] expected = {"\u3105", "", "\u3106", "", "x", "\uA000", "", "y", "\u2329", "", "z", "\u303F", "w"};
        for (int c = 0; c < expected.length; c++) assertEquals(expected[c], row[c], "column " + c);
        assertEquals(12, Cells.width("\u3105\u3106x\uA000y\u2329z\u303F"));
        screen.stopScreen();
    }

    /**
     * A skin-tone modifier is not sent and takes no column: tmux drew 👍🏽 four columns wide where the screen counted
     * it so, plus two blanks for the modifier JLine counts 0, and the row ran two columns past its end (hunt 30-Q, 2).
     */
    @Test
    void aSkinToneModifierKeepsTheRowsColumns() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RelayTerminal terminal = new RelayTerminal(bytes, StandardCharsets.UTF_8, COLS, ROWS);
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Cells.put(screen.newTextGraphics(), 0, 0, "a\uD83D\uDC4D\uD83C\uDFFDb|", COLS);
        screen.refresh(Screen.RefreshType.COMPLETE);
        terminal.flush();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\uD83C\uDFFD"), "the modifier is not sent");
        String[] row = replay(out)[0];
        String[] expected = {"a", "\uD83D\uDC4D", "", "b", "|"};
        for (int c = 0; c < expected.length; c++) assertEquals(expected[c], row[c], "column " + c);
        assertEquals(5, Cells.width("a\uD83D\uDC4D\uD83C\uDFFDb|"));
        screen.stopScreen();
    }

    /** What a terminal is sent of {@code s}: its invisible format characters (a joiner) are not. */
    private static String visible(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().filter(cp -> Character.getType(cp) != Character.FORMAT).forEach(out::appendCodePoint);
        return out.toString();
    }

    @Test
    void aJoinerIsNeverSentToGlueOntoTheNextCharacter() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RelayTerminal terminal = new RelayTerminal(bytes, StandardCharsets.UTF_8, COLS, ROWS);
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Cells.put(screen.newTextGraphics(), 0, 0, "end\u200D", COLS);
        Cells.put(screen.newTextGraphics(), 0, 1, "\uD83D\uDC68\u200D\uD83D\uDC69", COLS);
        screen.refresh(Screen.RefreshType.COMPLETE);
        terminal.flush();
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\u200D"));
        screen.stopScreen();
    }

    /** A terminal that knows cursor moves (CSI row;col H) and advances by wcwidth; other sequences change nothing here. */
    private static String[][] replay(String out) {
        String[][] grid = new String[ROWS][COLS];
        int row = 0;
        int col = 0;
        int[] last = null;
        for (int i = 0; i < out.length(); ) {
            int cp = out.codePointAt(i);
            if (cp == 0x1B) {
                int j = i + 1;
                if (j < out.length() && out.charAt(j) == '[') {
                    j++;
                    int start = j;
                    while (j < out.length() && (out.charAt(j) < 0x40 || out.charAt(j) > 0x7E)) j++;
                    String params = out.substring(start, j);
                    char fin = out.charAt(j);
                    if (fin == 'H') {
                        String[] p = params.isEmpty() ? new String[0] : params.split(";");
                        row = p.length > 0 && !p[0].isEmpty() ? Integer.parseInt(p[0]) - 1 : 0;
                        col = p.length > 1 ? Integer.parseInt(p[1]) - 1 : 0;
                    } else if (fin == 'J') {
                        grid = new String[ROWS][COLS];
                    }
                    i = j + 1;
                } else {
                    i = j + 1;
                }
                continue;
            }
            i += Character.charCount(cp);
            if (cp < 0x20) continue;
            int w = WCWidth.wcwidth(cp);
            if (w <= 0) { // drawn on the glyph before it
                if (last != null && grid[last[0]][last[1]] != null) grid[last[0]][last[1]] += new String(Character.toChars(cp));
                continue;
            }
            if (row < ROWS && col < COLS) {
                grid[row][col] = new String(Character.toChars(cp));
                last = new int[] {row, col};
            }
            if (w == 2 && row < ROWS && col + 1 < COLS) grid[row][col + 1] = "";
            col += w;
        }
        return grid;
    }
}
