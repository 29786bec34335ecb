package dev.postern.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mapdb.Atomic;
import org.mapdb.DB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code store verify}'s look at the store's structure: every table walked to its end (bounded, so a damaged node
 * that sends a walk round in a circle is reported, not followed), and one that cannot be read said per table in a
 * user's words ("the store's list of messages in Bulk of demo is damaged beyond listing"). MapDB's own text and the
 * Java exception go to the log only. Called under the store's read lock.
 */
final class StoreWalk {
    private static final Logger log = LoggerFactory.getLogger(StoreWalk.class);

    /** Tables {@link StoreMaintenance#verify} walks itself, record by record. */
    static final Set<String> WALKED_BY_VERIFY = Set.of("envelopes", "blobs", "blobRefs");

    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("folders", "list of folders"),
            Map.entry("folderStates", "record of each folder's last sync"),
            Map.entry("envelopes", "list of messages"),
            Map.entry("envelopesByDate", "index of messages by date"),
            Map.entry("folderCounters", "message counts of the folders"),
            Map.entry("blobs", "table of message bodies"),
            Map.entry("blobRefs", "reference counts of message bodies"),
            Map.entry("pop3Uidls", "POP3 ledger of the messages downloaded"),
            Map.entry("accountOrigins", "record of the mailbox each account's mail came from"),
            Map.entry("pendingActions", "queue of changes made offline"),
            Map.entry("pendingSeq", "numbering of the queued changes"),
            Map.entry("bodiesComplete", "marks of folders whose bodies are all stored"),
            Map.entry("outbox", "outbox"),
            Map.entry("outboxSeq", "numbering of the outbox"),
            Map.entry("detachedEnvelopes", "marks of messages kept only here"),
            Map.entry("indexChangeSeq", "change counter of the search index"),
            Map.entry("storeId", "identity"),
            Map.entry("arrivalsKnown", "time arrivals were first recorded"),
            Map.entry("damagedBodies", "list of damaged bodies"),
            Map.entry("postern.format", "format mark"));

    private StoreWalk() {}

    /** A table's name in a user's words: "list of messages", "outbox". */
    static String words(String table) {
        return WORDS.getOrDefault(table, "table '" + table + "'");
    }

    /** The problem of a table that cannot be read to its end; {@code e} goes to the log. */
    static String beyondListing(String table, RuntimeException e) {
        log.warn("store verify: the table {} does not read to its end", table, e);
        return "the store's " + words(table) + " is damaged beyond listing" + (e instanceof Loop ? " (it goes round in a circle)" : "");
    }

    /** A walk longer than the file has room for: a damaged node sent it round in a circle. */
    static final class Loop extends IllegalStateException {
        Loop() {
            super("the walk goes round in a circle");
        }
    }

    /** Counts one more step of a walk, failing it past {@code bound}. */
    static void step(long[] seen, long bound) {
        if (++seen[0] > bound) throw new Loop();
    }

    /**
     * After the walk of every message failed ({@code e}): the folders whose messages cannot all be read, each named
     * (found through the folders' counters); one line for the whole list when even those do not read.
     */
    static List<BlobDamage> messagesBeyondListing(EnvelopeTable envelopes, long bound, RuntimeException e) {
        List<BlobDamage> out = new ArrayList<>();
        List<FolderName> folders = envelopes.unreadableFolders(bound);
        if (folders == null || folders.isEmpty()) {
            out.add(new BlobDamage(null, beyondListing("envelopes", e), List.of()));
            return out;
        }
        log.warn("store verify: the list of messages does not read to its end", e);
        for (FolderName f : folders) {
            out.add(new BlobDamage(null, "the store's list of messages in " + f.folder() + " of " + f.account()
                    + " is damaged beyond listing", List.of()));
        }
        return out;
    }

    /** An account and folder whose list of messages does not read. */
    record FolderName(String account, String folder) {}

    /** Every table but {@code skip} walked to its end (values too); one problem per table that cannot be. */
    @SuppressWarnings("rawtypes")
    static List<BlobDamage> tables(DB db, Set<String> skip, long bound) {
        List<BlobDamage> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            db.getAllNames().forEach(names::add);
        } catch (RuntimeException e) {
            out.add(new BlobDamage(null, beyondListing("catalog of tables", e), List.of()));
            return out;
        }
        for (String name : names) {
            if (skip.contains(name)) continue;
            try {
                Object table = db.get(name);
                long[] seen = {0};
                if (table instanceof Map m) {
                    for (Object entry : m.entrySet()) {
                        step(seen, bound);
                        ((Map.Entry) entry).getValue();
                    }
                } else if (table instanceof Iterable s) {
                    for (Object ignored : s) step(seen, bound);
                } else if (table instanceof Atomic.Long a) {
                    a.get();
                } else if (table instanceof Atomic.Integer a) {
                    a.get();
                }
            } catch (RuntimeException e) {
                out.add(new BlobDamage(null, beyondListing(name, e), List.of()));
            }
        }
        return out;
    }
}
