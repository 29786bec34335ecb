package dev.postern.index;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.model.Query;
import dev.postern.render.SearchText;
import dev.postern.store.MapDbStore;
import dev.postern.store.StoreIndex;
import static dev.postern.store.StoreIndex.UNTOUCHED;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.lucene.store.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local full-text index (Apache Lucene, in {@code DATA_DIR/index}, 0700/0600), fed as the store
 * commits: the store hands over the messages each commit changed, with their envelopes as committed, and one
 * worker thread ({@code postern-index}) (re)indexes or drops them, reading from the store only the bodies, after
 * the store's commit, so the index is never ahead of the store. Every index commit records the store's change counter it
 * reflects; opening an index whose counter differs from the store's (a crash between the two commits,
 * a store restored or made anew, an index that does not open and is deleted) starts a catch-up on the
 * worker: the store's envelopes and body hashes are compared with the index's and the differences are
 * indexed. Until the index is current, {@link #search} answers empty and the caller scans the store, so
 * a search is never wrong, only slower. Lucene is loaded only when a search or a commit first needs it.
 */
public final class MailIndex implements StoreIndex {
    private static final Logger log = LoggerFactory.getLogger(MailIndex.class);
    public static final String DIR = "index";
    private static final int CHUNK = 1000;
    private static final long OPEN_WAIT_MS = 15_000;
    private static final long CURRENT_WAIT_MS = 3_000;
    private static final long CLOSE_WAIT_S = 120;
    /**
     * How long a close in haste ({@link #hurry}) waits for the worker: what it has in hand then (the first look at the
     * commit point, which loads Lucene: 0.1 s of CPU and over a second on a loaded machine; an open; a comparison with
     * the store; a commit's fsync) is left to end with the process, as a kill would leave it, which the index survives:
     * a commit never claims more than was applied, and the next open compares and catches up (hunt 39-Y, Y5).
     */
    static final long HURRY_WAIT_MS = 50;
    /**
     * While commits keep coming (a listing hands over 500, 1,000, ... 4,000 messages a commit), applied
     * messages are committed to disk after a quiet spell of this long, or once this many wait: a Lucene
     * commit writes and fsyncs every new segment, and one per store commit was a fifth of the index's CPU
     * in a 20k listing. Searches in this process see applied messages at once (the searcher reads the
     * writer); what a crash loses is caught up at the next open, as before.
     */
    private static final long COMMIT_QUIET_MS = 2_000;
    private static final int COMMIT_EVERY = 10_000;
    /**
     * A burst of at least this many messages (a listing into an empty folder, an import) ends with one full
     * collection, at the quiet-spell commit when nothing else is queued: the listing's and the indexing's garbage
     * otherwise stays in the old generation until a collection that may not come in a resident process. The
     * reader after listing 20k messages into an empty store held 24 MB of old generation for 11 MB live, 107-110 MB
     * RSS; one collection (about 20 ms) gave 7 MB back (the launchers' -XX:-ShrinkHeapInSteps, MaxHeapFreeRatio).
     */
    static final int BURST = 5_000;

    private final Path path;
    private final MapDbStore store;
    private final long baseSeq;
    /**
     * The store held no message at {@link #baseSeq} (an empty data directory's first listing): an index with no
     * document is level with it, nothing to catch up. Its catch-up walked the store (by then holding the first
     * batch or two), indexed those messages read back from it, and then again as their commits were applied.
     */
    private final boolean emptyAtBase;
    private final ThreadPoolExecutor worker;
    private final Object progress = new Object();
    private boolean started;
    private volatile LuceneIndex lucene;
    private volatile boolean opened;     // the open was tried (lucene is null if it failed)
    private volatile boolean caughtUp;
    private volatile boolean closing;
    /** Closing for a person who waits (the reader quit: {@link dev.postern.model.Quitting}): what is queued is set aside. */
    private volatile boolean hurry;
    private volatile long appliedSeq = -1;
    private volatile long queuedSeq = -1;
    private long committedSeq = -1;      // worker only
    private int uncommitted;             // worker only
    private boolean commitAsked;         // worker only: a commit after a quiet spell is on its way
    private int burst;                   // worker only: messages applied since the last quiet spell
    private volatile int documentsWritten; // worker only writes it
    private volatile int documentsAdded;   // worker only writes it
    /**
     * The keys of the documents written since the index was first opened in this process with no live document (null
     * when it held some, or it did not open): a key not in it is in no document ({@link KeysWritten}). It outlives a
     * writer reopened after a full disk, whose last commit holds only documents written since. Worker only.
     */
    private KeysWritten written;
    private final int burstSize;
    private final Runnable giveBack;
    private final java.util.function.BooleanSupplier quittingInHaste;
    /** What the writer writes through over the index's directory: the directory itself, or a test's full disk. */
    private final UnaryOperator<Directory> disk;
    final IndexOutage outage;            // worker only (a test reads how many began)

    private MailIndex(Path path, MapDbStore store, int burstSize, Runnable giveBack, java.util.function.BooleanSupplier quittingInHaste,
                      UnaryOperator<Directory> disk, long firstRetryMs) {
        this.path = path;
        this.disk = disk;
        this.outage = new IndexOutage(firstRetryMs);
        this.store = store;
        this.burstSize = burstSize;
        this.giveBack = giveBack;
        this.quittingInHaste = quittingInHaste;
        this.baseSeq = store.changeSeq();
        this.emptyAtBase = store.holdsNoMessages();
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "postern-index");
            t.setDaemon(true);
            return t;
        });
    }

    /** Attaches an index (in {@code dataDir/index}) to a store that was just opened, before any write. */
    public static MailIndex attach(Path dataDir, MapDbStore store) {
        return attach(dataDir, store, BURST, System::gc, dev.postern.model.Quitting::hurried);
    }

    /** As {@link #attach(Path, MapDbStore)}, with what to run when a burst of {@code burstSize} or more ends ({@link #BURST}). */
    static MailIndex attach(Path dataDir, MapDbStore store, int burstSize, Runnable giveBack) {
        return attach(dataDir, store, burstSize, giveBack, dev.postern.model.Quitting::hurried);
    }

    /** As {@link #attach(Path, MapDbStore, int, Runnable)}, with what says, at {@link #close}, that a person waits for it. */
    static MailIndex attach(Path dataDir, MapDbStore store, int burstSize, Runnable giveBack,
                            java.util.function.BooleanSupplier quittingInHaste) {
        return attached(new MailIndex(dataDir.resolve(DIR), store, burstSize, giveBack, quittingInHaste, UnaryOperator.identity(),
                IndexOutage.FIRST_MS));
    }

    /** As {@link #attach(Path, MapDbStore)}, its writer writing through {@code disk} (a test's full disk), mended after {@code firstRetryMs}. */
    static MailIndex attach(Path dataDir, MapDbStore store, UnaryOperator<Directory> disk, long firstRetryMs) {
        return attached(new MailIndex(dataDir.resolve(DIR), store, BURST, () -> { }, () -> false, disk, firstRetryMs));
    }

    /** As {@link #attach(Path, MapDbStore, UnaryOperator, long)}, with what says, at {@link #close}, that a person waits for it. */
    static MailIndex attach(Path dataDir, MapDbStore store, UnaryOperator<Directory> disk, java.util.function.BooleanSupplier quittingInHaste) {
        return attached(new MailIndex(dataDir.resolve(DIR), store, BURST, () -> { }, quittingInHaste, disk, IndexOutage.FIRST_MS));
    }

    private static MailIndex attached(MailIndex index) {
        index.store.attachIndex(index);
        return index;
    }

    /**
     * Opens the index (and loads Lucene) now, on its worker, rather than at the first search or commit; an index behind
     * the store (a crash, a short command that set its catch-up aside) starts catching up there at once. Returns at once.
     */
    public void prepare() {
        start();
    }

    /**
     * For an owner that keeps the store open (the reader, the daemon) as it starts: an index behind the store (a crash,
     * a short command that set its catch-up aside), of another format or that does not open is opened and caught up now
     * on its worker, as {@link #prepare} does; one whose last commit is the store's present state is left unopened until
     * the first search or commit, as before (an idle daemon does not hold Lucene's writer and searchers for nothing).
     */
    public void catchUpIfBehind() {
        if (closing) return;
        try {
            worker.execute(() -> {
                synchronized (this) {
                    if (started || closing) return;
                }
                long[] mark = LuceneIndex.committedMark(path);
                if (hurry) return; // quit meanwhile: the next start looks again
                if (mark != null && mark[1] == store.storeId() && mark[0] == store.changeSeq()) return; // current: a commit starts it
                start();
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) { // closing: the next open catches up
        }
    }

    private synchronized void start() {
        if (started || closing) return;
        started = true;
        try {
            worker.execute(this::openAndCatchUp);
        } catch (java.util.concurrent.RejectedExecutionException closed) { // closing: the next open catches up
        }
    }

    @Override
    public void committed(long seq, Map<MessageRef, Optional<Envelope>> changed, Map<MessageRef, Envelope> retouched) {
        if (closing) return;
        queuedSeq = seq;
        start();
        worker.execute(() -> apply(seq, changed, retouched));
    }

    private void openAndCatchUp() {
        if (hurry) return; // quitting before the index was needed: the next open catches up
        try {
            lucene = LuceneIndex.open(path, disk);
            if (hurry) return; // quit during the open: the next open catches up
            committedSeq = lucene.committedSeq();
            boolean none = lucene.documents() == 0;
            if (none) written = new KeysWritten();
            boolean current = lucene.committedStore() == store.storeId() && lucene.committedSeq() == baseSeq
                    || emptyAtBase && none;
            if (current) caughtUp(baseSeq); // before `opened`: a search waiting for the open must see it current
            opened = true;
            signal();
            if (!current) {
                log.info("the search index is behind the store (index at change {}, store at {}); catching up",
                        lucene.committedSeq(), baseSeq);
                catchUp(false);
            }
        } catch (IOException | RuntimeException e) {
            opened = true;
            fail(e);
        }
    }

    private void caughtUp(long seq) {
        appliedSeq = Math.max(appliedSeq, seq);
        caughtUp = true;
        signal();
    }

    private void signal() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void apply(long seq, Map<MessageRef, Optional<Envelope>> changed, Map<MessageRef, Envelope> retouched) {
        if (hurry) return; // set aside: appliedSeq stays behind the store's, so the next open catches up
        if (outage.on()) { // the index cannot be written: this commit is left to the catch-up that mends it
            repair();
            if (caughtUp) appliedSeq = Math.max(appliedSeq, seq);
            signal();
            return;
        }
        LuceneIndex l = lucene;
        if (l == null) return;
        try {
            for (Map.Entry<MessageRef, Optional<Envelope>> c : changed.entrySet()) {
                if (hurry) return; // part of this commit applied, not counted: the next open compares and catches up
                index(l, c.getKey(), c.getValue());
            }
            for (Envelope e : retouched.values()) retouch(l, e);
            uncommitted += changed.size() + retouched.size();
            burst += changed.size() + retouched.size();
            if (caughtUp) appliedSeq = Math.max(appliedSeq, seq);
            if (uncommitted >= COMMIT_EVERY) {
                commit(l);
            } else if (uncommitted > 0 && !commitAsked && worker.getQueue().isEmpty()) {
                commitAsked = true;
                java.util.concurrent.CompletableFuture.delayedExecutor(COMMIT_QUIET_MS, TimeUnit.MILLISECONDS, worker)
                        .execute(this::commitApplied);
            }
            signal();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** The commit asked for after a quiet spell (on the worker, behind whatever was queued meanwhile). */
    private void commitApplied() {
        commitAsked = false;
        LuceneIndex l = lucene;
        if (l == null) return;
        try {
            if (uncommitted > 0 && !outage.on()) commit(l);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
        if (!worker.getQueue().isEmpty()) return; // the burst goes on
        if (burst >= burstSize && !closing) {
            log.debug("{} messages indexed in one burst; one full collection gives their garbage back", burst);
            giveBack.run();
        }
        burst = 0;
    }

    /**
     * What the worker applied but has not committed yet (commits are paced: see {@link #COMMIT_QUIET_MS}) is
     * committed now, so that {@link #verify}, which reads the committed index, judges what this process has
     * applied, not a commit up to two seconds old. Waits for the worker, at most {@link #CLOSE_WAIT_S}.
     */
    private void commitPending() {
        try {
            worker.submit(() -> {
                LuceneIndex l = lucene;
                if (l == null || uncommitted == 0 || outage.on()) return;
                try {
                    commit(l);
                } catch (IOException | RuntimeException e) {
                    fail(e);
                }
            }).get(CLOSE_WAIT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            // closed or busy: verify reads what is committed, and says whether it is current
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The index could not be opened or written: searches scan from now on, and the index is mended after a back-off
     * ({@link IndexOutage}): opened again when Lucene closed its writer for good (a full disk in a flush or a merge),
     * and caught up with the store, as at an open. Said once in the log per outage.
     */
    private void fail(Exception e) {
        caughtUp = false;
        signal();
        if (closing && hurry) { // left to end with the process: what it met (the store closed under it) is no outage
            log.debug("the search index's work in hand was left at quitting ({}); it catches up next time", e.toString());
            return;
        }
        outage.failed(path, e, lucene == null ? null : lucene.tragedy());
        if (!closing) outage.ask(worker, this::repair);
    }

    /** Mends the index when the outage's next attempt is due: a writer Lucene closed is dropped and the index opened again, then caught up. */
    private void repair() {
        if (closing || hurry || !outage.on()) return;
        if (!outage.due()) {
            outage.ask(worker, this::repair);
            return;
        }
        try {
            usable();
            catchUp(false);
            if (caughtUp) outage.ended();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** The index, opened again when it did not open or Lucene closed its writer for good (what it had not committed is lost: a catch-up follows). */
    private LuceneIndex usable() throws IOException {
        LuceneIndex old = lucene;
        if (old != null && !old.broken()) return old;
        lucene = null; // searches scan meanwhile
        LuceneIndex l = LuceneIndex.reopen(old, path, disk);
        committedSeq = l.committedSeq();
        uncommitted = 0;
        lucene = l;
        return l;
    }

    private void commit(LuceneIndex l) throws IOException {
        long seq = caughtUp ? appliedSeq : committedSeq; // behind: never claim the store's counter
        l.commit(seq, store.storeId());
        committedSeq = seq;
        uncommitted = 0;
    }

    /** Indexes the message as the store holds it now (a catch-up's way). */
    private void reindex(LuceneIndex l, MessageRef ref) throws IOException {
        index(l, ref, store.envelope(ref));
    }

    /** Indexes {@code e} whole (its body read from the store), or drops {@code ref}'s document when empty. */
    private void index(LuceneIndex l, MessageRef ref, Optional<Envelope> e) throws IOException {
        if (e.isEmpty()) {
            l.delete(ref);
            return;
        }
        String hash = e.get().bodyHash();
        String key = LuceneIndex.key(ref);
        boolean absent = absent(key);
        l.put(e.get(), hash == null ? null : blob(hash), key, absent);
        documentsWritten++;
        if (absent) documentsAdded++;
    }

    /** Whether no document holds {@code key} ({@link #written}), recording it as written. */
    private boolean absent(String key) {
        KeysWritten w = written;
        if (w == null) return false;
        if (w.add(key)) return true;
        if (w.full()) written = null; // a key it could not record may be in a document: no more adds in this process
        return false;
    }

    /** How many documents the worker has added without a delete of their key ({@link KeysWritten}). */
    int documentsAdded() {
        return documentsAdded;
    }

    /** How many documents the worker has written (a test counts that each message of a listing is indexed once). */
    int documentsWritten() {
        return documentsWritten;
    }

    /** A body's bytes; null when missing or damaged (indexed without it: mending it tells the index again). */
    private byte[] blob(String hash) {
        try {
            return store.blob(hash).orElse(null);
        } catch (dev.postern.model.DamagedBody damaged) {
            return null;
        }
    }

    /** The message's envelope changed in what is not searched: its document's envelope is replaced, nothing else. */
    private void retouch(LuceneIndex l, Envelope e) throws IOException {
        if (!l.putEnvelope(e)) index(l, e.ref(), Optional.of(e));
    }

    /** As {@link #retouch(LuceneIndex, Envelope)}, with the envelope the store holds now (a catch-up's way). */
    private void retouch(LuceneIndex l, MessageRef ref) throws IOException {
        Optional<Envelope> e = store.envelope(ref);
        if (e.isEmpty()) l.delete(ref);
        else retouch(l, e.get());
    }

    /** Brings the index level with the store; stops early (progress kept) when closing unless {@code finish}. */
    private int catchUp(boolean finish) throws IOException {
        LuceneIndex l = lucene;
        caughtUp = false;
        IndexDiff.Diff d = IndexDiff.of(store, l.contents(), finish ? () -> false : () -> hurry);
        if (d == null) return 0; // quit during the comparison: set aside, the next open compares again
        int n = 0;
        for (String key : d.toDrop()) l.deleteKey(key);
        for (MessageRef ref : d.toRetouch().values()) {
            if (hurry && !finish) return n; // quitting: the next open compares again
            retouch(l, ref);
        }
        for (MessageRef ref : d.toIndex().values()) {
            if (hurry && !finish) {
                log.info("search index catch-up set aside at quitting after {} of {} messages; it goes on next time", n,
                        d.toIndex().size());
                return n;
            }
            reindex(l, ref);
            if (++n % CHUNK == 0) {
                commit(l);
                if (closing && !finish) {
                    log.info("search index catch-up set aside after {} of {} messages; it goes on next time", n, d.toIndex().size());
                    return n;
                }
            }
        }
        appliedSeq = Math.max(appliedSeq, d.storeSeq());
        caughtUp = true;
        commit(l);
        signal();
        log.info("search index caught up: {} messages indexed, {} envelopes replaced, {} dropped", n, d.toRetouch().size(), d.toDrop().size());
        return n;
    }


    /** Whether searches are answered by the index now (else they scan the store). */
    public boolean current() {
        return caughtUp && appliedSeq >= queuedSeq;
    }

    @Override
    public Optional<List<Envelope>> search(String account, String folder, long uidValidity, Query query) {
        // The envelopes are the index's (equal to the store's: the index is current); a body is the store's.
        return answer(account, folder, uidValidity, true, plan -> plan.run(query, e -> {
            byte[] b = e.bodyHash() == null ? null : blob(e.bodyHash());
            return b == null ? null : SearchText.of(b);
        }));
    }

    @Override
    public Optional<int[]> bodiesMissing(String account, String folder, long uidValidity) {
        // Without waiting: asked after a search, which waited; an index still behind then would only keep the scan waiting.
        return answer(account, folder, uidValidity, false, QueryPlan::bodiesMissing);
    }

    /**
     * What {@code ask} makes of the folder's documents once the index is current (with {@code wait}: waiting a while for
     * its open and catch-up); empty when it cannot answer now.
     */
    private <T> Optional<T> answer(String account, String folder, long uidValidity, boolean wait, Asked<T> ask) {
        if (closing) return Optional.empty();
        start();
        if (!await(() -> opened, wait ? OPEN_WAIT_MS : 0) || lucene == null || !caughtUp) return Optional.empty();
        if (!await(this::current, wait ? CURRENT_WAIT_MS : 0)) return Optional.empty();
        LuceneIndex l = lucene;
        try {
            var manager = l.searchers();
            manager.maybeRefreshBlocking();
            var searcher = manager.acquire();
            try {
                return Optional.of(ask.of(new QueryPlan(searcher, account, folder, uidValidity)));
            } finally {
                manager.release(searcher);
            }
        } catch (IOException | RuntimeException e) {
            if (!l.broken()) log.warn("search index query failed ({}); scanning the store", e.toString());
            else if (!closing) notice(l, e); // a merge met a full disk and Lucene closed the writer: not one line a search
            return Optional.empty();
        }
    }

    private interface Asked<T> {
        T of(QueryPlan plan) throws IOException;
    }

    private void notice(LuceneIndex l, Exception e) { // a writer Lucene closed, no write met yet: the worker begins the outage
        try {
            worker.execute(() -> { if (lucene == l && !outage.on()) fail(e); });
        } catch (java.util.concurrent.RejectedExecutionException closed) { // closing: the next open catches up
        }
    }

    private boolean await(java.util.function.BooleanSupplier condition, long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (progress) {
            while (!condition.getAsBoolean()) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0 || closing) return condition.getAsBoolean();
                try {
                    progress.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Waits until the index answers searches (caught up and every commit applied); false on time-out. */
    public boolean awaitCurrent(long millis) {
        start();
        return await(this::current, millis);
    }

    /** Drops the index and builds it anew from the store, now; returns how many messages it holds. */
    public int rebuild() {
        start();
        try {
            return worker.submit(() -> {
                LuceneIndex l = usable(); // a writer a full disk closed is opened again: reindex mends it
                caughtUp = false;
                l.deleteAll();
                committedSeq = -1;
                commit(l);
                catchUp(true);
                outage.ended();
                return l.contents().size();
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            // The innermost cause: a full disk closes Lucene's writer, whose own words ("this IndexWriter is closed")
            // would hide the reason and what to do.
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.IOERR,
                    "the search index could not be rebuilt (" + dev.postern.store.StoreFiles.rootMessage(c)
                    + "); once that is put right, run `postern store reindex` again (search reads the store meanwhile)", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.SOFTWARE, "interrupted", e);
        }
    }

    /**
     * What the index's last commit holds against the store now: {@code current} when it claims to reflect
     * the store's present change counter; then any disagreement is damage. Reads the committed index
     * beside the writer; changes nothing.
     */
    /**
     * What {@link #verify} found; {@code otherFormat}: the format an index of another postern's format names (0 for any
     * other index): one an upgrade left, not damage, which the next open rebuilds.
     */
    public record Verification(boolean opens, String problem, boolean current, int messages, int indexed,
                               int missing, int stale, int extra, int otherFormat) {
        public boolean agrees() {
            return opens && missing == 0 && stale == 0 && extra == 0;
        }

        /** The index is of another postern's format (see {@link #olderPostern}): it does not open, yet nothing is damaged. */
        public boolean otherPostern() {
            return otherFormat != 0;
        }

        /** The index was made by an older postern, as after an upgrade (else, when {@link #otherPostern}, by a newer one). */
        public boolean olderPostern() {
            return otherFormat != 0 && otherFormat < LuceneIndex.FORMAT;
        }
    }

    public Verification verify() {
        commitPending();
        return IndexDiff.verify(path, store);
    }

    /** See {@link StoreIndex#closedAt}: set by the close's last task on the worker. */
    private volatile long[] closedMark;

    @Override
    public long[] closedAt() {
        synchronized (this) {
            if (!started) return UNTOUCHED; // never opened here: the index is as this process found it
        }
        return worker.isTerminated() ? closedMark : null;
    }

    @Override
    public void close() {
        hurry = quittingInHaste.getAsBoolean();
        closing = true;
        signal();
        worker.execute(() -> {
            LuceneIndex l = lucene;
            if (l == null) return;
            try {
                // In haste what was applied and not committed is dropped with the writer: its last commit claims an
                // older change counter, so the next open catches up.
                if (uncommitted > 0 && !outage.on() && !hurry) commit(l);
                // Every commit applied and on disk, the index level with the store: the store keeps a snapshot of it.
                if (!hurry && caughtUp && !outage.on() && uncommitted == 0 && appliedSeq >= queuedSeq) closedMark = l.lastCommit();
            } catch (IOException | RuntimeException e) {
                log.warn("the search index could not be committed at close ({}); it catches up next time",
                        dev.postern.store.StoreFiles.rootMessage(l.tragedy() != null ? l.tragedy() : e));
            }
            l.closeQuietly();
            lucene = null;
        });
        worker.shutdown();
        try {
            if (hurry) {
                if (!worker.awaitTermination(HURRY_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    log.debug("the search index's work in hand is left to end with the process; it catches up next time");
                }
                return;
            }
            if (!worker.awaitTermination(CLOSE_WAIT_S, TimeUnit.SECONDS)) {
                log.warn("the search index did not close in {} s; it catches up next time", CLOSE_WAIT_S);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
