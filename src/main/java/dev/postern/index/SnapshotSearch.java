package dev.postern.index;

import dev.postern.model.Envelope;
import dev.postern.model.Query;
import dev.postern.store.SearchSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import org.apache.lucene.search.IndexSearcher;

/**
 * A search answered by the index alone, without opening the store: from the index commit the store's
 * {@link SearchSnapshot} names (the one that held the store's state when it last closed cleanly, which no process
 * has changed since: any open of the store deletes the snapshot). The answer is {@link MailIndex#search}'s over that
 * commit, so the store's; a query that needs a body read from the store, or a commit that is not the named one, is
 * no answer, and the caller opens the store as before.
 */
public final class SnapshotSearch {
    private SnapshotSearch() {}

    /** The matches (in no particular order), the UIDs of the folder the store keeps alone, and {missing, all} bodies when asked (else null). */
    public record Answer(List<Envelope> found, SortedSet<Long> localOnly, int[] bodiesMissing) {}

    /** Thrown out of the plan when a term needs a body: only the store has it. */
    private static final class NeedsStore extends RuntimeException {
        NeedsStore() {
            super(null, null, false, false);
        }
    }

    /** The folder's matches as the store's search would find them, from the snapshot kept in {@code dataDir}; empty when it cannot say. */
    public static Optional<Answer> search(Path dataDir, String account, String folder, Query q, boolean bodiesMissing) {
        Optional<SearchSnapshot> snapshot = SearchSnapshot.read(dataDir);
        if (snapshot.isEmpty()) return Optional.empty();
        SearchSnapshot s = snapshot.get();
        Optional<SearchSnapshot.Folder> f = s.folder(account, folder);
        if (f.isEmpty()) return Optional.empty();
        dev.postern.model.StartupTrace.mark("search: snapshot read");
        try {
            return Optional.ofNullable(LuceneIndex.withCommit(dataDir.resolve(MailIndex.DIR), s.generation(), s.seq(), s.storeId(), reader -> {
                dev.postern.model.StartupTrace.mark("search: index commit opened");
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCache(null); // one query per process: the cache's policy would only load its classes
                QueryPlan plan = new QueryPlan(searcher, account, folder, f.get().uidValidity());
                List<Envelope> found = plan.run(q, e -> {
                    if (e.bodyHash() == null) return null; // as MailIndex's: no body stored
                    throw new NeedsStore();
                });
                return new Answer(found, f.get().detached(), bodiesMissing ? plan.bodiesMissing() : null);
            }));
        } catch (NeedsStore e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SnapshotSearch.class).debug("the search index did not answer from the store's snapshot", e);
            return Optional.empty();
        }
    }
}
