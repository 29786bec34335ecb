package dev.postern.app;

import dev.postern.cli.CachedList;
import dev.postern.command.ListCommand.Row;
import dev.postern.store.ListingCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CachedList.Kept} over the store's {@link ListingCache}: the rows a plain {@code list --cached} asks for,
 * when the listing kept beside the store holds them all (the first {@code limit}, or the whole folder).
 */
final class KeptListings implements CachedList.Kept {
    @Override
    public List<Row> rows(Path dataDir, String account, String folder, Integer limit) {
        Optional<ListingCache.Listing> kept = ListingCache.read(dataDir, account, folder);
        if (kept.isEmpty()) return null;
        ListingCache.Listing l = kept.get();
        int wanted = limit == null ? l.total() : Math.min(limit, l.total());
        if (wanted < 0 || wanted > l.envelopes().size()) return null; // it holds fewer rows than asked for
        List<Row> rows = new ArrayList<>(wanted);
        for (int i = 0; i < wanted; i++) rows.add(new Row(l.envelopes().get(i), l.localOnly().get(i), "", null));
        return rows;
    }
}
