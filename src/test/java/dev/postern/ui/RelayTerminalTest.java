package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The terminal a served reader is drawn on: its size is the client's, its keys come from the client, its end is EOF. */
class RelayTerminalTest {
    @Test
    void theSizeIsTheClientsAndFollowsItsChangesWithoutAskingTheTerminal() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RelayTerminal t = new RelayTerminal(out, StandardCharsets.UTF_8, 90, 20);
        TerminalScreen screen = new TerminalScreen(t);
        screen.startScreen();
        assertEquals(new TerminalSize(90, 20), screen.getTerminalSize());
        t.resized(60, 12);
        assertEquals(new TerminalSize(60, 12), screen.doResizeIfNecessary());
        screen.stopScreen();
        // No cursor position report was asked for (CSI 6n): the far end is a relay, it would never answer.
        assertTrue(!out.toString(StandardCharsets.ISO_8859_1).contains("\033[6n"));
    }

    @Test
    void keysTypedArriveAndTheClientsEndIsTheEndOfInput() throws Exception {
        RelayTerminal t = new RelayTerminal(new ByteArrayOutputStream(), StandardCharsets.UTF_8, 80, 24);
        assertNull(t.pollInput());
        t.typed("q".getBytes(StandardCharsets.UTF_8));
        KeyStroke k = t.pollInput();
        assertEquals(KeyType.Character, k.getKeyType());
        assertEquals('q', k.getCharacter());
        t.typed(new byte[] {3});
        assertTrue(UiLoop.isCtrlC(t.pollInput()));
        // The client went away: a poll (never a blocking read) sees the end, so the reader's loop ends.
        t.endOfInput();
        long end = System.nanoTime() + 2_000_000_000L;
        KeyStroke last = null;
        while (last == null && System.nanoTime() < end) last = t.pollInput();
        assertEquals(KeyType.EOF, last.getKeyType());
    }

    @Test
    void charactersAreWrittenAsExactlyTheirBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RelayTerminal t = new RelayTerminal(out, StandardCharsets.UTF_8, 80, 24);
        t.putCharacter('é');
        t.putString("\uD83D\uDE00");
        t.flush();
        assertArrayEquals("é\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), out.toByteArray());
    }
}
