package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbStoreConcurrencyTest {
    @TempDir Path dir;

    @Test
    void writersOnSeveralThreadsLoseNoUpdateAndReadersNeverSeeHalfAWrite() throws Exception {
        int writers = 4;
        int perWriter = 500;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putFolderState("a", "INBOX", new FolderState(1, 0, 0, 0));
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int base = w * perWriter;
                jobs.add(pool.submit(() -> {
                    for (int i = 1; i <= perWriter; i++) {
                        long uid = base + i;
                        store.putEnvelopes(List.of(envelope("a", "INBOX", 1, uid, uid, false)));
                        if (uid % 2 == 0) store.updateFlags(TestEnvelopes.ref("a", "INBOX", 1, uid), Flags.of(Flag.SEEN));
                        if (i % 100 == 0) store.commit();
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        List<Envelope> page = store.page("a", "INBOX", 0, 20);
                        for (int k = 1; k < page.size(); k++) {
                            assertTrue(page.get(k - 1).date().compareTo(page.get(k).date()) >= 0);
                        }
                        int count = store.count("a", "INBOX");
                        assertTrue(count >= 0 && count <= writers * perWriter);
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) job.get(120, TimeUnit.SECONDS);
            store.commit();

            assertEquals(writers * perWriter, store.count("a", "INBOX"));
            assertEquals(writers * perWriter / 2, store.unread("a", "INBOX"));
            assertEquals(writers * perWriter, store.uids("a", "INBOX", 1).size());
            assertEquals(writers * perWriter, store.page("a", "INBOX", 0, 10_000).size());
        } finally {
            pool.shutdownNow();
        }
    }
}
