package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Query;
import dev.postern.model.Query.Contains;
import dev.postern.model.Query.Field;
import dev.postern.store.MapDbStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash never leaves search wrong: an index killed mid-write, one left behind the store, and one whose
 * files are damaged are all found out at the next open, searches scan meanwhile, and the index catches
 * up (or is rebuilt) to exactly the scan's answers.
 */
class IndexCrashTest {
    @TempDir Path dir;

    private static final List<Query> QUERIES = List.of(new Contains(Field.BODY, "postern"), new Contains(Field.SUBJECT, "report"),
            new Contains(Field.TEXT, "a"), new Query.Not(new Contains(Field.FROM, "example")), new Contains(Field.BODY, "line 2"),
            new Query.HasFlag(dev.postern.model.Flag.SEEN));

    /** Runs IndexProcess; kills it with SIGKILL after {@code killAfter} commits (0: lets it finish). */
    private void child(String mode, int count, int killAfter) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), IndexProcess.class.getName(), mode, dir.toString(), Integer.toString(count))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            int commits = 0;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("COMMITTED") && ++commits == killAfter) {
                    p.destroyForcibly(); // SIGKILL: the index worker dies wherever it is
                    break;
                }
            }
        }
        p.waitFor();
    }

    /** Searches right after the open are the scan's answer or none (scan); after the catch-up, the index's. */
    private void searchesStayRight() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store);
            IndexedMail.Scan scan = new IndexedMail.Scan(store);
            for (Query q : QUERIES) {
                Optional<java.util.List<dev.postern.model.Envelope>> early = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, q);
                early.ifPresent(uids -> assertEquals(scan.find(q), IndexedMail.sorted(uids), "answered while catching up: " + q));
            }
            assertTrue(index.awaitCurrent(120_000), "the index catches up");
            for (Query q : QUERIES) {
                Optional<java.util.List<dev.postern.model.Envelope>> found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, q);
                assertTrue(found.isPresent(), "answered once current: " + q);
                assertEquals(scan.found(q), IndexedMail.byUid(found.get()), q.toString());
            }
            MailIndex.Verification v = index.verify();
            assertTrue(v.agrees() && v.current(), v.toString());
            assertEquals(store.uids(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY).size(), v.indexed());
        }
    }

    @Test
    void killedMidIndexThenSearchIsStillRight() throws Exception {
        child("indexed", 600, 12);
        searchesStayRight();
    }

    @Test
    void anIndexLeftBehindTheStoreIsFoundAndCaughtUp() throws Exception {
        child("indexed", 100, 0);
        child("plain", 100, 0); // a postern without the index wrote to the store: the index is 100 messages behind
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store);
            MailIndex.Verification v = index.verify();
            assertFalse(v.current(), "the index knows it is behind: " + v);
            assertEquals(100, v.missing(), v.toString());
        }
        searchesStayRight();
    }

    @Test
    void flagsChangedBehindTheIndexAreCaughtUp() throws Exception {
        child("indexed", 100, 0);
        child("reflag", 0, 0); // the store's flags changed, the index's envelopes did not
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex.Verification v = MailIndex.attach(dir, store).verify();
            assertFalse(v.current(), "the index knows it is behind: " + v);
            assertEquals(100, v.stale(), v.toString());
        }
        searchesStayRight(); // compares the envelopes, flags included
    }

    @Test
    void anIndexOfAnOlderFormatIsRebuilt() throws Exception {
        child("indexed", 100, 0);
        // What the first format's commits said: no format at all (and no envelopes beside the documents).
        commitFormat(null);
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex.Verification v = MailIndex.attach(dir, store).verify();
            assertFalse(v.opens() || v.agrees(), "verify names an index of another format: " + v);
        }
        searchesStayRight();
    }

    /** Format 2 indexed the raw body: its documents are made again from the bodies' decoded text (SearchText). */
    @Test
    void anIndexOfRawBodiesIsRebuiltWithTheirText() throws Exception {
        child("indexed", 100, 0);
        commitFormat("2");
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store);
            assertFalse(index.verify().opens(), "verify names an index of the raw bodies' format");
            assertTrue(index.awaitCurrent(120_000), "rebuilt at the open");
            Query q = new Contains(Field.BODY, "grüße"); // in the quoted-printable bodies only (Gr=C3=BC=C3=9Fe): 13, 26, ...
            Optional<java.util.List<dev.postern.model.Envelope>> found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, q);
            assertTrue(found.isPresent());
            assertEquals(List.of(13L, 26L, 39L, 52L, 78L, 91L), IndexedMail.sorted(found.get())); // 65: no body cached
            assertTrue(index.verify().agrees());
        }
        searchesStayRight();
    }

    /** Rewrites the last commit's data to name {@code format} (null: none, as format 1 did). */
    private void commitFormat(String format) throws Exception {
        try (var d = org.apache.lucene.store.FSDirectory.open(dir.resolve(MailIndex.DIR));
             var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
            java.util.Map<String, String> data = new java.util.HashMap<>(
                    org.apache.lucene.index.SegmentInfos.readLatestCommit(d).getUserData());
            assertEquals(Integer.toString(LuceneIndex.FORMAT), data.remove("postern.format"));
            if (format != null) data.put("postern.format", format);
            w.setLiveCommitData(data.entrySet());
            w.commit();
        }
    }

    @Test
    void aDamagedIndexIsRebuilt() throws Exception {
        child("indexed", 100, 0);
        try (var files = Files.list(dir.resolve(MailIndex.DIR))) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("write.lock")) Files.write(f, new byte[] {1, 2, 3});
            }
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertFalse(MailIndex.attach(dir, store).verify().opens(), "verify names a damaged index");
        }
        searchesStayRight();
    }

    @Test
    void aCurrentIndexAnswersTheFirstSearchAfterTheOpenAndOnlyReads() throws Exception {
        child("indexed", 60, 0);
        java.util.Map<String, Long> files = new java.util.TreeMap<>();
        try (var list = Files.list(dir.resolve(MailIndex.DIR))) {
            for (Path f : list.toList()) files.put(f.getFileName().toString(), Files.getLastModifiedTime(f).toMillis());
        }
        for (int i = 0; i < 3; i++) {
            try (MapDbStore store = MapDbStore.open(dir)) {
                MailIndex index = MailIndex.attach(dir, store);
                Optional<java.util.List<dev.postern.model.Envelope>> found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, QUERIES.get(0));
                assertTrue(found.isPresent(), "a current index answers at once, without a fall back to the scan");
                assertEquals(new IndexedMail.Scan(store).find(QUERIES.get(0)), IndexedMail.sorted(found.get()));
            }
        }
        java.util.Map<String, Long> after = new java.util.TreeMap<>();
        try (var list = Files.list(dir.resolve(MailIndex.DIR))) {
            for (Path f : list.toList()) after.put(f.getFileName().toString(), Files.getLastModifiedTime(f).toMillis());
        }
        assertEquals(files, after, "a process that only searches reads the last commit and writes nothing");
    }

    @Test
    void reindexRebuildsTheIndexFromTheStore() throws Exception {
        child("indexed", 100, 0);
        try (MapDbStore store = MapDbStore.open(dir)) {
            MailIndex index = MailIndex.attach(dir, store);
            assertEquals(100, index.rebuild());
            assertTrue(index.current());
            assertTrue(index.verify().agrees());
        }
        searchesStayRight();
    }
}
