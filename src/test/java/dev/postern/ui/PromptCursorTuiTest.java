package dev.postern.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import org.junit.jupiter.api.Test;

/**
 * On the screen: a prompt's answer is edited where the cursor is, the terminal's cursor is drawn there, and what is
 * submitted is the edited line (hunt 32-V, D1: ':change-folder Work', Left Left X gave 'WorkX', the cursor at the end).
 */
class PromptCursorTuiTest {
    private static void awaitCursor(TuiHarness h, int col, int row) {
        h.awaitScreen("the cursor at column " + col + " of row " + row, s -> {
            var at = h.terminal.getCursorBufferPosition();
            return at.getColumn() == col && at.getRow() == row;
        });
    }

    @Test
    void theAnswerIsEditedWhereTheCursorIsAndTheCursorIsDrawnThere() throws Exception {
        InMemoryMailController c = new InMemoryMailController();
        c.addFolder("work", "INBOX", 3).addFolder("work", "Archive", 2);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #3");
            h.type("c");
            h.awaitText("Open folder:");
            h.type("Archve");
            h.awaitText("Open folder: Archve");
            awaitCursor(h, "Open folder: Archve".length(), 23);
            h.press(KeyType.ArrowLeft);
            h.press(KeyType.ArrowLeft);
            awaitCursor(h, "Open folder: Arch".length(), 23);
            h.type("i");
            h.awaitText("Open folder: Archive");
            awaitCursor(h, "Open folder: Archi".length(), 23);
            h.terminal.addInput(new KeyStroke('a', true, false)); // Ctrl-A
            awaitCursor(h, "Open folder: ".length(), 23);
            h.press(KeyType.End);
            awaitCursor(h, "Open folder: Archive".length(), 23);
            h.press(KeyType.Home);
            h.press(KeyType.Enter);
            h.awaitText("work: Archive");
        }
    }
}
