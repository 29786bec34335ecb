package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge of the index that meets a full disk is no exception for the process's uncaught-exception handler (which
 * printed "postern: internal error on thread Lucene Merge Thread #0 (...MergeException...)" beside the store's own
 * sentence, hunt 33-Y, Y1): the merge thread keeps it, and the index says it is broken, for MailIndex to mend.
 */
class IndexMergeFullDiskTest {
    @TempDir Path dir;

    @Test
    void aMergeOnAFullDiskReachesNoUncaughtHandler() throws Exception {
        FullDisk disk = FullDisk.forMerges();
        disk.full.set(true);
        List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("index"), disk::over)) {
            List<byte[]> mail = IndexedMail.generated(40);
            // One small segment a commit: past ten of them the merge policy merges, and the merge meets the full disk.
            for (int n = 0; n < mail.size() && !index.broken(); n++) {
                try {
                    byte[] raw = mail.get(n);
                    index.put(dev.postern.backend.HeaderEnvelope.of(IndexedMail.ref(n + 1), raw, raw.length,
                            dev.postern.model.Flags.NONE, java.time.Instant.EPOCH), raw);
                    index.commit(n, 1);
                } catch (IllegalStateException closedByTheMerge) { // AlreadyClosedException, or "cannot complete commit"
                    break;
                }
            }
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("Lucene Merge Thread")) t.join(60_000); // the merge thread is done with it
            }
            assertTrue(index.broken(), "a merge ran and met the full disk");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertEquals(List.of(), uncaught);
    }
}
