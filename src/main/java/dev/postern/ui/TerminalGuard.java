package dev.postern.ui;

import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;

/**
 * Puts the terminal back exactly once, whoever gets there first: the UI thread's finally, a shutdown hook
 * (SIGTERM) or an uncaught-exception handler. Until this ran, anything printed would land in the
 * alternate screen in raw mode and be lost or garbled.
 */
final class TerminalGuard {
    private final Screen screen;
    private final Terminal ownedTerminal;
    private boolean restored;

    /** {@code ownedTerminal} is closed too (restores cooked mode); null when the caller owns the terminal. */
    TerminalGuard(Screen screen, Terminal ownedTerminal) {
        this.screen = screen;
        this.ownedTerminal = ownedTerminal;
    }

    synchronized void restore() {
        if (restored) return;
        restored = true;
        try {
            screen.stopScreen();
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the terminal may already be gone (closed SSH session); nothing left to restore.
        }
        // The reader's screen is off the terminal (the main screen back, flushed); what follows puts back the line
        // settings with stty, a process start: 100-300 ms on a loaded machine, before the shell's prompt anyway.
        dev.postern.model.StartupTrace.mark("quit: screen gone");
        if (ownedTerminal instanceof ExactUnixTerminal own) own.awaitSizeAnswers(100);
        if (ownedTerminal != null) {
            try {
                ownedTerminal.flush(); // its output is buffered until a flush (Tui.screenOutput)
                ownedTerminal.close();
            } catch (IOException | RuntimeException ignored) {
                // Same as above.
            }
        }
    }
}
