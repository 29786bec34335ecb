package dev.postern.controller;

import static dev.postern.controller.MailController.ALL_INBOXES;
import static dev.postern.controller.MailController.UNIFIED;

import dev.postern.model.Capability;
import dev.postern.model.Envelope;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The store side of {@link Reading}: accounts, cached folders, counts, pages and envelopes, what is kept
 * locally only and what an account can do. Plain values read from the store at once (cheap, bounded reads:
 * safe on the UI thread); the unified inbox answers for its pseudo-account.
 */
final class StoreViews {
    private final ControllerContext ctx;
    private final MailStore store;
    private final UnifiedInbox unified;

    StoreViews(ControllerContext ctx) {
        this.ctx = ctx;
        this.store = ctx.store;
        this.unified = ctx.unified;
    }

    private AccountWorker worker(String account) { return ctx.worker(account); }

    private boolean isUnified(String account) { return ctx.isUnified(account); }

    FolderKnowledge.State folderKnowledge(String account, String folder) {
        return FolderKnowledge.of(store, ctx.config, account, folder);
    }

    int[] bodiesMissing(String account, String folder) {
        if (isUnified(account)) {
            int[] all = {0, 0};
            for (String a : unified.accounts()) {
                int[] one = bodiesMissing(a, "INBOX");
                all[0] += one[0];
                all[1] += one[1];
            }
            return all;
        }
        Optional<dev.postern.store.FolderState> st = store.folderState(account, folder);
        if (st.isEmpty()) return new int[] {0, 0};
        long v = st.get().uidValidity();
        if (store instanceof dev.postern.store.MapDbStore m) {
            // The index counts them as the loop below does, without reading every envelope of the folder (0.1 s at 20k).
            Optional<int[]> counted = m.index().flatMap(i -> i.bodiesMissing(account, folder, v));
            if (counted.isPresent()) return counted.get();
        }
        int[] n = {0, 0};
        for (long uid : store.uids(account, folder, v)) {
            store.envelope(new MessageRef(account, folder, v, uid)).ifPresent(e -> {
                n[1]++;
                if (!e.cached()) n[0]++;
            });
        }
        return n;
    }

    List<String> accounts() {
        return List.copyOf(ctx.workers.keySet());
    }

    List<String> unifiedInbox() {
        return unified.accounts();
    }

    private Folder unifiedFolder() {
        return new Folder(UNIFIED, ALL_INBOXES, '/', unified.count(), unified.unread(), null);
    }

    List<Folder> folders(String account) {
        if (isUnified(account)) return List.of(unifiedFolder());
        worker(account);
        List<Folder> fs = new ArrayList<>(store.folders(account));
        fs.sort(Comparator.comparing((Folder f) -> !f.name().equalsIgnoreCase("INBOX")).thenComparing(Folder::name));
        return fs;
    }

    AddressBook addressBook(java.util.Collection<String> accounts) {
        return AddressBook.scan(store, accounts);
    }

    int count(String account, String folder) {
        if (isUnified(account)) return unified.count();
        return store.count(account, folder);
    }

    List<Envelope> page(String account, String folder, int offset, int limit) {
        if (isUnified(account)) return unified.page(offset, limit);
        return store.page(account, folder, offset, limit);
    }

    Optional<Envelope> envelope(MessageRef ref) {
        return store.envelope(ref);
    }

    Envelope envelope(MessageRef ref, byte[] raw) {
        return envelope(ref).orElseGet(() -> dev.postern.backend.pop3.Pop3Mapper.envelope(ref, raw, raw.length, java.time.Instant.now()));
    }

    long listingMark() {
        return store.listingMark();
    }

    void keepListing(long mark, String account, String folder, int total, List<Envelope> rows, List<Boolean> localOnly) {
        store.keepListing(mark, new dev.postern.store.ListingCache.Listing(account, folder, total, rows, localOnly));
    }

    boolean localOnly(MessageRef ref) {
        return store.isDetached(ref);
    }

    java.util.SortedSet<Long> localOnly(String account, String folder) {
        if (isUnified(account)) return new java.util.TreeSet<>();
        return store.detached(account, folder, ctx.actions.validity(account, folder));
    }

    java.util.Set<Capability> capabilities(String account) {
        return ctx.capabilities(account);
    }
}
