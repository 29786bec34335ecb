package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last listings a process printed, kept beside the store ({@code listing.cache}) so that the next {@code list
 * --cached} in a process of its own can print them without opening MapDB (issue 16: the store's open is a third of
 * such a command). A header cache in the manner of mutt's, with an exact rule for when it may be believed:
 *
 * <ul>
 * <li>Every open of the store deletes the file, under the data directory's lock and before MapDB touches a byte
 *     ({@link #forget}): a process that may write the store leaves no listing behind it while it runs, and a killed
 *     one leaves none at all.</li>
 * <li>It is written only at a clean close, after MapDB has closed and before the lock is let go, with the listings
 *     read since the last write to the store ({@link MapDbStore#keepListing}), and a stamp of the store's files
 *     (name, size, modification time, inode of each {@code store.db*}).</li>
 * <li>It is believed only when that stamp still matches the files and its checksum its bytes: a postern that knows
 *     nothing of it (an older one), a restored backup or a store moved aside changes the stamp.</li>
 * </ul>
 *
 * Anything else (no file, a torn one, another format, another stamp, a folder it does not hold) is a miss, and the
 * command opens the store as before.
 */
public final class ListingCache {
    private static final Logger LOG = LoggerFactory.getLogger(ListingCache.class);
    static final String FILE_NAME = "listing.cache";
    private static final long MAGIC = 0x706f737465726e4cL; // "posternL"
    private static final int VERSION = 1;
    /** Larger files are not read (a listing of 1,000 rows is about 300 KB). */
    private static final int MAX_BYTES = 16 << 20;

    private ListingCache() {}

    /**
     * One folder's listing, newest first, as {@code list} printed it: the first {@code envelopes.size()} of
     * {@code total} messages, and for each whether the store holds the only copy (retention deleted the server's).
     */
    public record Listing(String account, String folder, int total, List<Envelope> envelopes, List<Boolean> localOnly) {
        public Listing {
            envelopes = List.copyOf(envelopes);
            localOnly = List.copyOf(localOnly);
            if (envelopes.size() != localOnly.size() || total < envelopes.size()) {
                throw new IllegalArgumentException("a listing's rows and their marks differ in number");
            }
        }
    }

    /** Deletes the data directory's listings: the store is about to be opened, and may change. */
    static void forget(Path dataDir) {
        Path f = dataDir.resolve(FILE_NAME);
        try {
            Files.deleteIfExists(dataDir.resolve(FILE_NAME + ".tmp")); // left by a process killed while writing it
            if (Files.deleteIfExists(f)) {
                // The deletion reaches the disk before the store can change, so a crash cannot bring back a
                // listing of a store that moved on (the stamp would tell too; this does not rely on it alone).
                StoreFiles.syncDirectory(dataDir);
            }
        } catch (IOException e) {
            // A listing that cannot be deleted must not be believed: the stamp taken at its writing no longer
            // matches once the store changes, which is what read() checks.
            LOG.warn("could not delete {}: {}", f, e.toString());
        }
    }

    /**
     * Writes {@code listings} beside the closed store {@code storeFile}, atomically (a temporary file renamed); a
     * failure is logged, never thrown: the listings only save time.
     */
    static void write(Path storeFile, Collection<Listing> listings) {
        Path dataDir = storeFile.toAbsolutePath().getParent();
        try {
            CheckedFile.write(dataDir.resolve(FILE_NAME), MAGIC, VERSION, stamp(dataDir), 4096, out -> {
                out.writeInt(listings.size());
                for (Listing l : listings) {
                    BinaryIO.writeString(out, l.account());
                    BinaryIO.writeString(out, l.folder());
                    out.writeInt(l.total());
                    out.writeInt(l.envelopes().size());
                    for (int i = 0; i < l.envelopes().size(); i++) {
                        Envelope e = l.envelopes().get(i);
                        out.writeLong(e.ref().uidValidity());
                        out.writeLong(e.ref().uid());
                        out.writeBoolean(l.localOnly().get(i));
                        byte[] record = EnvelopeCodec.encode(e);
                        out.writeInt(record.length);
                        out.write(record);
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep the listing in {}: {}", dataDir, e.toString());
        }
    }

    /**
     * The listing of {@code folder} of {@code account} kept in {@code dataDir}, when one is kept and may be believed
     * (see the class); empty otherwise, never an exception.
     */
    public static Optional<Listing> read(Path dataDir, String account, String folder) {
        try {
            DataInputStream in = CheckedFile.read(dataDir.resolve(FILE_NAME), MAGIC, VERSION, MAX_BYTES);
            if (in == null || !BinaryIO.readString(in).equals(stamp(dataDir))) return Optional.empty();
            int n = in.readInt();
            for (int k = 0; k < n; k++) {
                String a = BinaryIO.readString(in);
                String fo = BinaryIO.readString(in);
                int total = in.readInt();
                int rows = in.readInt();
                // Counts and lengths are checked against the bytes left before anything is sized by them.
                if (rows < 0 || total < rows || rows > in.available() / 21) return Optional.empty();
                boolean wanted = a.equals(account) && fo.equals(folder);
                List<Envelope> envelopes = new ArrayList<>(wanted ? rows : 0);
                List<Boolean> localOnly = new ArrayList<>(wanted ? rows : 0);
                for (int i = 0; i < rows; i++) {
                    long validity = in.readLong();
                    long uid = in.readLong();
                    boolean local = in.readBoolean();
                    int length = in.readInt();
                    if (length < 0 || length > in.available()) return Optional.empty();
                    byte[] record = new byte[length];
                    in.readFully(record);
                    if (!wanted) continue;
                    envelopes.add(EnvelopeCodec.decode(new MessageRef(a, fo, validity, uid), record));
                    localOnly.add(local);
                }
                if (wanted) return Optional.of(new Listing(a, fo, total, envelopes, localOnly));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.info("the listing kept in {} is not used: {}", dataDir, e.toString());
            return Optional.empty();
        }
    }

    /**
     * What the store's files are now: name, size, modification time (nanoseconds) and inode of every
     * {@code store.db*} (the store, its journal, MapDB's logs), sorted by name.
     */
    static String stamp(Path dataDir) throws IOException {
        TreeMap<String, String> files = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(dataDir, MapDbStore.FILE_NAME + "*")) {
            for (Path p : dir) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                files.put(p.getFileName().toString(), a.size() + "/" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)
                        + "/" + a.fileKey());
            }
        }
        if (!files.containsKey(MapDbStore.FILE_NAME)) throw new IOException("no store in " + dataDir);
        StringBuilder sb = new StringBuilder();
        files.forEach((name, what) -> sb.append(name).append(' ').append(what).append('\n'));
        return sb.toString();
    }
}
