package dev.postern.ui;

import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.thread.Columns;
import dev.postern.thread.IndexOrder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Builds the index's whole-folder order (threads, another sort, a limit) on its own thread, so a folder
 * of 100,000 messages never stalls the keys. One build at a time; a request made while one runs
 * replaces any other waiting request (only the newest arrangement matters). Replies are posted to the
 * UI loop tagged with their request number, so the UI can drop a stale one.
 */
final class Arranger {
    static final int READ_CHUNK = 5_000;

    private final dev.postern.controller.Reading c;
    private final ExecutorService worker = IdleEndingWorker.named("postern-index-arrange");
    private volatile long requested;
    /** The folder's size in the store when the last build read it (-1: a limit's build, which reads no count). */
    private volatile int lastCount = -1;
    // The last whole-folder read, reused while the folder's size is unchanged: changing the sort, threads
    // or limit of a 100,000-message folder then costs the arranging only, not another full store read
    // (the read is most of the cost). Kept as columns (UIDs, dates, sizes, flags, shared sender and subject
    // strings, hashed thread links: about 60 bytes a message), never as envelope objects. Rows re-read their
    // envelopes from the store when shown. Worker thread only.
    private String cachedKey;
    private Columns cached;
    // Orders built from that read, by threads/sort/reverse: toggling back to one already built is instant.
    // Orders under a limit are kept apart (limited), for less long.
    private final java.util.Map<Arrangement, IndexOrder> orders = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Arrangement, IndexOrder> eldest) {
            return size() > 4;
        }
    };

    /**
     * Run once an arrangement of a folder above {@link #PREFETCH_LIMIT} is built: one full collection, after which the
     * JVM (the launchers' -XX:-ShrinkHeapInSteps) gives the old generation back down to 30% above what is live. The
     * last collection during the build had seen its scratch (the read's envelopes, the forest being made), and until
     * the next one the reader kept that much heap: at 100,000 messages anywhere from 25 to 32 MB for 18 MB live, as
     * the timing fell. About 20 ms, once per order built (after it is handed over), not on a toggle back to a kept one.
     */
    private final Runnable giveBack;

    Arranger(dev.postern.controller.Reading c) {
        this(c, System::gc);
    }

    Arranger(dev.postern.controller.Reading c, Runnable giveBack) {
        this.c = c;
        this.giveBack = giveBack;
    }

    /**
     * Messages came or went: the whole-folder read kept for reuse is stale even when the count is the same
     * (one in, one out). Cleared on the worker thread, in order before the next build.
     */
    void forget() {
        worker.execute(() -> {
            cachedKey = null;
            cached = null;
            orders.clear();
            limited.clear();
        });
    }

    /**
     * Reads the folder ahead on the worker, after the index has painted its first page, so the first
     * threads/sort toggle costs only the arranging. Holds the folder's columns in memory (about 60 bytes a
     * message and its distinct strings) while the reader shows it.
     */
    void prefetch(String account, String folder, Arrangement next) {
        if (MailController.UNIFIED.equals(account)) return;
        dev.postern.model.StartupTrace.mark("index: read-ahead asked"); // after the first screen (PaintFirstIT)
        worker.execute(() -> { // the count too: the UI thread never reads the store
            try {
                if (c.count(account, folder) > PREFETCH_LIMIT) return;
                if (next == null || !next.needsWholeFolder() || next.limit() != null) {
                    all(account, folder);
                    return;
                }
                // The arrangement one key away (threads on, or off) is built too, and its rows made once: the first
                // T then costs what a second one does (a lookup and a frame), not a cold arrange on the user's path.
                order(account, folder, next).rows(java.util.Set.of(), IndexOrder.Glyphs.UNICODE);
            } catch (RuntimeException e) {
                // a store failure shows when the user asks for the arrangement, not now
            }
        });
    }

    /**
     * Above this a folder is not read ahead: reading every envelope maps the store's pages that hold them (about
     * 27 MB of the store file resident for 100,000 messages), more memory than a wait for the first toggle costs.
     */
    static final int PREFETCH_LIMIT = 50_000;

    /** How many orders were arranged (not found kept): what a second toggle must not add to. */
    private final java.util.concurrent.atomic.AtomicInteger arranged = new java.util.concurrent.atomic.AtomicInteger();

    int arranged() { return arranged.get(); }

    private IndexOrder arrange(Columns cols, Arrangement a) {
        arranged.incrementAndGet();
        return IndexOrder.arrange(cols, a.threaded(), a.key(), a.reverse());
    }

    /** The folder's size as the last finished build read it; read it once its future completed. */
    int lastCount() { return lastCount; }

    /** The number of the newest request; a reply with another number is stale. */
    long latest() { return requested; }

    CompletableFuture<IndexOrder> build(String account, String folder, Arrangement a) {
        long id = ++requested;
        return CompletableFuture.supplyAsync(() -> {
            if (id != requested) throw new java.util.concurrent.CancellationException("superseded");
            lastCount = c.count(account, folder);
            int built = arranged.get();
            IndexOrder order = a.limit() != null ? limitedOrder(account, folder, a) : order(account, folder, a);
            // Queued behind this build: the order reaches the screen first, the pause comes after.
            if (arranged.get() != built && lastCount > PREFETCH_LIMIT) worker.execute(giveBack);
            return order;
        }, worker);
    }

    private IndexOrder limitedOrder(String account, String folder, Arrangement a) {
        Limited kept = limited.get(a);
        if (kept != null && kept.key().equals(account + "\u0000" + folder + "\u0000" + lastCount)) return kept.order();
        IndexOrder order = arrange(matching(account, folder, a), a);
        limited.put(a, new Limited(account + "\u0000" + folder + "\u0000" + lastCount, order));
        return order;
    }

    /** The order for {@code a} (no limit) over the folder's kept read: the one built before, else built now. Worker only. */
    private IndexOrder order(String account, String folder, Arrangement a) {
        String before = cachedKey;
        Columns cols = all(account, folder);
        if (!java.util.Objects.equals(before, cachedKey)) orders.clear(); // a new read: orders of the old one are stale
        IndexOrder order = orders.get(a);
        if (order == null) {
            order = arrange(cols, a);
            orders.put(a, order);
        }
        return order;
    }

    /** A limit's order, and the folder and size it was built for. */
    private record Limited(String key, IndexOrder order) {}

    /**
     * Orders under a limit, kept until anything in the folder changes ({@link #folderChanged}): a flag change can
     * change what matches ("-seen"), so they live shorter than the others. Worker thread only.
     */
    private final java.util.Map<Arrangement, Limited> limited = new java.util.LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Arrangement, Limited> eldest) {
            return size() > 2;
        }
    };

    /** Flags (or anything else) changed in the folder shown: limits are matched anew. In order before the next build. */
    void folderChanged() {
        worker.execute(limited::clear);
    }

    private Columns all(String account, String folder) {
        int total = c.count(account, folder);
        String key = account + "\u0000" + folder + "\u0000" + total;
        if (key.equals(cachedKey)) return cached;
        cached = null; // the old read and its orders are not kept beside the new one
        cachedKey = null;
        orders.clear();
        Columns.Builder out = new Columns.Builder(total);
        // In chunks: the store reads a page at a time anyway, and a huge single page would hold a lock long.
        for (int off = 0; off < total; off += READ_CHUNK) {
            List<Envelope> page = c.page(account, folder, off, Math.min(READ_CHUNK, total - off));
            if (page.isEmpty()) break;
            for (Envelope e : page) out.add(e);
        }
        cachedKey = key;
        cached = out.build();
        return cached;
    }

    /** The same local search as `postern search --local`; All Inboxes has no one account, so headers only. */
    private Columns matching(String account, String folder, Arrangement a) {
        if (!MailController.UNIFIED.equals(account) && onKeptFields(a.limit())) {
            // Sender, subject, date and size never change and the kept read is current as to which messages there are:
            // matched here, as the store's scan would (Query.matches), without another read of the folder.
            Columns all = all(account, folder);
            int[] hits = new int[all.size()];
            int n = 0;
            for (int i = 0; i < all.size(); i++) if (a.limit().matches(all.envelope(i), x -> null)) hits[n++] = i;
            return all.subset(java.util.Arrays.copyOf(hits, n));
        }
        Columns.Builder out = new Columns.Builder(64);
        if (MailController.UNIFIED.equals(account)) { // whole envelopes: the query may ask for To or Cc, which columns lack
            int total = c.count(account, folder);
            for (int off = 0; off < total; off += READ_CHUNK) {
                List<Envelope> page = c.page(account, folder, off, Math.min(READ_CHUNK, total - off));
                if (page.isEmpty()) break;
                for (Envelope e : page) if (a.limit().matches(e, x -> null)) out.add(e);
            }
            return out.build();
        }
        for (Envelope e : c.search(account, folder, a.limit(), true).join()) out.add(e);
        return out.build();
    }

    /** Whether a query asks only for what the columns hold and no change of flags can alter: sender, subject, date, size. */
    static boolean onKeptFields(dev.postern.model.Query q) {
        if (q instanceof dev.postern.model.Query.Contains c) {
            return c.field() == dev.postern.model.Query.Field.FROM || c.field() == dev.postern.model.Query.Field.SUBJECT;
        }
        if (q instanceof dev.postern.model.Query.OnDay || q instanceof dev.postern.model.Query.Size) return true;
        if (q instanceof dev.postern.model.Query.Not n) return onKeptFields(n.q());
        if (q instanceof dev.postern.model.Query.And and) return and.all().stream().allMatch(Arranger::onKeptFields);
        if (q instanceof dev.postern.model.Query.Or or) return or.any().stream().allMatch(Arranger::onKeptFields);
        return false; // flags (they change), To, Cc, body, text
    }
}
