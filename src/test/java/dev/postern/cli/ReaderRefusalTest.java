package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The full-screen reader refuses, in one sentence, where it cannot draw (F12): no terminal, or TERM dumb or unset. */
class ReaderRefusalTest {
    @Test
    void aDumbOrMissingTermIsRefusedLikeNoTerminal() {
        String dumb = Terminals.readerRefusal(true, true, Map.of("TERM", "dumb"));
        assertTrue(dumb != null && dumb.contains("TERM=dumb") && dumb.contains("postern list"), dumb);
        String unset = Terminals.readerRefusal(true, true, Map.of());
        assertTrue(unset != null && unset.contains("TERM is not set"), unset);
        String empty = Terminals.readerRefusal(true, true, Map.of("TERM", ""));
        assertTrue(empty != null && empty.contains("TERM is empty"), empty);
        assertEquals(1, dumb.split("\\. ").length, "one sentence: " + dumb);
    }

    @Test
    void aRealTerminalIsAccepted() {
        assertNull(Terminals.readerRefusal(true, true, Map.of("TERM", "xterm-256color")));
        assertNull(Terminals.readerRefusal(true, true, Map.of("TERM", "linux")));
        assertTrue(Terminals.readerRefusal(false, true, Map.of("TERM", "xterm")).contains("needs a terminal on stdin"));
    }
}
