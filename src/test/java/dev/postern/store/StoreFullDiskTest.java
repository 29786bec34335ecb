package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static dev.postern.store.TestEnvelopes.ref;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that fails for space in a process that goes on (the reader, a daemon, a shell: hunt 42-H, H1) leaves the
 * store as its last commit left it, in memory and on disk: once there is room the next commit goes through, every
 * committed message reads, nothing of the failed one appears, and the file reopens whole. On a real small tmpfs (root
 * and mount needed, skipped otherwise, as StoreCrashIT's full-disk case), with room left for the file's growth to
 * fail (MapDB's header already written) and for the journal's write to fail (the whole commit in the page copies).
 */
class StoreFullDiskTest {
    @TempDir Path tmp;

    private static byte[] body(int n) {
        byte[] b = new byte[16 * 1024];
        new Random(n).nextBytes(b); // incompressible, so the disk fills as the test reckons
        return b;
    }

    private static MessageRef at(int uid) {
        return ref("a", "INBOX", 1, uid);
    }

    private static void put(MapDbStore store, int from, int to) {
        List<Envelope> list = new ArrayList<>();
        for (int i = from; i <= to; i++) list.add(envelope(at(i), null, false));
        store.putEnvelopes(list);
        for (int i = from; i <= to; i++) store.attachBody(at(i), body(i));
    }

    private static void holds(MapDbStore store, int from, int to) {
        for (int i = from; i <= to; i++) {
            assertTrue(store.envelope(at(i)).isPresent(), "message " + i);
            assertArrayEquals(body(i), store.body(at(i)).orElseThrow(), "body " + i);
        }
    }

    private static void lacks(MapDbStore store, int from, int to) {
        for (int i = from; i <= to; i++) assertFalse(store.envelope(at(i)).isPresent(), "message " + i + " of the failed commit");
    }

    private static int run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 1024, 2048})
    void aCommitThatFailedForSpaceLeavesTheStoreAsItsLastCommit(int freeKib) throws Exception {
        Path mount = tmp.resolve("small-disk");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()) == 0,
                "a small tmpfs cannot be mounted here (needs root and CAP_SYS_ADMIN)");
        try {
            Path data = mount.resolve("data");
            MapDbStore store = MapDbStore.open(data);
            put(store, 1, 60);
            store.commit();
            Path filler = mount.resolve("filler");
            try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
                byte[] zeros = new byte[64 * 1024];
                long left = Files.getFileStore(mount).getUsableSpace() - freeKib * 1024L;
                for (; left > 0; left -= zeros.length) f.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            PosternException full = assertThrows(PosternException.class, () -> {
                put(store, 61, 200);
                store.commit();
            });
            assertEquals(ExitCode.IOERR, full.exitCode(), full.getMessage());
            assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
            store.rollback();
            Path journal = JournaledVolume.journalOf(data.resolve(MapDbStore.FILE_NAME));
            assertFalse(Files.exists(journal), "the failed commit's journal gives its space back");
            Files.delete(filler);

            put(store, 201, 210);
            store.commit();
            holds(store, 1, 60);
            holds(store, 201, 210);
            lacks(store, 61, 200);
            store.close();

            MapDbStore again = MapDbStore.open(data);
            holds(again, 1, 60);
            holds(again, 201, 210);
            lacks(again, 61, 200);
            assertEquals(List.of(), again.verify());
            again.close();
        } finally {
            run("umount", "-l", mount.toString());
        }
    }
}
