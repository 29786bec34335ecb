package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks the reader face of HostileMailIT applies to a terminal's input stream and to captured screens. */
class TerminalOutputTest {
    private static final String E = "\u001b";

    @Test
    void lanternasOwnDrawingPasses() {
        String drawn = E + "[?1049h" + E + "[?25l" + E + "[1;1H" + E + "[0m" + E + "[38;5;250m" + E + "[48;2;10;20;30m"
                + E + "[1m" + E + "[7mFrom: ^[[5m Eve <h002@hostile.test>" + E + "[27m" + E + "[22m" + E + "[2J"
                + E + "[24;80H" + E + "[K" + E + "[?25h" + E + "[?1049l" + "Zoë ✓ 漢字 ^[]0;owned^G";
        assertEquals(List.of(), TerminalOutput.streamProblems(drawn));
    }

    @Test
    void everyKindOfLeakIsFound() {
        for (String leak : new String[] {E + "[5m", E + "]0;owned\u0007", E + "[2J" + E + "[H", "\u0007", "\u0008", "\u000b",
                "\u000c", "\u009b31m", "\u202etxt", "\u2066", "\u0000", "\u007f", "a\rb", "\n", E + "Pq" + E + "\\",
                E + "_x" + E + "\\", E + "[8m", E + "[31mred", E}) {
            List<String> found = TerminalOutput.streamProblems(E + "[1;1Hbefore " + leak + " after");
            assertTrue(!found.isEmpty(), "not found: " + HostileMailIT.visible(leak));
        }
    }

    @Test
    void screensShowOnlyTmuxsOwnAttributes() {
        String ok = E + "[1m" + E + "[7m e2e: Hostile  [3/97 all]" + E + "[0m\nFrom: ^[[5m Eve\n" + E + "[38;5;4mtext" + E + "[39m\n";
        assertEquals(List.of(), TerminalOutput.screenProblems(ok));
        assertEquals(" e2e: Hostile  [3/97 all]\nFrom: ^[[5m Eve\ntext\n", TerminalOutput.text(ok));
        assertEquals(1, TerminalOutput.screenProblems(E + "[5mblinking" + E + "[0m\n").size());
        assertEquals(1, TerminalOutput.screenProblems("abc\u202edef\n").size());
        assertTrue(!TerminalOutput.screenProblems("a" + E + "]0;x\u0007b\n").isEmpty());
    }
}
