package dev.postern.store;

import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.model.Work;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mapdb.Atomic;
import org.mapdb.DB;
import org.mapdb.DBException;

import static dev.postern.store.StoreGuard.rootMessage;

/**
 * {@code postern store stats|verify|compact}: the store looked at (and rewritten) as a whole, beside the
 * tables' everyday reads and writes. Stats and verify run under the store's read lock through its
 * {@link StoreGuard}, so their failures are classified as every other read's; verify bounds each walk so a
 * damaged B-tree that loops is reported, not followed forever.
 */
final class StoreMaintenance {
    private final Path file;
    private final StoreGuard guard;
    private final EnvelopeTable envelopes;
    private final BlobStore blobs;
    private final MessageTables messages;
    private final DB db;

    StoreMaintenance(Path file, StoreGuard guard, MessageTables messages, DB db) {
        this.db = db;
        this.messages = messages;
        this.file = file;
        this.guard = guard;
        this.envelopes = messages.envelopes();
        this.blobs = messages.blobs();
    }

    /** Counts and sizes of everything stored; walks every envelope and blob header (no decompression). */
    StoreStats stats() {
        return guard.read(() -> {
            long[] messages = new long[2];
            long[] logical = new long[1];
            Map<String, long[]> sizes = new java.util.HashMap<>();
            long raw = 0, stored = 0, count = 0;
            for (String hash : blobs.hashes()) {
                long[] s = blobs.sizes(hash);
                sizes.put(hash, s);
                raw += s[0];
                stored += s[1];
                count++;
            }
            envelopes.forEach(e -> {
                messages[0]++;
                if (e.bodyHash() == null) return;
                long[] s = sizes.get(e.bodyHash());
                if (s == null) return;
                messages[1]++;
                logical[0] += s[0];
            });
            long fileBytes;
            try {
                fileBytes = Files.size(file);
            } catch (IOException e) {
                fileBytes = -1;
            }
            return new StoreStats(messages[0], messages[1], count, logical[0], raw, stored, fileBytes);
        });
    }

    private long fileSize() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Re-hashes every blob and checks the references: a blob that does not decompress or no longer
     * matches its hash, a message naming a body that is not there, and reference counts that disagree
     * with the envelopes. Each problem names the messages it affects. Changes nothing.
     */
    List<BlobDamage> verify() {
        return guard.read(() -> {
            Map<String, List<MessageRef>> users = new java.util.HashMap<>();
            List<BlobDamage> damage = new ArrayList<>();
            // No table can hold more entries than the file has 16-byte slots: a walk longer than that is one
            // that a damaged node sent round in a circle, and would never end.
            long bound = Math.max(1_000_000L, fileSize() / 16);
            long[] seen = {0};
            // Every other table first: whether they read is worth knowing whatever the messages' own tables say.
            List<BlobDamage> tables = StoreWalk.tables(db, StoreWalk.WALKED_BY_VERIFY, bound);
            try {
                damage.addAll(envelopes.forEachReadable(e -> {
                    StoreWalk.step(seen, bound);
                    if (e.bodyHash() != null) users.computeIfAbsent(e.bodyHash(), h -> new ArrayList<>()).add(e.ref());
                }));
            } catch (RuntimeException e) {
                // The table's own structure is broken: what follows would name sound bodies as unreferenced.
                damage.addAll(StoreWalk.messagesBeyondListing(envelopes, bound, e));
                damage.addAll(tables);
                return damage;
            }
            // The bodies whose record is there: a 200 MB record is read once, here, not again to see that it exists.
            java.util.Set<String> stored = new java.util.HashSet<>();
            try {
                seen[0] = 0;
                for (String hash : blobs.hashes()) {
                    StoreWalk.step(seen, bound);
                    String why = blobs.damage(hash);
                    if (!BlobStore.MISSING.equals(why)) stored.add(hash);
                    if (why != null) damage.add(new BlobDamage(hash, why, users.getOrDefault(hash, List.of()), true));
                }
            } catch (RuntimeException e) {
                damage.add(new BlobDamage(null, StoreWalk.beyondListing("blobs", e), List.of()));
                damage.addAll(tables);
                return damage;
            }
            damage.addAll(tables);
            for (var entry : users.entrySet()) {
                try {
                    if (!blobs.contains(entry.getKey()) || !stored.contains(entry.getKey())) {
                        damage.add(new BlobDamage(entry.getKey(), "the body is missing from the store", entry.getValue(), true));
                    } else if (blobs.refCount(entry.getKey()) != entry.getValue().size()) {
                        damage.add(new BlobDamage(entry.getKey(), "its reference count is " + blobs.refCount(entry.getKey())
                                + " but " + entry.getValue().size() + " messages point at it", entry.getValue()));
                    }
                } catch (RuntimeException e) {
                    damage.add(new BlobDamage(entry.getKey(), "its record is damaged", entry.getValue(), true));
                    org.slf4j.LoggerFactory.getLogger(StoreMaintenance.class).warn("store verify: body {}", entry.getKey(), e);
                }
            }
            try {
                seen[0] = 0;
                for (var entry : blobs.refCounts().entrySet()) {
                    StoreWalk.step(seen, bound);
                    if (!users.containsKey(entry.getKey())) {
                        damage.add(new BlobDamage(entry.getKey(), "no message points at it (reference count "
                                + entry.getValue() + ")", List.of()));
                    }
                }
            } catch (RuntimeException e) {
                damage.add(new BlobDamage(null, StoreWalk.beyondListing("blobRefs", e), List.of()));
            }
            return damage;
        });
    }

    /**
     * Records the messages of {@code found} whose bodies fetching again mends, so that the next sync of their folders
     * (POP3: fetch) does; true when something new was recorded (the caller commits).
     */
    boolean recordDamaged(List<BlobDamage> found) {
        List<MessageRef> refs = found.stream().filter(BlobDamage::mendedByFetching).flatMap(d -> d.messages().stream()).toList();
        return !refs.isEmpty() && guard.write(() -> messages.markDamaged(refs)) > 0;
    }

    /**
     * Rewrites the store into a fresh file holding only live records and replaces the old file with it,
     * so space freed by deleted messages goes back to the disk (MapDB cannot compact a store with a
     * write-ahead log in place). The old file stays untouched until the new one is complete and synced;
     * a crash leaves either the old file or the new one, plus at worst a stray {@code store.db.compact}, which the
     * store's next open removes ({@link StoreFiles#removeStray}).
     * The store must not be open in this process. Returns {bytes before, bytes after}.
     * <p>{@code stop} is asked between records: once it says so (Ctrl-C or SIGTERM on {@code postern store compact}:
     * the process is ending), the copy ends there, is deleted, the store is closed as it was and its lock released,
     * and {@link Work.Cancelled} says nothing was changed. Before, the ending process left the copy (and its journal)
     * beside the store and said nothing.
     */
    static long[] compact(Path dataDir, java.util.function.BooleanSupplier stop) {
        ProcessLock[] lock = new ProcessLock[1];
        try {
            return compact(dataDir, lock, stop);
        } finally {
            if (lock[0] != null) lock[0].release();
        }
    }

    /** What a compaction stopped on the way says. */
    static Work.Cancelled stopped(Path dataDir) {
        return new Work.Cancelled("interrupted: the store was not compacted; nothing was changed (" + dataDir.resolve(MapDbStore.FILE_NAME)
                + " is as it was, and the partial copy was removed).");
    }

    private static long[] compact(Path dataDir, ProcessLock[] lock, java.util.function.BooleanSupplier stop) {
        Path tmp = StoreFiles.sibling(dataDir.resolve(MapDbStore.FILE_NAME).toAbsolutePath(), StoreFiles.COMPACT_SUFFIX);
        Path target;
        long before;
        // The data directory's lock is kept past the old store's close until the new file is in its place: the
        // next owner's open removes a store.db.compact it finds (one a killed compaction left), so none may
        // open while this one's copy still waits to be renamed.
        try (MapDbStore old = MapDbStore.open(dataDir)) {
            lock[0] = old.holdLock(null);
            target = old.file();
            before = Files.size(target);
            Files.deleteIfExists(tmp);
            for (String stray : List.of(".wal.0", ".wal.1", ".wal.2")) Files.deleteIfExists(Path.of(tmp + stray));
            DB fresh = StoreFiles.open(tmp);
            StoreFiles.makePrivate(tmp);
            boolean done = false;
            try {
                StoreOpening.checkFormat(tmp, fresh);
                // Held until the copy ends: MapDB keeps the collections it made only weakly, and one collected before
                // copyAll asks for it by name comes back with MapDB's default serializers, which cannot hold postern's
                // keys (compaction failed with a ClassCastException whenever a collection ran first).
                MapDbStore made = new MapDbStore(tmp, fresh);
                old.guard().exclusive().lock();
                try {
                    copyAll(old.db(), fresh, target, () -> {
                        if (stop.getAsBoolean()) throw stopped(dataDir);
                    });
                } finally {
                    old.guard().exclusive().unlock();
                }
                if (stop.getAsBoolean()) throw stopped(dataDir);
                fresh.commit();
                java.lang.ref.Reference.reachabilityFence(made);
                done = true;
            } finally {
                fresh.close();
                if (!done) deleteQuietly(tmp);
            }
        } catch (IOException | DBException e) {
            if (StoreGuard.isDamage(e)) throw uncompactable(dataDir.resolve(MapDbStore.FILE_NAME), "it " + StoreGuard.damageInWords(e), e);
            throw new PosternException(ExitCode.IOERR, "compacting the store in " + dataDir + " failed (" + rootMessage(e)
                    + "); the store was left as it was; "
                    + SystemCause.advice(e, "check free disk space (compaction needs room for a second copy)"), e);
        }
        try {
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            StoreFiles.syncDirectory(target.getParent());
            return new long[] {before, Files.size(target)};
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new PosternException(ExitCode.IOERR, "the compacted store " + tmp + " could not replace " + target + " ("
                    + rootMessage(e) + "); the old store is still in place", e);
        }
    }

    /** A compaction that failed leaves no second copy of the store behind. */
    private static void deleteQuietly(Path tmp) {
        List<Path> files = new ArrayList<>(StoreFiles.walFiles(tmp));
        files.add(tmp);
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the store's next open deletes it
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    /**
     * 65: the store cannot be compacted because it is damaged ({@code what}: which part, in a user's words); the old
     * file is left as it was. MapDB's own text stays in the log.
     */
    private static PosternException uncompactable(Path file, String what, Throwable e) {
        org.slf4j.LoggerFactory.getLogger(StoreMaintenance.class).warn("compacting {}: {}", file, what, e);
        return new PosternException(ExitCode.DATAERR, "the store " + file + " is damaged (" + what + "), so it cannot be"
                + " compacted; it was left as it was. `postern store verify` lists the damage and says what mends it", e);
    }

    private static void copyAll(DB from, DB to, Path file, Runnable checkStop) {
        List<String> names = new ArrayList<>();
        from.getAllNames().forEach(names::add);
        for (String name : names) {
            if (!to.exists(name)) {
                throw new PosternException(ExitCode.DATAERR, "the store holds a collection '" + name
                        + "' this version of postern does not know, so it will not compact it; upgrade postern");
            }
        }
        for (String name : names) {
            try {
                copy(from, to, name, checkStop);
            } catch (RuntimeException e) {
                // A damaged table's read throws from inside MapDB (a node's IndexOutOfBounds): damage (65), not a bug (70).
                if (e instanceof PosternException p && p.exitCode() != ExitCode.SOFTWARE) throw p;
                if (StoreGuard.insideMapDb(e) || StoreGuard.isDamage(e)) {
                    throw uncompactable(file, "its " + StoreWalk.words(name) + " does not read to its end", e);
                }
                throw e;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void copy(DB from, DB to, String name, Runnable checkStop) {
        Object source = from.get(name);
        Object sink = to.get(name);
        int n = 0;
        if (source instanceof Map m && sink instanceof Map t) {
            for (Object e : m.entrySet()) {
                Map.Entry entry = (Map.Entry) e;
                checkStop.run();
                t.put(entry.getKey(), entry.getValue());
                if (++n % 2000 == 0) to.commit();
            }
        } else if (source instanceof java.util.Set s && sink instanceof java.util.Set t) {
            for (Object e : s) {
                checkStop.run();
                t.add(e);
                if (++n % 2000 == 0) to.commit();
            }
        } else if (source instanceof Atomic.Integer a && sink instanceof Atomic.Integer b) {
            b.set(a.get());
        } else if (source instanceof Atomic.Long a && sink instanceof Atomic.Long b) {
            // The offline queue's id sequence: ids must keep ascending after a compaction.
            b.set(a.get());
        } else {
            throw new PosternException(ExitCode.DATAERR, "the store's collection '" + name
                    + "' has a shape this version of postern cannot copy, so it will not compact the store");
        }
    }
}
