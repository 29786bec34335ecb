package dev.postern.index;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.model.TextFold;
import dev.postern.render.SearchText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import dev.postern.store.EnvelopeCodec;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene side of {@link MailIndex}: one document per cached message (keyed by account, folder,
 * UIDVALIDITY and UID), its from/to/cc/subject and body text ({@link SearchText}: the decoded text of its text parts) as {@link WordRuns}, its UID as a doc value,
 * its whole envelope (the store's own bytes, {@link EnvelopeCodec}) as a binary doc value, so a search
 * answers with envelopes without reading the store per hit, and its body hash stored, so a catch-up can
 * tell which documents are stale. A change of flags (or anything else not searched) replaces the envelope
 * doc value alone. Each commit records the store change counter and store identity it reflects, and the
 * {@link #FORMAT} of its documents: an index of another format is rebuilt. Used by one thread at a time
 * for writes.
 */
final class LuceneIndex implements AutoCloseable {
    static final String KEY = "key";
    /** First of this class's statics, so Lucene's logging is in postern's log file before Lucene loads. */
    private static final java.util.logging.Logger LUCENE_LOG = LuceneLogging.toLogFile();
    static final String FOLDER = "f";
    static final String UID = "uid";
    static final String HASH = "h";
    static final String LONG = "long";
    static final String ENVELOPE = "env";
    /**
     * 1 when the message has no body stored (its envelope's body hash is null), else 0: a folder's count of them
     * ({@link MailIndex#bodiesMissing}) without decoding every envelope. A document written before this field (an index
     * of an older postern of the same format) lacks it, and its envelope says.
     */
    static final String BODYLESS = "nb";
    /**
     * What a document holds; an index whose commits say another (or none: format 1) is wiped and rebuilt. 2: envelopes
     * beside the documents; 3: the body field is the message's decoded text ({@link SearchText}), not its raw bytes; 4:
     * the text is folded ({@link TextFold}: case, accents and compatibility forms aside), not lower-cased.
     */
    static final int FORMAT = 4;
    private static final String FORMAT_KEY = "postern.format";
    static final String[] TEXT_FIELDS = {"from", "to", "cc", "subject", "body"};
    private static final String SEQ = "postern.seq";
    private static final String STORE = "postern.store";
    /**
     * The writer's buffer of documents not yet flushed to a segment: live heap until the flush. 4 MB rather than 8:
     * a full sync of 20k messages peaked 2-4 MB lower, in the same CPU (five pairs, bench/MEMORY.md), the
     * segments it makes merged as before.
     */
    private static final double RAM_BUFFER_MB = 4;

    private static final FieldType WORDS = new FieldType();
    static {
        WORDS.setIndexOptions(IndexOptions.DOCS);
        WORDS.setTokenized(true);
        WORDS.setOmitNorms(true);
        WORDS.freeze();
    }

    private final PrivateDirectory dir;
    /** What the writer writes through: {@link #dir}, or in a test a disk that fills ({@code open}'s {@code disk}). */
    private final org.apache.lucene.store.Directory writes;
    /** Opened at the first write: a process that only searches reads the last commit and never locks or writes. */
    private IndexWriter writer;
    /** Over the last commit until the first search after the writer opened, then over the writer (near-real-time). */
    private volatile SearcherManager searchers;
    private boolean nearRealTime;
    private SearcherManager retired;
    private final long committedSeq;
    private final long committedStore;

    private LuceneIndex(PrivateDirectory dir, UnaryOperator<org.apache.lucene.store.Directory> disk, long seq, long store) {
        this.dir = dir;
        this.writes = disk.apply(dir);
        this.committedSeq = seq;
        this.committedStore = store;
    }

    /** Whether the index's inputs are memory-mapped now (see {@link PrivateDirectory}). */
    boolean mapsInputs() {
        return dir.mapsInputs();
    }

    /**
     * The searchers: over the last commit until the writer opens; then, from the first call, over the writer
     * (near-real-time). Made at the first search rather than with the writer: a near-real-time reader keeps
     * the writer's segment readers pooled and mapped, which a process that never searches (sync, list) does
     * not need.
     */
    synchronized SearcherManager searchers() throws IOException {
        if (writer != null && !nearRealTime) {
            dir.mapInputs(true);
            SearcherManager old = searchers;
            searchers = new SearcherManager(writer, true, false, null);
            nearRealTime = true;
            retired = old; // a search may still hold one of its searchers; closed with the index
        }
        return searchers;
    }

    private synchronized IndexWriter writer() throws IOException {
        if (writer == null) {
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(RAM_BUFFER_MB)
                    .setCommitOnClose(false)
                    .setMergeScheduler(new QuietMerges());
            dir.mapInputs(false); // until a search makes the near-real-time reader, which needs a writer first
            writer = new IndexWriter(writes, config);
        }
        return writer;
    }

    /**
     * Lucene's merge threads, told not to throw what a merge met: thrown, a full disk reached the process's
     * uncaught-exception handler, which printed "internal error on thread Lucene Merge Thread #0" (hunt 33-Y, Y1).
     * The failure has closed the writer for good (a tragic event: {@link #broken}); MailIndex sees it at its next
     * write, says it once, and opens the index again when it can.
     */
    private static final class QuietMerges extends org.apache.lucene.index.ConcurrentMergeScheduler {
        @Override
        protected void handleMergeException(Throwable exc) {
            org.slf4j.LoggerFactory.getLogger(LuceneIndex.class).debug("a merge of the search index failed", exc);
        }
    }

    /**
     * Whether the writer is closed for good: Lucene closes it after a write that failed half-way (a full disk in a
     * flush or a merge), and every later write is refused ("this IndexWriter is closed").
     */
    synchronized boolean broken() {
        return writer != null && (!writer.isOpen() || writer.getTragicException() != null);
    }

    /** What closed the writer for good ({@link #broken}), or null. */
    synchronized Throwable tragedy() {
        return writer == null ? null : writer.getTragicException();
    }

    /**
     * Opens the index in {@code path}, creating it if missing; an index that does not open (damaged,
     * from another Lucene) is deleted and made anew, empty: a rebuild from the store follows.
     */
    static LuceneIndex open(Path path) throws IOException {
        return open(path, UnaryOperator.identity());
    }

    /** As {@link #open(Path)}, its writer writing through {@code disk} over the directory (a test's full disk). */
    static LuceneIndex open(Path path, UnaryOperator<org.apache.lucene.store.Directory> disk) throws IOException {
        try {
            return openAsIs(path, disk);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LuceneIndex.class).warn("the search index {} does not open ({}); rebuilding it", path, e.toString());
            wipe(path);
            return openAsIs(path, disk);
        }
    }

    /** {@code old} closed (a writer Lucene closed for good: {@link #broken}), and the index in {@code path} opened anew. */
    static LuceneIndex reopen(LuceneIndex old, Path path, UnaryOperator<org.apache.lucene.store.Directory> disk) throws IOException {
        if (old != null) old.closeQuietly();
        return open(path, disk);
    }

    /** Closes the index; a failure (a writer Lucene closed already, say) is only logged. */
    void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LuceneIndex.class).debug("closing the search index", e);
        }
    }

    private static LuceneIndex openAsIs(Path path, UnaryOperator<org.apache.lucene.store.Directory> disk) throws IOException {
        PrivateDirectory dir = PrivateDirectory.open(path);
        try {
            long seq = -1, store = 0;
            if (DirectoryReader.indexExists(dir)) {
                Map<String, String> data = SegmentInfos.readLatestCommit(dir).getUserData();
                checkFormat(data);
                seq = Long.parseLong(data.getOrDefault(SEQ, "-1"));
                store = Long.parseLong(data.getOrDefault(STORE, "0"));
            }
            LuceneIndex index = new LuceneIndex(dir, disk, seq, store);
            try {
                // A reader over every segment checks that they all open (a torn file fails here, not in a search).
                if (seq == -1 && !DirectoryReader.indexExists(dir)) index.writer();
                else index.searchers = new SearcherManager(dir, null);
                return index;
            } catch (IOException | RuntimeException e) {
                if (index.writer != null) index.writer.rollback();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** Refuses an index whose documents hold something else than this postern's ({@link #FORMAT}). */
    private static void checkFormat(Map<String, String> commitData) throws IOException {
        String format = commitData.getOrDefault(FORMAT_KEY, "1");
        if (format.equals(Integer.toString(FORMAT))) return;
        int n;
        try {
            n = Integer.parseInt(format);
        } catch (NumberFormatException e) {
            throw new IOException("its documents are of format " + format + ", this postern's of format " + FORMAT);
        }
        throw new OtherFormat(n);
    }

    /**
     * An index whose commit names another postern's format: what an upgrade that changed the documents leaves (or a
     * downgrade), not damage. Its open rebuilds it like any index that does not open.
     */
    static final class OtherFormat extends IOException {
        final int format;

        OtherFormat(int format) {
            super("its documents are of format " + format + ", this postern's of format " + FORMAT);
            this.format = format;
        }
    }

    private static void wipe(Path path) throws IOException {
        if (!Files.isDirectory(path)) return;
        try (var files = Files.list(path)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
        }
    }

    /** What one document holds of its message: the body hash ("" when indexed without a body) and the envelope's bytes. */
    record Indexed(String hash, byte[] envelope) {
        /** Whether the document holds exactly this envelope of the store and this body ("" none). */
        boolean holds(byte[] storeEnvelope, String storeHash) {
            return hash.equals(storeHash) && java.util.Arrays.equals(envelope, storeEnvelope);
        }
    }

    /** What the last commit of an index holds: its counters and every document by key. */
    /**
     * What the last commit of an index holds: its counters and every document by key; {@code twice}: documents beyond
     * the first that hold the same key (none, unless an add without a delete went wrong: {@link KeysWritten}).
     */
    record Committed(long seq, long storeId, Map<String, Indexed> contents, int twice) {}

    /**
     * The store change counter and store id the last commit of the index in {@code path} records ({seq, storeId}); null
     * when there is none this postern reads (missing, of another format, damaged). One look at its commit point: no
     * writer, no reader over the segments.
     */
    static long[] committedMark(Path path) {
        if (!Files.isDirectory(path)) return null;
        try (org.apache.lucene.store.Directory dir = org.apache.lucene.store.FSDirectory.open(path)) {
            if (!DirectoryReader.indexExists(dir)) return null;
            Map<String, String> data = SegmentInfos.readLatestCommit(dir).getUserData();
            checkFormat(data);
            return new long[] {Long.parseLong(data.getOrDefault(SEQ, "-1")), Long.parseLong(data.getOrDefault(STORE, "0"))};
        } catch (IOException | RuntimeException e) {
            return null; // the open that follows says what it is, and rebuilds it
        }
    }

    /**
     * {generation, seq, storeId} of this index's latest commit on disk (its {@code segments_N}'s N, and the store change
     * counter and store id it records); read by the writing process at its close, for the store's {@code SearchSnapshot}.
     */
    long[] lastCommit() throws IOException {
        SegmentInfos infos = SegmentInfos.readLatestCommit(dir);
        Map<String, String> data = infos.getUserData();
        checkFormat(data);
        return new long[] {infos.getGeneration(), Long.parseLong(data.getOrDefault(SEQ, "-1")), Long.parseLong(data.getOrDefault(STORE, "0"))};
    }

    /** What is made of a reader over one commit ({@link #withCommit}). */
    interface CommitUse<T> {
        T of(DirectoryReader reader) throws IOException;
    }

    /**
     * What {@code use} makes of a reader over the latest commit of the index in {@code path}, when that commit is
     * generation {@code generation}, of this postern's format, and records the store change counter {@code seq} and
     * store {@code storeId}; else null (another commit came since, or none is there: the caller opens the store).
     * Read without the index's lock, nothing written.
     */
    static <T> T withCommit(Path path, long generation, long seq, long storeId, CommitUse<T> use) throws IOException {
        if (!Files.isDirectory(path)) return null;
        try (org.apache.lucene.store.Directory dir = org.apache.lucene.store.FSDirectory.open(path);
             DirectoryReader reader = DirectoryReader.open(dir)) {
            var commit = reader.getIndexCommit();
            Map<String, String> data = commit.getUserData();
            if (commit.getGeneration() != generation || !Integer.toString(FORMAT).equals(data.get(FORMAT_KEY))
                    || !Long.toString(seq).equals(data.get(SEQ)) || !Long.toString(storeId).equals(data.get(STORE))) {
                return null;
            }
            return use.of(reader);
        }
    }

    /** Reads the last commit of the index in {@code path} (which may be open for writing meanwhile). */
    static Committed committed(Path path) throws IOException {
        if (!Files.isDirectory(path)) return new Committed(-1, 0, Map.of(), 0);
        try (org.apache.lucene.store.Directory dir = org.apache.lucene.store.FSDirectory.open(path)) {
            if (!DirectoryReader.indexExists(dir)) return new Committed(-1, 0, Map.of(), 0);
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                Map<String, String> data = reader.getIndexCommit().getUserData();
                checkFormat(data);
                Map<String, Indexed> contents = contents(reader);
                return new Committed(Long.parseLong(data.getOrDefault(SEQ, "-1")), Long.parseLong(data.getOrDefault(STORE, "0")),
                        contents, reader.numDocs() - contents.size());
            }
        }
    }

    private static Map<String, Indexed> contents(org.apache.lucene.index.IndexReader reader) throws IOException {
        Map<String, Indexed> out = new HashMap<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            LeafReader r = leaf.reader();
            Bits live = r.getLiveDocs();
            StoredFields fields = r.storedFields();
            BinaryDocValues envelopes = r.getBinaryDocValues(ENVELOPE);
            for (int doc = 0; doc < r.maxDoc(); doc++) {
                if (live != null && !live.get(doc)) continue;
                Document d = fields.document(doc);
                byte[] envelope = envelopes != null && envelopes.advanceExact(doc) ? BytesRef.deepCopyOf(envelopes.binaryValue()).bytes : new byte[0];
                out.put(d.get(KEY), new Indexed(d.get(HASH), envelope));
            }
        }
        return out;
    }

    /** How many live documents the index holds (the writer's view once it is open, else the last commit's). */
    synchronized int documents() throws IOException {
        if (writer != null) return writer.getDocStats().numDocs;
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    /** The store change counter of the last commit, -1 when the index never committed. */
    long committedSeq() {
        return committedSeq;
    }

    long committedStore() {
        return committedStore;
    }

    static String key(MessageRef r) {
        return r.account() + '\0' + r.folder() + '\0' + r.uidValidity() + '\0' + r.uid();
    }

    static String folderKey(String account, String folder, long uidValidity) {
        return account + '\0' + folder + '\0' + uidValidity;
    }

    /** The token stream of each text field, reused document after document ({@link #put} is synchronized). */
    private final Map<String, WordRuns> runs = new HashMap<>();

    /** Adds or replaces the message's document; {@code raw} is its body when cached, else null. */
    void put(Envelope e, byte[] raw) throws IOException {
        put(e, raw, key(e.ref()), false);
    }

    /**
     * As {@link #put(Envelope, byte[])}, {@code key} being {@link #key}'s for the message; {@code absent}: no document
     * holds that key ({@link KeysWritten}), so the document is added without a delete of its key.
     */
    synchronized void put(Envelope e, byte[] raw, String key, boolean absent) throws IOException {
        MessageRef r = e.ref();
        Document d = new Document();
        d.add(new StringField(KEY, key, Field.Store.YES));
        d.add(new StringField(FOLDER, folderKey(r.account(), r.folder(), r.uidValidity()), Field.Store.NO));
        d.add(new NumericDocValuesField(UID, r.uid()));
        d.add(new BinaryDocValuesField(ENVELOPE, new BytesRef(EnvelopeCodec.encode(e))));
        d.add(new NumericDocValuesField(BODYLESS, bodyless(e)));
        d.add(new StoredField(HASH, raw == null || e.bodyHash() == null ? "" : e.bodyHash()));
        text(d, "from", e.from());
        text(d, "to", join(e.to()));
        text(d, "cc", join(e.cc()));
        text(d, "subject", e.subject());
        if (raw != null) text(d, "body", SearchText.of(raw)); // the scan's text too: the same needles match
        if (absent) writer().addDocument(d);
        else writer().updateDocument(new Term(KEY, key), d);
    }

    /** Joined by a line break: a needle of letters and digits never spans two addresses. */
    private static String join(List<String> list) {
        return list.isEmpty() ? null : String.join("\n", list);
    }

    private void text(Document d, String field, String value) {
        if (value == null) return;
        String folded = TextFold.fold(value); // as a whole, exactly as a scan folds it
        d.add(new Field(field, runs.computeIfAbsent(field, f -> new WordRuns()).of(folded), WORDS));
        if (WordRuns.hasLongRun(folded)) d.add(new StringField(LONG, field, Field.Store.NO));
    }

    /**
     * Replaces the envelope the message's document holds (its flags changed, say), leaving what is searched as
     * it is; false when the index has no such field yet (then the caller indexes the message whole).
     */
    boolean putEnvelope(Envelope e) throws IOException {
        IndexWriter w = writer();
        if (!w.getFieldNames().contains(ENVELOPE)) return false;
        // BODYLESS stays: a body attached or removed changes what is searched, so that message is put whole.
        w.updateBinaryDocValue(new Term(KEY, key(e.ref())), ENVELOPE, new BytesRef(EnvelopeCodec.encode(e)));
        return true;
    }

    private static long bodyless(Envelope e) {
        return e.cached() ? 0 : 1;
    }

    void delete(MessageRef r) throws IOException {
        writer().deleteDocuments(new Term(KEY, key(r)));
    }

    void deleteKey(String key) throws IOException {
        writer().deleteDocuments(new Term(KEY, key));
    }

    void deleteAll() throws IOException {
        writer().deleteAll();
    }

    /** Makes everything written so far durable, recording the store change counter it reflects. */
    void commit(long seq, long storeId) throws IOException {
        IndexWriter w = writer();
        w.setLiveCommitData(Map.of(SEQ, Long.toString(seq), STORE, Long.toString(storeId), FORMAT_KEY, Integer.toString(FORMAT)).entrySet());
        w.commit();
    }

    /** Every live document by key, as of the last refresh. */
    Map<String, Indexed> contents() throws IOException {
        IndexWriter w;
        synchronized (this) {
            w = writer;
        }
        if (w == null || !w.hasUncommittedChanges()) {
            // The last commit is the writer's view: read it without a near-real-time reader, which would
            // map the writer's inputs from now on (PrivateDirectory).
            if (!DirectoryReader.indexExists(dir)) return Map.of();
            try (DirectoryReader r = DirectoryReader.open(dir)) {
                return contents(r);
            }
        }
        if (w.getDocStats().maxDoc == 0) return Map.of(); // a new index, or everything deleted since the last commit
        SearcherManager m = searchers();
        m.maybeRefreshBlocking();
        IndexSearcher s = m.acquire();
        try {
            return contents(s.getIndexReader());
        } finally {
            m.release(s);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (searchers != null) searchers.close();
            if (retired != null) retired.close();
            if (writer != null) writer.rollback(); // the caller committed what it meant to keep
        } finally {
            dir.close();
        }
    }
}
