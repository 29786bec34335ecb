package dev.postern.app;

import dev.postern.cli.LocalSearchLine;
import dev.postern.index.SnapshotSearch;
import dev.postern.model.Envelope;
import dev.postern.model.Query;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link LocalSearchLine.Indexed} over the index's {@link SnapshotSearch}: a plain {@code search --local} answered
 * without opening the store, its matches ordered as the store's search orders them.
 */
final class IndexedSearches implements LocalSearchLine.Indexed {
    @Override
    public LocalSearchLine.Found search(Path dataDir, String account, String folder, Query query, boolean bodiesMissing) {
        Optional<SnapshotSearch.Answer> a = SnapshotSearch.search(dataDir, account, folder, query, bodiesMissing);
        if (a.isEmpty()) return null;
        List<Envelope> found = new ArrayList<>(a.get().found());
        found.sort(dev.postern.controller.LocalSearch.NEWEST_FIRST);
        return new LocalSearchLine.Found(found, a.get().localOnly(), a.get().bodiesMissing());
    }
}
