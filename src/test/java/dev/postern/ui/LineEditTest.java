package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every prompt edits its answer as mutt and readline do: the cursor moves, a character goes in where it is, keys delete
 * around it; a line longer than the row scrolls so the cursor stays in sight (hunt 32-V, D1: Left, Home, Ctrl-A were
 * dropped and a typo in the middle of a long ':move --to ...' could only be fixed by Backspacing over everything).
 */
class LineEditTest {
    private static KeyStroke key(KeyType t) { return new KeyStroke(t); }
    private static KeyStroke ctrl(char c) { return new KeyStroke(c, true, false); }
    private static KeyStroke alt(char c) { return new KeyStroke(c, false, true); }

    private static void type(Prompt p, String s) {
        for (char c : s.toCharArray()) p.key(new KeyStroke(c, false, false));
    }

    /** The answer with a '|' where the cursor is. */
    private static String at(Prompt p) {
        return p.text().substring(0, p.cursor()) + "|" + p.text().substring(p.cursor());
    }

    private static Prompt open() {
        Prompt p = new Prompt();
        p.start(":", s -> { });
        return p;
    }

    @Test
    void theCursorMovesAndTypingGoesInWhereItIs() {
        Prompt p = open();
        type(p, "change-folder Wrk");
        p.key(key(KeyType.ArrowLeft));
        p.key(key(KeyType.ArrowLeft));
        type(p, "o");
        assertEquals("change-folder Wo|rk", at(p));
        p.key(key(KeyType.Home));
        assertEquals("|change-folder Work", at(p));
        p.key(key(KeyType.End));
        assertEquals("change-folder Work|", at(p));
        p.key(ctrl('a'));
        assertEquals("|change-folder Work", at(p));
        p.key(ctrl('f'));
        p.key(key(KeyType.ArrowRight));
        assertEquals("ch|ange-folder Work", at(p));
        p.key(ctrl('b'));
        assertEquals("c|hange-folder Work", at(p));
        p.key(ctrl('e'));
        assertEquals("change-folder Work|", at(p));
        p.key(key(KeyType.ArrowRight)); // at the end: stays
        p.key(alt('b'));
        assertEquals("change-folder |Work", at(p));
        p.key(alt('b'));
        assertEquals("|change-folder Work", at(p));
        p.key(alt('f'));
        assertEquals("change-folder| Work", at(p));
        p.key(new KeyStroke(KeyType.ArrowRight, true, false)); // Ctrl-Right: a word on
        assertEquals("change-folder Work|", at(p));
        p.key(new KeyStroke(KeyType.ArrowLeft, true, false));
        assertEquals("change-folder |Work", at(p));
    }

    @Test
    void keysDeleteAroundTheCursor() {
        Prompt p = open();
        type(p, "move --to Archive now");
        p.key(alt('b'));
        p.key(key(KeyType.ArrowLeft));
        assertEquals("move --to Archive| now", at(p));
        p.key(ctrl('w'));
        assertEquals("move --to | now", at(p));
        p.key(key(KeyType.Backspace));
        assertEquals("move --to| now", at(p));
        p.key(key(KeyType.Delete));
        assertEquals("move --to|now", at(p));
        p.key(ctrl('d'));
        assertEquals("move --to|ow", at(p));
        p.key(alt('d'));
        assertEquals("move --to|", at(p));
        p.key(alt('b'));
        p.key(ctrl('k'));
        assertEquals("move |", at(p));
        type(p, "x y");
        p.key(ctrl('b'));
        p.key(ctrl('u'));
        assertEquals("|y", at(p));
        p.key(key(KeyType.Backspace)); // at the start of an answer: nothing to take
        assertTrue(p.active());
        assertEquals("|y", at(p));
        p.key(new KeyStroke(KeyType.Backspace, false, true)); // Alt-Backspace: the word before
        p.key(key(KeyType.End));
        p.key(new KeyStroke(KeyType.Backspace, false, true));
        assertEquals("|", at(p));
        p.key(key(KeyType.Backspace)); // an empty answer: the question is taken back
        assertTrue(!p.active());
    }

    @Test
    void aCharacterAndItsMarksAndASurrogatePairMoveAsOne() {
        Prompt p = open();
        type(p, "e\u0301\ud83d\ude00x");
        p.key(ctrl('b'));
        p.key(ctrl('b'));
        assertEquals("e\u0301|\ud83d\ude00x", at(p));
        p.key(ctrl('b'));
        assertEquals("|e\u0301\ud83d\ude00x", at(p));
        p.key(key(KeyType.Delete));
        assertEquals("|\ud83d\ude00x", at(p));
        p.key(ctrl('f'));
        p.key(key(KeyType.Backspace));
        assertEquals("|x", at(p));
    }

    @Test
    void historyAndCompletionPutTheCursorAfterWhatTheyPutIn() {
        History history = new History(null, Runnable::run);
        history.add("sync");
        Prompt p = new Prompt();
        p.start(":", s -> { }, history, (words, partial) ->
                List.of("Archive", "Archived").stream().filter(f -> f.startsWith(partial)).toList());
        type(p, "move --to Ar now");
        p.key(alt('b'));
        p.key(key(KeyType.ArrowLeft));
        p.key(key(KeyType.Tab)); // the word before the cursor; what follows stays
        assertEquals("move --to Archive| now", at(p));
        p.key(key(KeyType.Tab));
        assertEquals("move --to Archive| now", at(p));
        p.key(key(KeyType.Tab));
        assertEquals("move --to Archived| now", at(p));
        p.key(key(KeyType.Home));
        p.key(key(KeyType.ArrowUp));
        assertEquals("sync|", at(p));
        p.key(key(KeyType.ArrowDown));
        assertEquals("move --to Archived now|", at(p));
    }

    @Test
    void theComposeFieldsEditAlike() {
        ComposeInput in = new ComposeInput();
        String[] got = new String[1];
        in.start("Subject: ", "Helo world", null, s -> got[0] = s);
        in.key(key(KeyType.Home));
        for (int i = 0; i < 3; i++) in.key(ctrl('f'));
        in.key(new KeyStroke('l', false, false));
        in.key(key(KeyType.Enter));
        assertEquals("Hello world", got[0]);
    }

    @Test
    void aLongLineScrollsSoTheCursorStaysInSight() {
        String text = "0123456789".repeat(10); // 100 columns in a row of 20
        // The cursor near the start: the row starts at the label, the cursor where it is.
        LineEdit.Row r = LineEdit.row(":", text, 5, 20);
        assertEquals(":0123456789012345678901234", r.shown().substring(0, 26));
        assertEquals(6, r.cursorColumn());
        // In the middle: held a quarter of the row from the right edge, the text after it in view.
        r = LineEdit.row(":", text, 50, 20);
        assertEquals(14, r.cursorColumn());
        assertEquals(text.substring(36, 50), r.shown().substring(0, 14));
        assertTrue(r.shown().substring(14).startsWith(text.substring(50, 56)), r.shown());
        // At the end: the end of the answer, the cursor in the last column.
        r = LineEdit.row(":", text, 100, 20);
        assertEquals(text.substring(81), r.shown());
        assertEquals(19, r.cursorColumn());
    }

    @Test
    void wideCharactersTakeTwoColumnsOnTheRow() {
        String text = "\u6f22\u5b57".repeat(20) + "\ud83d\ude00"; // 80 columns and an emoji of 2
        LineEdit.Row r = LineEdit.row(":", text, 4, 20);
        assertEquals(1 + 8, r.cursorColumn()); // four CJK characters before it
        r = LineEdit.row(":", text, text.length(), 20);
        assertEquals(18, r.cursorColumn()); // a wide character more would need 20
        assertEquals(r.cursorColumn(), Cells.width(r.shown()));
        assertTrue(r.shown().endsWith("\ud83d\ude00"));
        r = LineEdit.row(":", text, 30, 20); // the middle: held a quarter of the row (5 columns) from the edge
        assertEquals(14, r.cursorColumn());
        assertTrue(r.shown().startsWith(text.substring(23, 30) + text.substring(30, 33)), r.shown());
    }

    @Test
    @Timeout(20)
    void aPastedLineOfAMillionCharsDrawsAtOnceWhereverTheCursorIs() {
        LineEdit e = new LineEdit();
        e.set("x".repeat(1_000_000) + "the end");
        for (int i = 0; i < 200; i++) e.key(ctrl('b'));
        for (int i = 0; i < 1000; i++) {
            LineEdit.Row r = LineEdit.row("Search: ", e.chars(), e.cursor(), 80);
            assertTrue(r.cursorColumn() < 80);
        }
        e.key(ctrl('a'));
        for (int i = 0; i < 1000; i++) assertEquals(8, LineEdit.row("Search: ", e.chars(), e.cursor(), 80).cursorColumn());
    }
}
