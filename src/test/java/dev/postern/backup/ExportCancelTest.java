package dev.postern.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.Work;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export cancelled midway leaves every file whole: a new mbox is not there at all (nor its part file), an
 * earlier export of the same name is untouched, an mbox appended to with --since-last is cut back to its
 * bytes before, Maildir files written are complete and --since-last continues from them; progress counts
 * the messages of all folders.
 */
class ExportCancelTest {
    @TempDir Path dir;

    private static final String FOLDER = "INBOX";

    private static MapDbStore store(Path dir, int n) {
        MapDbStore s = MapDbStore.open(dir.resolve("data"));
        s.putFolder(new Folder("work", FOLDER, '/', 0, 0, java.util.Set.of()));
        for (long uid = 1; uid <= n; uid++) add(s, uid);
        s.commit();
        return s;
    }

    private static void add(MapDbStore s, long uid) {
        MessageRef r = new MessageRef("work", FOLDER, 5, uid);
        s.putEnvelopes(List.of(new Envelope(r, "<" + uid + "@x>", Instant.parse("2024-01-01T10:00:00Z").plusSeconds(uid), "a@x",
                null, null, "s" + uid, 100, Flags.NONE, null, null, null)));
        s.attachBody(r, ("Message-ID: <" + uid + "@x>\r\nSubject: s" + uid + "\r\n\r\nbody " + uid + "\r\n").getBytes(UTF_8));
    }

    /** Cancels once {@code after} messages are done; records every progress report. */
    private static final class CancelAfter implements Work {
        final int after;
        final List<long[]> seen = new ArrayList<>();

        CancelAfter(int after) {
            this.after = after;
        }

        @Override public void progress(long done, long total) { seen.add(new long[] {done, total}); }

        @Override public boolean cancelled() { return !seen.isEmpty() && seen.get(seen.size() - 1)[0] >= after; }
    }

    private static List<Path> tree(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aNewMboxCancelledMidwayIsNotLeftAndTheEarlierOneIsUntouched() throws Exception {
        try (MapDbStore s = store(dir, 10)) {
            Exporter ex = new Exporter(s);
            Path out = dir.resolve("out");
            CancelAfter work = new CancelAfter(4);
            Work.Cancelled c = assertThrows(Work.Cancelled.class,
                    () -> ex.export("work", List.of(FOLDER), Exporter.Format.MBOX, out, false, null, work));
            assertTrue(c.getMessage().contains("after 4 of 10"), c.getMessage());
            assertEquals(10, work.seen.get(0)[1], "progress counts the folder's messages");
            assertFalse(Files.exists(out.resolve("INBOX.mbox")), "no half mbox under the final name");
            assertFalse(tree(out).stream().anyMatch(p -> p.getFileName().toString().endsWith(".part")), tree(out).toString());

            // A whole export, then a cancelled one over it: the whole one stays as it was.
            ex.export("work", List.of(FOLDER), Exporter.Format.MBOX, out, false);
            byte[] whole = Files.readAllBytes(out.resolve("INBOX.mbox"));
            assertEquals(10, new String(whole, UTF_8).split("\nFrom ", -1).length);
            assertThrows(Work.Cancelled.class, () -> ex.export("work", List.of(FOLDER), Exporter.Format.MBOX, out, false, null, new CancelAfter(3)));
            assertArrayEquals(whole, Files.readAllBytes(out.resolve("INBOX.mbox")));
        }
    }

    @Test
    void anAppendCancelledMidwayIsCutBackAndTheNextSinceLastWritesTheRestOnce() throws Exception {
        try (MapDbStore s = store(dir, 4)) {
            Exporter ex = new Exporter(s);
            Path out = dir.resolve("out");
            ex.export("work", List.of(FOLDER), Exporter.Format.MBOX, out, true);
            byte[] before = Files.readAllBytes(out.resolve("INBOX.mbox"));
            for (long uid = 5; uid <= 12; uid++) add(s, uid);
            s.commit();
            // Envelopes are exported oldest first; the four old ones count as done without being written.
            assertThrows(Work.Cancelled.class, () -> ex.export("work", List.of(FOLDER), Exporter.Format.MBOX, out, true, null, new CancelAfter(7)));
            assertArrayEquals(before, Files.readAllBytes(out.resolve("INBOX.mbox")), "cut back to the bytes before the append");

            var r = ex.export("work", List.of(FOLDER), Exporter.Format.MBOX, out, true).get(0);
            assertEquals(8, r.written(), "the messages the cancelled append had written are written again, once");
            assertEquals(4, r.unchanged());
            String mbox = Files.readString(out.resolve("INBOX.mbox"), UTF_8);
            for (int uid = 1; uid <= 12; uid++) {
                assertEquals(1, mbox.split("Message-ID: <" + uid + "@x>", -1).length - 1, "message " + uid + " once");
            }
        }
    }

    @Test
    void maildirFilesWrittenBeforeTheCancelAreWholeAndSinceLastContinues() throws Exception {
        try (MapDbStore s = store(dir, 9)) {
            Exporter ex = new Exporter(s);
            Path out = dir.resolve("out");
            assertThrows(Work.Cancelled.class, () -> ex.export("work", List.of(FOLDER), Exporter.Format.MAILDIR, out, true, null, new CancelAfter(5)));
            List<Path> cur = tree(out.resolve("INBOX/cur"));
            assertEquals(5, cur.size(), cur.toString());
            assertEquals(List.of(), tree(out.resolve("INBOX/tmp")), "no part files");
            var r = ex.export("work", List.of(FOLDER), Exporter.Format.MAILDIR, out, true).get(0);
            assertEquals(4, r.written());
            assertEquals(5, r.unchanged());
            assertEquals(9, tree(out.resolve("INBOX/cur")).size());
        }
    }
}
