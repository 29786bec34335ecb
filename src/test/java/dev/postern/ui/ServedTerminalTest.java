package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What a reader runs for its user goes to the terminal it is on ({@link ReaderTerminal}): a served reader's to the
 * client's, and what only the owner's own terminal can do says so in one sentence instead of misbehaving.
 */
class ServedTerminalTest {
    /** A served reader's terminal that records what it was asked to run. */
    static final class Served implements ReaderTerminal {
        final List<List<String>> ran = new ArrayList<>();

        @Override public int run(List<String> argv) {
            ran.add(argv);
            return 3;
        }

        @Override public int runCaptured(List<String> argv, Path input, Path output) { throw new AssertionError("not here"); }

        @Override public Map<String, String> environment() { return Map.of("EDITOR", "client-editor"); }

        @Override public boolean served() { return true; }
    }

    private static UiLoop loop(ReaderTerminal at) throws Exception {
        TerminalScreen screen = new TerminalScreen(new RelayTerminal(new ByteArrayOutputStream(), StandardCharsets.UTF_8, 80, 24));
        screen.startScreen();
        return new UiLoop(screen, at);
    }

    @Test
    void aProgramRunsAtTheReadersTerminalWithTheScreenSteppedAside() throws Exception {
        Served at = new Served();
        assertEquals(3, loop(at).runAtTerminal(List.of("browser", "https://example.org/")));
        assertEquals(List.of(List.of("browser", "https://example.org/")), at.ran);
    }

    @Test
    void signingInInAServedReaderSaysWhereItRunsAndStartsNoFlow() throws Exception {
        InMemoryMailController c = new InMemoryMailController() {
            @Override public boolean signsInWithOAuth(String account) { return true; }

            @Override public CompletableFuture<String> signIn(String account, PrintWriter out, int columns) {
                throw new AssertionError("a device flow was started in a served reader");
            }
        };
        StatusLine status = new StatusLine();
        assertFalse(SignInStep.run(c, loop(new Served()), status, "work", 80));
        assertTrue(status.shownError().startsWith("Signing in runs only in the postern that owns the mail (pid "
                + ProcessHandle.current().pid() + ")."), status.shownError());
    }

    @Test
    void theProcessesOwnTerminalIsNotServed() {
        assertFalse(ReaderTerminal.OWN.served());
        assertNull(ReaderTerminal.OWN.onlyInOwner("Signing in"));
    }
}
