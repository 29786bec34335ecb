package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static dev.postern.store.TestEnvelopes.ref;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.MessageRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it reads or writes the store (a message read the reader cancelled on leaving it, a pool
 * shut down at quit) does not break the store for everyone else: the file's channel is an interruptible channel,
 * which an interrupt closes, and before, every read and write after it failed ("could not be read or written
 * (ClosedChannelException)") until the process ended. The interrupted thread still sees its interrupt.
 */
class InterruptedReadTest {
    @TempDir Path dir;
    private final MessageRef r = ref("work", "INBOX", 1, 10);
    private final byte[] big = new byte[4 << 20];

    private MapDbStore filled() {
        new Random(1).nextBytes(big);
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putEnvelopes(List.of(envelope(r, null, false)));
            store.attachBody(r, big);
            store.commit();
        }
        return MapDbStore.open(dir);
    }

    @Test
    void aReadBegunWithTheInterruptFlagSetLeavesTheStoreWorkingAndTheFlagSet() throws Exception {
        MapDbStore store = filled();
        AtomicReference<Object> read = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                read.set(store.body(r).orElseThrow());
            } catch (Throwable e) {
                read.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        t.join();
        assertTrue(read.get() instanceof byte[], "the interrupted thread's read: " + read.get());
        assertArrayEquals(big, (byte[]) read.get());
        assertTrue(flagAfter.get(), "the thread's interrupt was swallowed");
        assertArrayEquals(big, store.body(r).orElseThrow());
        MessageRef next = ref("work", "INBOX", 1, 11);
        store.putEnvelopes(List.of(envelope(next, null, false)));
        store.commit();
        store.close();
        try (MapDbStore again = MapDbStore.open(dir)) {
            assertTrue(again.envelope(next).isPresent());
            assertArrayEquals(big, again.body(r).orElseThrow());
        }
    }

    @Test
    void readsInterruptedWhileTheyRunLeaveTheStoreWorking() throws Exception {
        MapDbStore store = filled();
        // Readers interrupted at random moments, over and over: some interrupts land inside the channel's read.
        for (int round = 0; round < 12; round++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    try {
                        store.body(r);
                    } catch (RuntimeException cancelled) {
                        // what the interrupted read says is its own business; the store must go on working
                    }
                }
            });
            t.start();
            Thread.sleep(round % 5);
            t.interrupt();
            t.join();
        }
        assertArrayEquals(big, store.body(r).orElseThrow());
        MessageRef next = ref("work", "INBOX", 1, 12);
        store.putEnvelopes(List.of(envelope(next, null, false)));
        store.commit();
        assertEquals(2, store.count("work", "INBOX"));
        store.close();
    }
}
