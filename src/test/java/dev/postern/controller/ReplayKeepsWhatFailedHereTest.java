package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.FlagWriter;
import dev.postern.backend.MailSession;
import dev.postern.model.ExitCode;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.FolderState;
import dev.postern.store.MapDbStore;
import dev.postern.store.PendingAction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queued offline change whose replay fails on this side (a postern bug, the store that cannot be written, the process
 * stopping) was not refused by the server: it stays queued, in order with the changes after it, and the next replay makes
 * it. Before, it was dropped for good as "internal error (...)" or as if the server had refused it. The server's own
 * refusal still drops that one change, saying so (OfflineQueueGreenMailTest).
 */
class ReplayKeepsWhatFailedHereTest {
    @TempDir Path dir;
    private MapDbStore store;
    private final List<Event> heard = new CopyOnWriteArrayList<>();
    private OfflineQueue queue;

    @BeforeEach
    void setUp() {
        store = MapDbStore.open(dir.resolve("data"));
        store.putFolderState("a", "INBOX", new FolderState(7, 3, 0, 0));
        for (long uid = 1; uid <= 2; uid++) {
            store.putEnvelopes(List.of(new Envelope(new MessageRef("a", "INBOX", 7, uid), "<" + uid + "@x>",
                    Instant.parse("2026-03-01T10:00:00Z"), "bob@example.org", List.of(), List.of(), "s" + uid, 100,
                    Flags.NONE, null, List.of(), null)));
        }
        store.commit();
        queue = new OfflineQueue(store, new MessageActions(store, heard::add), heard::add, Clock.systemUTC());
        queue.queue(queue.action("a", PendingAction.Kind.FLAG, "INBOX", List.of(1L), "seen", null, null));
        queue.queue(queue.action("a", PendingAction.Kind.FLAG, "INBOX", List.of(2L), "flagged", null, null));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    /** A session whose flag changes fail as {@code failure} says, or are recorded when it gives nothing. */
    private static final class Server implements MailSession, FlagWriter {
        final List<String> made = new ArrayList<>();
        Supplier<RuntimeException> failure;

        @Override public void connect() {}
        @Override public boolean isConnected() { return true; }
        @Override public void close() {}

        @Override
        public void setFlag(MessageRef ref, Flag flag, boolean on) {
            if (failure != null) throw failure.get();
            made.add(ref.uid() + " " + flag.label());
        }
    }

    private void keptThenMade(Supplier<RuntimeException> failure, String said) {
        Server server = new Server();
        server.failure = failure;
        queue.replay(server, "a");
        assertEquals(2, store.pending("a").size(), "both changes stay queued: " + heard);
        assertTrue(server.made.isEmpty());
        String failed = heard.stream().filter(e -> e instanceof Event.Failure).map(Object::toString).reduce("", String::concat);
        assertTrue(failed.contains("failed here, not at the server") && failed.contains(said)
                && failed.contains("the 1 change(s) after it stay queued"), failed);
        server.failure = null;
        queue.replay(server, "a");
        assertEquals(List.of("1 seen", "2 flagged"), server.made, "made in order at the next replay");
        assertEquals(0, store.pending("a").size());
    }

    @Test
    void aPosternBugKeepsTheChange() {
        keptThenMade(() -> new IllegalStateException("a bug"), "internal error (java.lang.IllegalStateException: a bug)");
    }

    @Test
    void aStoreThatCannotBeWrittenKeepsTheChange() {
        keptThenMade(() -> new PosternException(ExitCode.IOERR, "the store could not be written (No space left on device)"),
                "No space left on device");
    }

    @Test
    void theServersRefusalStillDropsThatOneChange() {
        Server server = new Server();
        server.failure = () -> new PosternException(ExitCode.UNAVAILABLE, "the server said NO");
        queue.replay(server, "a");
        assertEquals(0, store.pending("a").size(), "each refused change is dropped, saying so: " + heard);
        assertTrue(heard.stream().anyMatch(e -> e instanceof Event.Failure && e.toString().contains("was dropped: the server said NO")));
    }
}
