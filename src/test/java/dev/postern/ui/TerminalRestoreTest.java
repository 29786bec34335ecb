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
            public List<Envelope> page(String account, String folder, int offset, int limit) {
                if (offset > 0) throw new IllegalStateException("store corrupted");
                return super.page(account, folder, offset, limit);
            }
        }.addFolder("work", "INBOX", 100);
        RecordingTerminal t = new RecordingTerminal();
        t.addInput(new KeyStroke('G', false, false)); // jumping to the end reads offset > 0: boom
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tui.run(c, "work", "INBOX", t, Palette.defaults(), KeyMap.defaults(), Clock.systemUTC()));
        assertEquals("store corrupted", e.getMessage());
        assertTrue(!t.privateMode.get(), "terminal left in the alternate screen");
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
