package dev.postern.store;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@code search --local} in a process of its own needs of the store besides the search index, kept beside the
 * closed store ({@code search.snapshot}) so that it answers without opening MapDB (issue 16: the store's open was a
 * third of such a search): the index commit that holds the store's present state, and each folder's UIDVALIDITY and
 * the UIDs the store keeps alone ({@link MailStore#detached}). The rule for believing it is {@link ListingCache}'s:
 *
 * <ul>
 * <li>Every open of the store deletes it, under the data directory's lock and before MapDB touches a byte
 *     ({@link #forget}): a process that may write the store (or its index) leaves none behind it while it runs, and
 *     a killed one (a crash in the middle of indexing) leaves none at all.</li>
 * <li>It is written only at a clean close, after MapDB has closed and before the lock is let go, and only when the
 *     store's search index said at its own close that its last commit holds the store's present state (the store's
 *     change counter and identity: {@link StoreIndex#closedAt}), with nothing written after the store's last commit.</li>
 * <li>It is believed only when its stamp of the store's files ({@link ListingCache#stamp}) still matches them and its
 *     checksum its bytes; the index's reader then checks that the latest commit is the one it names.</li>
 * </ul>
 *
 * Anything else is a miss, and the search opens the store as before.
 */
public final class SearchSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(SearchSnapshot.class);
    static final String FILE_NAME = "search.snapshot";
    private static final long MAGIC = 0x706f737465726e53L; // "posternS"
    private static final int VERSION = 1;
    private static final int MAX_BYTES = 16 << 20;

    /** One folder as the store held it: its UIDVALIDITY and the UIDs of it the store keeps alone. */
    public record Folder(long uidValidity, SortedSet<Long> detached) {}

    private final long generation;
    private final long seq;
    private final long storeId;
    private final Map<String, Folder> folders;

    SearchSnapshot(long generation, long seq, long storeId, Map<String, Folder> folders) {
        this.generation = generation;
        this.seq = seq;
        this.storeId = storeId;
        this.folders = folders;
    }

    /** The generation of the index commit that holds the store's state ({@code segments_N}'s N). */
    public long generation() { return generation; }

    /** The store's change counter that commit records. */
    public long seq() { return seq; }

    /** The store's identity that commit records. */
    public long storeId() { return storeId; }

    /** The folder of {@code account} as the store held it, if it held it. */
    public Optional<Folder> folder(String account, String folder) {
        return Optional.ofNullable(folders.get(account + '\0' + folder));
    }

    /**
     * The store is about to be opened, and may change: the data directory's snapshot is no longer to be believed. One
     * that may be believed now is set aside ({@code search.snapshot.prior}, which no search reads) for this process's
     * close: a process that never opens the index (a {@code list --cached} that reads the store) and leaves the store's
     * change counter where it was keeps it ({@link #pending}). Any other is deleted, and so is an older one set aside.
     */
    static void forget(Path dataDir) {
        Path f = dataDir.resolve(FILE_NAME);
        Path prior = dataDir.resolve(FILE_NAME + PRIOR);
        try {
            Files.deleteIfExists(dataDir.resolve(FILE_NAME + ".tmp"));
            boolean believed = read(dataDir).isPresent();
            boolean gone = believed ? move(f, prior) : Files.deleteIfExists(f);
            if (!believed) gone |= Files.deleteIfExists(prior);
            if (gone) StoreFiles.syncDirectory(dataDir); // on the disk before the store or its index can change: a crash cannot bring it back
        } catch (IOException e) {
            // Not deleted: the stamp it holds no longer matches once the store changes, which read() checks.
            LOG.warn("could not delete {}: {}", f, e.toString());
        }
    }

    private static final String PRIOR = ".prior";

    private static boolean move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** The snapshot {@link #forget} set aside at this process's open (its stamp is of the store as it was then); null when none. */
    private static long[] prior(Path dataDir) {
        try {
            DataInputStream in = CheckedFile.read(dataDir.resolve(FILE_NAME + PRIOR), MAGIC, VERSION, MAX_BYTES);
            if (in == null) return null;
            BinaryIO.readString(in); // the stamp of the store's files before this process opened it
            return new long[] {in.readLong(), in.readLong(), in.readLong()};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A snapshot to write beside the store once MapDB has closed ({@link MapDbStore#close}). */
    record Pending(long[] indexMark, Map<String, Folder> folders) {}

    /** At a clean close, after MapDB closed: {@code kept} (null: none) written beside {@code storeFile}, and what the open set aside deleted. */
    static void atClose(Path storeFile, Pending kept) {
        if (kept != null) write(storeFile, kept.indexMark(), kept.folders());
        try {
            Files.deleteIfExists(storeFile.toAbsolutePath().getParent().resolve(FILE_NAME + PRIOR));
        } catch (IOException e) {
            LOG.debug("could not delete the search snapshot set aside: {}", e.toString()); // never read by a search; the next open replaces it
        }
    }

    /**
     * The snapshot of {@code store} (open, its index closed) when the index's last commit ({@code indexMark}, from
     * {@link StoreIndex#closedAt}) holds the store's present state and nothing was written after the store's last
     * commit; else null.
     */
    static Pending pending(MapDbStore store, long[] closedAt) {
        // Untouched here: the index's commit is the one the snapshot set aside at the open named (this process held the lock since).
        long[] indexMark = closedAt == StoreIndex.UNTOUCHED ? prior(store.file().toAbsolutePath().getParent()) : closedAt;
        if (indexMark == null) return null;
        try {
            return store.guard().read(() -> store.guard().uncommitted() || indexMark[1] != store.changeSeq()
                    || indexMark[2] != store.storeId() ? null : new Pending(indexMark, foldersOf(store)));
        } catch (RuntimeException e) {
            return null; // the snapshot only saves time
        }
    }

    /** The folders of every account of {@code store} (read under its guard by the caller). */
    static Map<String, Folder> foldersOf(MailStore store) {
        Map<String, Folder> out = new HashMap<>();
        for (String account : store.accounts()) {
            for (dev.postern.model.Folder f : store.folders(account)) {
                store.folderState(account, f.name()).ifPresent(st -> out.put(account + '\0' + f.name(),
                        new Folder(st.uidValidity(), new TreeSet<>(store.detached(account, f.name(), st.uidValidity())))));
            }
        }
        return out;
    }

    /** Writes the snapshot beside the closed store {@code storeFile}, atomically; a failure is logged, never thrown. */
    static void write(Path storeFile, long[] indexMark, Map<String, Folder> folders) {
        Path dataDir = storeFile.toAbsolutePath().getParent();
        try {
            CheckedFile.write(dataDir.resolve(FILE_NAME), MAGIC, VERSION, ListingCache.stamp(dataDir), 1024, out -> {
                out.writeLong(indexMark[0]);
                out.writeLong(indexMark[1]);
                out.writeLong(indexMark[2]);
                out.writeInt(folders.size());
                for (Map.Entry<String, Folder> e : folders.entrySet()) {
                    BinaryIO.writeString(out, e.getKey());
                    out.writeLong(e.getValue().uidValidity());
                    out.writeInt(e.getValue().detached().size());
                    for (long uid : e.getValue().detached()) out.writeLong(uid);
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep the search snapshot in {}: {}", dataDir, e.toString());
        }
    }

    /** The snapshot kept in {@code dataDir} when there is one that may be believed (see the class); empty otherwise, never an exception. */
    public static Optional<SearchSnapshot> read(Path dataDir) {
        try {
            DataInputStream in = CheckedFile.read(dataDir.resolve(FILE_NAME), MAGIC, VERSION, MAX_BYTES);
            if (in == null || !BinaryIO.readString(in).equals(ListingCache.stamp(dataDir))) return Optional.empty();
            long generation = in.readLong();
            long seq = in.readLong();
            long storeId = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > in.available() / 12) return Optional.empty();
            Map<String, Folder> folders = new HashMap<>();
            for (int k = 0; k < n; k++) {
                String key = BinaryIO.readString(in);
                long validity = in.readLong();
                int d = in.readInt();
                if (d < 0 || d > in.available() / 8) return Optional.empty();
                SortedSet<Long> detached = new TreeSet<>();
                for (int i = 0; i < d; i++) detached.add(in.readLong());
                folders.put(key, new Folder(validity, detached));
            }
            return Optional.of(new SearchSnapshot(generation, seq, storeId, folders));
        } catch (IOException | RuntimeException e) {
            LOG.info("the search snapshot kept in {} is not used: {}", dataDir, e.toString());
            return Optional.empty();
        }
    }

    /** For tests: the folders' keys. */
    List<String> keys() {
        return List.copyOf(folders.keySet());
    }
}
