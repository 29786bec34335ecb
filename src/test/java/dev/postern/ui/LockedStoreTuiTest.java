package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.postern.controller.ConnectionState;
import dev.postern.controller.Event;
import dev.postern.model.Envelope;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a slow or locked store never freezes painting or keys. The controller's store reads (page,
 * count, folders, envelope, pending, local-only marks) wait on a gate the test closes, as a store held by
 * a long transaction or a stalled disk would; the reader must go on painting from what it has and answer
 * keys, and q must end it within 200 ms.
 */
class LockedStoreTuiTest {
    /** The in-memory controller whose store reads block while the gate is shut. */
    static final class LockedStore extends InMemoryMailController {
        volatile CountDownLatch gate; // null: open
        final AtomicInteger blockedReads = new AtomicInteger();

        void shut() { gate = new CountDownLatch(1); }

        void open() {
            CountDownLatch g = gate;
            gate = null;
            if (g != null) g.countDown();
        }

        private void pass() {
            CountDownLatch g = gate;
            if (g == null) return;
            blockedReads.incrementAndGet();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override public List<Envelope> page(String a, String f, int offset, int limit) { pass(); return super.page(a, f, offset, limit); }
        @Override public int count(String a, String f) { pass(); return super.count(a, f); }
        @Override public List<Folder> folders(String a) { pass(); return super.folders(a); }
        @Override public Optional<Envelope> envelope(MessageRef r) { pass(); return super.envelope(r); }
        @Override public boolean localOnly(MessageRef r) { pass(); return false; }
        @Override public List<dev.postern.model.QueuedChange> queue(String a) { pass(); return List.of(); }
    }

    private static long quitMillis(TuiHarness h) throws InterruptedException {
        long start = System.nanoTime();
        h.type("q");
        while (h.running()) {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(5)) fail("q did not quit with the store locked:\n" + h.screen());
            Thread.sleep(1);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    @Tag("quiet") // a wall-clock bound: run alone after the parallel forks (pom.xml)
    void keysAndPaintingAnswerWhileTheStoreIsLocked() throws Exception {
        LockedStore c = new LockedStore();
        c.addFolder("work", "INBOX", 30);
        c.addFolder("work", "Lists", 5);
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Message #30");
            h.awaitText("online");
            h.awaitText("Lists");
            c.shut();
            // Everything that used to read the store on the UI thread: new mail (count, locate, page), the
            // sidebar's folders, the status bar's queued count, a scroll past the rows read.
            c.folder("work", "INBOX").size = 31;
            c.publish(new Event.FolderChanged("work", "INBOX", 1, 0));
            c.publish(new Event.FoldersLoaded("work"));
            c.publish(new Event.ConnectionChanged("work", ConnectionState.ONLINE, null));
            h.type("jj");
            h.awaitText("3/30"); // the cursor moved and the bar was painted from the snapshot
            h.type("G");
            h.awaitText("30/30");
            h.type("?");
            h.awaitText("postern keys in the index");
            assertTrue(c.blockedReads.get() > 0, "the test never made the reader touch the locked store");
            h.type("q"); // closes the help screen
            h.awaitGone("postern keys in the index");
            long ms = quitMillis(h);
            assertTrue(ms <= 200, "q took " + ms + " ms with the store locked");
        } finally {
            c.open();
        }
    }

    @Test
    @Tag("quiet") // a wall-clock bound: run alone after the parallel forks (pom.xml)
    void aStoreLockedFromTheStartShowsLoadingAndQQuits() throws Exception {
        LockedStore c = new LockedStore();
        c.addFolder("work", "INBOX", 30);
        c.shut();
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("(loading…)");
            h.type("?");
            h.awaitText("postern keys in the index");
            h.type("q");
            h.awaitText("(loading…)");
            long ms = quitMillis(h);
            assertTrue(ms <= 200, "q took " + ms + " ms with the store locked");
        } finally {
            c.open();
        }
    }

    @Test
    void theIndexCatchesUpOnceTheStoreAnswers() throws Exception {
        LockedStore c = new LockedStore();
        c.addFolder("work", "INBOX", 30);
        c.shut();
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("(loading…)");
            c.open();
            h.awaitText("Message #30");
            h.awaitText("1/30");
        }
    }
}
