package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.backend.HeaderEnvelope;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.store.MergeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index writer reads its merges, flushes and once-read files through {@link FileInput} (not mapped: a
 * merge touched every page of its segments, counted in the process's memory) until a search needs a
 * near-real-time reader, and what it reads that way is what a mapped file gives.
 */
class IndexFileInputsTest {
    @TempDir Path dir;

    private static final IOContext MERGE = new IOContext(new MergeInfo(1, 1, false, 1));

    @Test
    void aFileReadThroughFileInputReadsAsTheMappedFileDoes() throws Exception {
        Random random = new Random(22);
        byte[] data = new byte[300_000];
        random.nextBytes(data);
        Files.write(dir.resolve("f"), data);
        try (MMapDirectory mapped = new MMapDirectory(dir);
             IndexInput expected = mapped.openInput("f", IOContext.READ);
             IndexInput actual = FileInput.open(dir.resolve("f"), MERGE)) {
            assertEquals(expected.length(), actual.length());
            IndexInput[] mine = {actual, actual.clone(), null};
            IndexInput[] theirs = {expected, expected.clone(), null};
            for (int op = 0; op < 5_000; op++) {
                if (op % 500 == 0) {
                    long off = random.nextInt(data.length / 2);
                    long len = random.nextInt(data.length / 2);
                    long inner = random.nextInt((int) len + 1);
                    // a slice of a slice, as a compound file's part is sliced again by its reader
                    mine[2] = actual.slice("s", off, len).slice("t", inner, len - inner);
                    theirs[2] = expected.slice("s", off, len).slice("t", inner, len - inner);
                }
                int which = random.nextInt(3);
                IndexInput a = mine[which], e = theirs[which];
                long pos = (long) (random.nextDouble() * e.length());
                a.seek(pos);
                e.seek(pos);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        int n = (int) Math.min(e.length() - pos, random.nextInt(20_000));
                        byte[] x = new byte[n], y = new byte[n];
                        e.readBytes(x, 0, n);
                        a.readBytes(y, 0, n);
                        assertArrayEquals(x, y, "bytes at " + pos);
                    }
                    case 1 -> {
                        if (e.length() - pos >= 8) assertEquals(e.readLong(), a.readLong(), "long at " + pos);
                    }
                    default -> {
                        if (e.length() > pos) assertEquals(e.readByte(), a.readByte(), "byte at " + pos);
                    }
                }
                assertEquals(e.getFilePointer(), a.getFilePointer());
            }
            actual.seek(data.length - 4);
            assertThrows(EOFException.class, () -> actual.readBytes(new byte[8], 0, 8));
            assertThrows(EOFException.class, () -> actual.seek(data.length + 1));
            assertThrows(IllegalArgumentException.class, () -> actual.slice("past", data.length - 10, 20));
        }
        assertThrows(NoSuchFileException.class, () -> FileInput.open(dir.resolve("missing"), MERGE));
    }

    @Test
    void anInterruptedThreadReadsAndLeavesTheFileReadable() throws Exception {
        byte[] data = "0123456789".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("f"), data);
        try (IndexInput in = FileInput.open(dir.resolve("f"), MERGE)) {
            byte[] got = new byte[5_000];
            Thread.currentThread().interrupt();
            try {
                in.seek(40_000);
                in.readBytes(got, 0, got.length);
            } finally {
                assertTrue(Thread.interrupted(), "the read leaves the thread's interrupt as it was");
            }
            assertEquals("0123456789".repeat(500), new String(got, StandardCharsets.US_ASCII));
            IndexInput clone = in.clone();
            clone.seek(99_990);
            clone.readBytes(got, 0, 10);
            assertEquals("0123456789", new String(got, 0, 10, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void theWriterMergesThroughFilesUntilASearchAndTheIndexHoldsEveryDocument() throws Exception {
        LuceneIndex index = LuceneIndex.open(dir.resolve("index"));
        try {
            List<byte[]> messages = IndexedMail.generated(900);
            Set<String> keys = new HashSet<>();
            int commits = 0;
            for (int i = 0; i < messages.size(); i++) {
                byte[] raw = messages.get(i);
                Envelope e = HeaderEnvelope.of(IndexedMail.ref(i + 1), raw, raw.length, Flags.NONE, Instant.EPOCH.plusSeconds(i));
                index.put(e, raw);
                keys.add(LuceneIndex.key(e.ref()));
                if (i % 20 == 19) {
                    index.commit(i, 1); // a segment each: 45 of them, merged as they come
                    commits++;
                }
            }
            assertFalse(index.mapsInputs(), "the writer reads merges and flushes through files");
            assertEquals(keys, index.contents().keySet(), "the last commit holds every document");
            assertFalse(index.mapsInputs(), "reading the last commit does not make a near-real-time reader");

            var searchers = index.searchers();
            assertTrue(index.mapsInputs(), "a near-real-time searcher maps again");
            var searcher = searchers.acquire();
            try {
                int segments = searcher.getIndexReader().leaves().size();
                assertTrue(segments < commits, "merges ran: " + segments + " segments after " + commits + " commits");
                assertEquals(900, searcher.getIndexReader().numDocs());
                Envelope first = HeaderEnvelope.of(IndexedMail.ref(1), messages.get(0), messages.get(0).length, Flags.NONE, Instant.EPOCH);
                assertEquals(1, searcher.count(new TermQuery(new Term(LuceneIndex.KEY, LuceneIndex.key(first.ref())))));
            } finally {
                searchers.release(searcher);
            }
        } finally {
            index.close();
        }
        LuceneIndex again = LuceneIndex.open(dir.resolve("index"));
        try {
            assertTrue(again.mapsInputs(), "an index opened to search maps its files");
            assertEquals(900, again.contents().size(), "the merged segments open again");
        } finally {
            again.close();
        }
    }
}
