package dev.postern.controller;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.model.Query;
import dev.postern.render.SearchText;
import dev.postern.store.FolderState;
import dev.postern.store.MailStore;
import dev.postern.store.MapDbStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Search on the store: the same query language, offline; body terms look only at cached bodies. */
public final class LocalSearch {
    private LocalSearch() {}

    /** The order of every local search's matches (a search answered by the index alone too: app's IndexedSearches). */
    public static final Comparator<Envelope> NEWEST_FIRST = Comparator
            .comparing((Envelope e) -> e.date() == null ? java.time.Instant.EPOCH : e.date()).reversed()
            .thenComparing(e -> -e.ref().uid());

    static List<Envelope> run(MailStore store, String account, String folder, Query q) {
        Optional<FolderState> st = store.folderState(account, folder);
        if (st.isEmpty()) return List.of();
        long uidValidity = st.get().uidValidity();
        if (store instanceof MapDbStore m) {
            // The index answers exactly what the scan below would, or nothing (not current yet): then scan.
            // Its envelopes are the store's as of now (kept in the index), so no hit is read from the store again.
            Optional<List<Envelope>> found = m.index().flatMap(i -> i.search(account, folder, uidValidity, q));
            if (found.isPresent()) {
                List<Envelope> out = new ArrayList<>(found.get());
                out.sort(NEWEST_FIRST);
                return out;
            }
        }
        return scan(store, account, folder, q);
    }

    /** Every cached message of the folder checked against the query: the answer without an index. */
    static List<Envelope> scan(MailStore store, String account, String folder, Query q) {
        Optional<FolderState> st = store.folderState(account, folder);
        if (st.isEmpty()) return List.of();
        List<Envelope> out = new ArrayList<>();
        for (long uid : store.uids(account, folder, st.get().uidValidity())) {
            store.envelope(new MessageRef(account, folder, st.get().uidValidity(), uid)).ifPresent(e -> {
                // The decoded text of the text parts, as the index holds it (and as a server's SEARCH BODY reads it).
                if (q.matches(e, env -> body(store, env.ref()))) {
                    out.add(e);
                }
            });
        }
        out.sort(NEWEST_FIRST);
        return out;
    }

    /** A cached body as text; null when not cached or damaged (searched as a message without one). */
    private static String body(MailStore store, MessageRef ref) {
        try {
            return store.body(ref).map(SearchText::of).orElse(null);
        } catch (dev.postern.model.DamagedBody damaged) {
            return null;
        }
    }

    static List<Envelope> envelopes(MailStore store, String account, String folder, Collection<Long> uids) {
        Optional<FolderState> st = store.folderState(account, folder);
        if (st.isEmpty()) return List.of();
        List<Envelope> out = new ArrayList<>();
        for (long uid : uids) store.envelope(new MessageRef(account, folder, st.get().uidValidity(), uid)).ifPresent(out::add);
        out.sort(NEWEST_FIRST);
        return out;
    }
}
