package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.postern.model.Envelope;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TerminalRestoreTest {

    /** Records whether the screen is still in the alternate buffer. */
    static final class RecordingTerminal extends DefaultVirtualTerminal {
        final AtomicBoolean privateMode = new AtomicBoolean();

        RecordingTerminal() { super(new TerminalSize(80, 24)); }

        @Override
        public synchronized void enterPrivateMode() {
            super.enterPrivateMode();
            privateMode.set(true);
        }

        @Override
        public synchronized void exitPrivateMode() {
            super.exitPrivateMode();
            privateMode.set(false);
        }
    }

    @Test
    void crashRestoresTerminalBeforeTheExceptionEscapes() {
        InMemoryMailController c = new InMemoryMailController() {
            @Override
            public java.util.concurrent.CompletableFuture<Integer> refreshFolder(String account, String folder) {
                throw new IllegalStateException("controller broken"); // a bug on the UI thread, outside any key
            }
        }.addFolder("work", "INBOX", 100);
        RecordingTerminal t = new RecordingTerminal();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tui.run(c, "work", "INBOX", t, Palette.defaults(), KeyMap.defaults(), Clock.systemUTC()));
        assertEquals("controller broken", e.getMessage());
        assertTrue(!t.privateMode.get(), "terminal left in the alternate screen");
        assertTrue(c.listeners.isEmpty(), "event listener left subscribed");
    }

    /** A store read that fails is read off the UI thread: one sentence on the message line, and the reader goes on. */
    @Test
    void aFailingStoreReadIsASentenceNotACrash() throws Exception {
        InMemoryMailController c = new InMemoryMailController() {
            @Override
            public List<Envelope> page(String account, String folder, int offset, int limit) {
                if (offset > 0) throw new IllegalStateException("store corrupted");
                return super.page(account, folder, offset, limit);
            }
        }.addFolder("work", "INBOX", 100);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #100");
            h.type("G"); // jumping to the end reads offset > 0
            h.awaitText("Reading the store failed: store corrupted");
            // A key acting on the cursor's row (never read) is not held for rows that will not come.
            h.type("|");
            h.awaitText("There is no message to pipe.");
            h.type("="); // back to the first: the reader went on
            h.awaitRow(22, "[1/100]");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(c.listeners.isEmpty(), "event listener left subscribed");
    }

    @Test
    void quitRestoresTerminalAndUnsubscribes() {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 10);
        RecordingTerminal t = new RecordingTerminal();
        t.addInput(new KeyStroke('q', false, false));
        Tui.run(c, "work", "INBOX", t, Palette.defaults(), KeyMap.defaults(), Clock.systemUTC());
        assertTrue(!t.privateMode.get());
        assertTrue(c.listeners.isEmpty());
    }
}
