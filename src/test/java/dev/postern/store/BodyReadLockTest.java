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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big body is decompressed and checked against its hash after the store's lock is let go: the store's closing
 * (Ctrl-C in the reader while a 50 MB message loaded: the prompt came back 0.8-2.1 s after the screen) and every
 * writer waited on that work before. Checked by the lock's state while the reading thread is seen inside that work,
 * not by time.
 */
class BodyReadLockTest {
    @TempDir Path dir;

    @Test
    void theBodyIsUnpackedAndHashedWithoutTheStoresLock() throws Exception {
        MessageRef ref = ref("work", "INBOX", 7, 11);
        byte[] raw = new byte[8 << 20];
        new Random(4).nextBytes(raw); // incompressible: stored as it is, copied out and hashed on each read
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putEnvelopes(List.of(envelope(ref, null, false)));
            store.attachBody(ref, raw);
            store.commit();
            ReentrantReadWriteLock lock = lockOf(store);
            Boolean heldDuringWork = null;
            for (int attempt = 0; attempt < 50 && heldDuringWork == null; attempt++) {
                AtomicReference<byte[]> read = new AtomicReference<>();
                Thread reader = new Thread(() -> read.set(store.body(ref).orElseThrow()), "body-reader");
                reader.start();
                while (reader.isAlive() && heldDuringWork == null) {
                    // Seen inside the unpacking or the hash both before and after the lock's state is read: it was
                    // inside that one stretch of work when the state was read.
                    if (!inBodyWork(reader)) {
                        Thread.sleep(1); // each look stops the reader at a safepoint: not in a tight loop
                        continue;
                    }
                    int readers = lock.getReadLockCount();
                    if (inBodyWork(reader)) heldDuringWork = readers > 0;
                }
                reader.join();
                assertArrayEquals(raw, read.get());
            }
            assertEquals(Boolean.FALSE, heldDuringWork, "the store's read lock was held while the body was unpacked and hashed");
        }
    }

    private static boolean inBodyWork(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(BlobStore.class.getName())
                    && (e.getMethodName().equals("unpack") || e.getMethodName().equals("hash"))) return true;
        }
        return false;
    }

    private static ReentrantReadWriteLock lockOf(MapDbStore store) throws ReflectiveOperationException {
        var guardField = MapDbStore.class.getDeclaredField("guard");
        guardField.setAccessible(true);
        Object guard = guardField.get(store);
        var lockField = StoreGuard.class.getDeclaredField("lock");
        lockField.setAccessible(true);
        ReentrantReadWriteLock lock = (ReentrantReadWriteLock) lockField.get(guard);
        assertTrue(lock.getReadLockCount() == 0);
        return lock;
    }
}
