package dev.postern.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link MapDbStore}'s side of {@link ListingCache}: the listings read while the store had nothing uncommitted,
 * each with the write count it was read at, kept beside the store at a clean close only if nothing was written
 * since. Called under the store's {@link StoreGuard} (marks and keeps under a read lock, commits and the close
 * under the write lock).
 */
final class ListingKeeper {
    private final StoreGuard guard;
    /** By folder, each with the write count it was read at. */
    private final Map<List<String>, Map.Entry<Long, ListingCache.Listing>> listings = new HashMap<>();
    /** The write count just after the last commit: equal to the current one while nothing is uncommitted. */
    private volatile long committedWrites;

    ListingKeeper(StoreGuard guard) {
        this.guard = guard;
    }

    /** After a commit, under the write lock. */
    void committed() {
        committedWrites = guard.writes();
    }

    /** See {@link MapDbStore#listingMark}; under a read lock. */
    long mark() {
        return guard.writes() == committedWrites ? guard.writes() : -1L;
    }

    /** See {@link MapDbStore#keepListing}; under a read lock. */
    void keep(long mark, ListingCache.Listing listing) {
        synchronized (listings) {
            List<String> key = List.of(listing.account(), listing.folder());
            if (mark >= 0 && mark == guard.writes()) {
                listings.put(key, Map.entry(mark, listing));
            } else {
                listings.remove(key);
            }
        }
    }

    /** At a clean close, under the lock: the listings nothing was written after, beside the store. */
    void writeBeside(Path file) {
        List<ListingCache.Listing> kept = new ArrayList<>();
        synchronized (listings) {
            for (var e : listings.values()) if (e.getKey() == guard.writes()) kept.add(e.getValue());
        }
        if (!kept.isEmpty()) ListingCache.write(file, kept);
    }
}
