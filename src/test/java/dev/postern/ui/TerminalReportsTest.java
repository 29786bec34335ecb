package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hunt 37-G, G6: what a terminal sends unasked (focus reports, colour and device answers, mouse reports, keys in
 * encodings Lanterna has no name for) reaches the reader as nothing, never as the keys of its bytes; the keys that
 * have names (arrows, function keys, a lone Escape, Alt keys, X10 mouse) are read as before.
 */
@Timeout(60)
class TerminalReportsTest {
    /** The keys a reader's loop hands on, in order, until {@code until} keys came. */
    private static List<String> keysOf(String typed, int until) throws Exception {
        RelayTerminal t = new RelayTerminal(new ByteArrayOutputStream(), StandardCharsets.UTF_8, 80, 24);
        TerminalScreen screen = new TerminalScreen(t);
        screen.startScreen();
        t.typed(typed.getBytes(StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>();
        new UiLoop(screen).run(new UiLoop.Ui() {
            @Override public void onKey(KeyStroke key) {
                keys.add(key.getKeyType() + (key.getCharacter() == null ? "" : ":" + key.getCharacter())
                        + (key.isAltDown() ? "+alt" : ""));
            }

            @Override public void onPaste(String text) { keys.add("paste"); }

            @Override public void draw(Screen s) {}

            @Override public void onResize(TerminalSize size) {}

            @Override public boolean running() { return keys.size() < until; }
        });
        return keys;
    }

    @Test
    void reportsATerminalSendsUnaskedAreNoKeys() throws Exception {
        String reports = "\033[O" // focus out (mode 1004 left on by another program)
                + "\033[I" // focus in
                + "\033]11;rgb:0000/0000/0000\033\\" // OSC 11 colour answer, ended by ST
                + "\033]10;rgb:ffff/ffff/ffff\007" // OSC 10, ended by BEL
                + "\033[?1;2c" // device attributes
                + "\033[<0;10;5M\033[<0;10;5m" // SGR mouse press and release
                + "\033[<65;3;4M" // SGR wheel
                + "\033[27;5;13~" // xterm modifyOtherKeys Ctrl-Enter
                + "\033[13;5u" // kitty CSI u
                + "\033P1$r0m\033\\" // DCS answer
                + "\033_Gi=1;OK\033\\"; // APC (kitty graphics answer)
        assertEquals(List.of("Character:j"), keysOf(reports + "j", 1));
    }

    @Test
    void keysWithNamesStayKeys() throws Exception {
        String typed = "\033[A" // Up
                + "\033[15~" // F5
                + "\033[15;2~" // Shift-F5
                + "\033[[A" // F1 on the Linux console
                + "\033[Z" // BackTab
                + "\033[3~" // Delete
                + "\033OP" // F1 (SS3)
                + "\033x" // Alt-x
                + "\033[200~pasted\033[201~" // a bracketed paste
                + "q";
        assertEquals(List.of("ArrowUp", "F5", "F5", "F1", "ReverseTab", "Delete", "F1", "Character:x+alt", "paste",
                "Character:q"), keysOf(typed, 10));
    }
}
