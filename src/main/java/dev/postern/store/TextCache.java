package dev.postern.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mapdb.DB;
import org.mapdb.DBMaker;
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
        this.entries = db.hashMap("text", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        db.commit();
    }

    /** Opens or creates {@code dataDir/text-cache.db}; a damaged one is moved aside and started afresh. */
    public static TextCache open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            return new TextCache(make(file));
        } catch (RuntimeException e) {
            log.warn("the text cache {} could not be opened; starting a new one", file, e);
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(file.resolveSibling(FILE_NAME + ".wal.0"));
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
            return new TextCache(make(file));
        }
    }

    private static DB make(Path file) {
        return DBMaker.fileDB(file.toFile()).transactionEnable().make();
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
