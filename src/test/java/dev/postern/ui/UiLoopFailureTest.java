package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bug while handling one key or one posted result is reported and the loop goes on. */
class UiLoopFailureTest {
    @Test
    void aFailingKeyOrPostedTaskDoesNotEndTheLoop() throws Exception {
        DefaultVirtualTerminal term = new DefaultVirtualTerminal(new TerminalSize(40, 5));
        Screen screen = new TerminalScreen(term);
        screen.startScreen();
        UiLoop loop = new UiLoop(screen);
        List<String> seen = new ArrayList<>();
        UiLoop.Ui ui = new UiLoop.Ui() {
            boolean running = true;

            @Override public void onKey(KeyStroke key) {
                seen.add("key " + key.getCharacter());
                if (key.getCharacter() == 'x') throw new IllegalStateException("bug");
                if (key.getCharacter() == 'p') loop.post(() -> { throw new IllegalStateException("posted bug"); });
                if (key.getCharacter() == 'q') running = false;
            }
            @Override public void draw(Screen s) {}
            @Override public void onResize(TerminalSize size) {}
            @Override public boolean running() { return running; }
            @Override public void onFailure(RuntimeException e) { seen.add("failure " + e.getMessage()); }
        };
        for (char ch : "xpq".toCharArray()) term.addInput(new KeyStroke(ch, false, false));
        loop.run(ui);
        assertEquals(List.of("key x", "failure bug", "key p", "key q", "failure posted bug"), seen);
        screen.stopScreen();
    }
}
