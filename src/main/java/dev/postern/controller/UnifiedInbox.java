package dev.postern.controller;

import dev.postern.model.Envelope;
import dev.postern.store.MailStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The virtual folder "All Inboxes": the INBOX of several accounts merged newest first, read straight from
 * each account's own newest-first index (a k-way merge over {@link MailStore#page} windows). Nothing is
 * copied: every row keeps its real account, folder and UID, so reading it goes to the right account.
 *
 * <p>Paging forward costs about the page size: the per-account positions at the edges of pages already
 * served are remembered as checkpoints, and a page starts from the nearest one at or before it. The
 * checkpoints are dropped whenever a member INBOX changes.
 */
final class UnifiedInbox {
    static final String INBOX = "INBOX";
    private static final int MAX_CHECKPOINTS = 4096;
    private static final int MIN_WINDOW = 8;
    private static final int MAX_WINDOW = 1000;

    private final MailStore store;
    private final List<String> accounts;
    /** Merged offset -> how many rows of each account come before it. */
    private final TreeMap<Integer, int[]> checkpoints = new TreeMap<>();
    private int[] countsAtCheckpoints = new int[0];

    UnifiedInbox(MailStore store, List<String> accounts) {
        this.store = store;
        this.accounts = List.copyOf(accounts);
    }

    List<String> accounts() { return accounts; }

    boolean isMember(String account) { return accounts.contains(account); }

    int count() {
        int n = 0;
        for (String a : accounts) n += store.count(a, INBOX);
        return n;
    }

    int unread() {
        int n = 0;
        for (String a : accounts) n += store.unread(a, INBOX);
        return n;
    }

    /** A member INBOX changed: earlier positions may no longer hold. */
    synchronized void invalidate() {
        checkpoints.clear();
    }

    synchronized List<Envelope> page(int offset, int limit) {
        if (offset < 0 || limit < 0) throw new IllegalArgumentException("offset and limit must not be negative");
        if (limit == 0 || accounts.isEmpty()) return List.of();
        int[] counts = new int[accounts.size()];
        for (int i = 0; i < counts.length; i++) counts[i] = store.count(accounts.get(i), INBOX);
        if (!Arrays.equals(counts, countsAtCheckpoints)) {
            checkpoints.clear();
            countsAtCheckpoints = counts;
        }
        Map.Entry<Integer, int[]> start = checkpoints.floorEntry(offset);
        int merged = start == null ? 0 : start.getKey();
        int[] pos = start == null ? new int[accounts.size()] : start.getValue().clone();
        // A page of `limit` rows takes at most `limit` from any one account (+1 to see what comes next);
        // skipping from a checkpoint to `offset` reads further windows of the same size.
        int window = Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, limit + 1));
        Cursor[] heads = new Cursor[accounts.size()];
        for (int i = 0; i < heads.length; i++) heads[i] = new Cursor(accounts.get(i), pos[i], counts[i], window);

        List<Envelope> out = new ArrayList<>(Math.min(limit, 1024));
        while (out.size() < limit) {
            int best = -1;
            for (int i = 0; i < heads.length; i++) {
                Envelope h = heads[i].peek();
                if (h == null) continue;
                if (best < 0 || newer(h, i, heads[best].peek(), best)) best = i;
            }
            if (best < 0) break;
            if (merged == offset && merged > 0) remember(merged, heads);
            Envelope e = heads[best].next();
            if (merged >= offset) out.add(e);
            merged++;
        }
        remember(merged, heads);
        return out;
    }

    private void remember(int merged, Cursor[] heads) {
        if (checkpoints.size() >= MAX_CHECKPOINTS) checkpoints.clear();
        int[] at = new int[heads.length];
        for (int i = 0; i < heads.length; i++) at[i] = heads[i].position;
        checkpoints.put(merged, at);
    }

    /**
     * Newest first, as each account's index orders its own folder: by date (undated last), then UID; ties
     * across accounts go to the account listed first.
     */
    private static boolean newer(Envelope a, int ai, Envelope b, int bi) {
        Instant da = a.date(), db = b.date();
        if (da != null && db == null) return true;
        if (da == null && db != null) return false;
        if (da != null) {
            int c = da.compareTo(db);
            if (c != 0) return c > 0;
        }
        if (a.ref().uid() != b.ref().uid()) return a.ref().uid() > b.ref().uid();
        return ai < bi;
    }

    /** One account's INBOX read newest first in windows. */
    private final class Cursor {
        final String account;
        final int total;
        final int window;
        int position;
        List<Envelope> buffer = List.of();
        int bufferStart;

        Cursor(String account, int position, int total, int window) {
            this.account = account;
            this.position = position;
            this.total = total;
            this.window = window;
            this.bufferStart = position;
        }

        Envelope peek() {
            if (position >= total) return null;
            int i = position - bufferStart;
            if (i < 0 || i >= buffer.size()) {
                buffer = store.page(account, INBOX, position, window);
                bufferStart = position;
                i = 0;
                if (buffer.isEmpty()) return null;
            }
            return buffer.get(i);
        }

        Envelope next() {
            Envelope e = peek();
            position++;
            return e;
        }
    }
}
