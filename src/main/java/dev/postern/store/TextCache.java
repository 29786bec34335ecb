package dev.postern.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mapdb.DB;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derived text kept beside the store, keyed by content hash: today the text Tika read from an attachment,
 * so a PDF is parsed once however often its message is opened. In its own MapDB file
 * ({@code text-cache.db}) because MapDB's transactions are per file: committing a cache entry from a
 * render thread must never make an account worker's half-written batch in {@code store.db} durable.
 * Everything here can be recomputed, so a damaged file is replaced rather than reported.
 */
public final class TextCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TextCache.class);
    public static final String FILE_NAME = "text-cache.db";
    /** Entries larger than this are not kept: the cache must stay small next to the mail. */
    static final int MAX_ENTRY_BYTES = 4 << 20;

    private final DB db;
    private final HTreeMap<String, byte[]> entries;
    private boolean closed;

    private TextCache(DB db) {
        this.db = db;
        this.entries = map(db);
    }

    private static HTreeMap<String, byte[]> map(DB db) {
        return db.hashMap("text", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
    }

    /**
     * Opens or creates {@code dataDir/text-cache.db}. Made the way the store is (atomically, private, see
     * {@link StoreFiles}), so a crash never leaves it half-made; one that does not open anyway is
     * deleted and started afresh, since everything in it can be recomputed. Opened only while this
     * process holds the data directory's lock (attachments come from the open store).
     */
    public static TextCache open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        StoreFiles.removeLeftovers(file);
        try {
            if (Files.exists(file) && StoreFiles.neverCommitted(file)) Files.delete(file);
            if (!Files.exists(file)) create(file);
            return new TextCache(make(file));
        } catch (RuntimeException | java.io.IOException e) {
            log.warn("the text cache {} could not be opened; starting a new one", file, e);
            try {
                for (Path wal : StoreFiles.walFiles(file)) Files.deleteIfExists(wal);
                Files.deleteIfExists(file);
            } catch (java.io.IOException io) {
                throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.IOERR, "cannot replace the damaged"
                        + " text cache " + file + " (" + StoreFiles.rootMessage(io) + "); remove it, then retry", io);
            }
            create(file);
            return new TextCache(make(file));
        }
    }

    private static void create(Path file) {
        StoreFiles.createAtomically(file, "the text cache", TextCache::map);
    }

    private static DB make(Path file) {
        StoreFiles.makeAllPrivate(file);
        return StoreFiles.open(file);
    }

    public synchronized Optional<byte[]> get(String key) {
        if (closed) return Optional.empty();
        return Optional.ofNullable(entries.get(key));
    }

    /** Stores and commits at once: a cache entry has no partner write to wait for. */
    public synchronized void put(String key, byte[] value) {
        if (closed || value.length > MAX_ENTRY_BYTES) return;
        entries.put(key, value);
        db.commit();
    }

    public synchronized int size() {
        return closed ? 0 : entries.size();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        db.close();
    }
}
