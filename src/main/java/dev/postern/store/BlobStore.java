package dev.postern.store;

import dev.postern.model.DamagedBody;
import dev.postern.model.PosternException;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Message bodies by the SHA-256 of their raw bytes, compressed and reference-counted, so one message held
 * in several folders or accounts is stored once. Not thread-safe: {@link MapDbStore} serialises writers,
 * and the reference counts only stay right inside the same transaction as the envelope writes.
 */
final class BlobStore {
    static final byte STORED = 0;
    static final byte DEFLATED = 1;

    private final Map<String, BlobRecord.Slice> blobs;
    private final Map<String, Long> refCounts;

    BlobStore(Map<String, BlobRecord.Slice> blobs, Map<String, Long> refCounts) {
        this.blobs = blobs;
        this.refCounts = refCounts;
    }

    static String hash(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Adds one reference to the content, storing it if it is new. Returns its hash. */
    String acquire(byte[] raw) {
        String hash = hash(raw);
        Long count = refCounts.get(hash);
        if (count == null) {
            blobs.put(hash, pack(raw));
            refCounts.put(hash, 1L);
        } else {
            // A re-download is the remedy offered for a damaged blob, so it must actually replace it.
            if (!intact(hash)) blobs.put(hash, pack(raw));
            refCounts.put(hash, count + 1);
        }
        return hash;
    }

    /**
     * Puts {@code raw} (whose hash is {@code hash}) in place of a stored copy that is damaged or missing, with one
     * reference if its count is missing too; true if it did. An intact copy is left alone (one decompression).
     */
    boolean repair(String hash, byte[] raw) {
        if (intact(hash)) return false;
        blobs.put(hash, pack(raw));
        refCounts.putIfAbsent(hash, 1L);
        return true;
    }

    /** Adds one reference to a blob already stored; false if there is no such blob. */
    boolean retain(String hash) {
        Long count = refCounts.get(hash);
        if (count == null) return false;
        refCounts.put(hash, count + 1);
        return true;
    }

    /** Drops one reference; the blob goes when nothing refers to it any more. */
    void release(String hash) {
        Long count = refCounts.get(hash);
        if (count == null) return;
        if (count <= 1) {
            refCounts.remove(hash);
            blobs.remove(hash);
        } else {
            refCounts.put(hash, count - 1);
        }
    }

    private boolean intact(String hash) {
        try {
            Optional<Packed> p = packed(hash);
            if (p.isEmpty()) return false;
            check(p.get());
            return true;
        } catch (PosternException damaged) {
            return false;
        }
    }

    boolean contains(String hash) {
        return refCounts.containsKey(hash);
    }

    long refCount(String hash) {
        return refCounts.getOrDefault(hash, 0L);
    }

    int size() {
        return blobs.size();
    }

    /** Every stored hash, in order. A live view: callers hold the store's lock while they walk it. */
    Iterable<String> hashes() {
        return blobs.keySet();
    }

    /** {raw bytes, stored bytes} of one blob, read from its header without decompressing; null if absent. */
    long[] sizes(String hash) {
        BlobRecord.Slice packed = blobs.get(hash);
        if (packed == null) return null;
        if (packed.length() == 0) return new long[] {0, 0};
        if (packed.at(0) == DEFLATED) {
            int[] pos = {1};
            int length = readLength(packed, pos);
            return new long[] {Math.max(length, 0), packed.length()};
        }
        return new long[] {packed.length() - 1, packed.length()};
    }

    /** What {@link #damage} says of a blob whose record is not there. */
    static final String MISSING = "it is missing";

    /** Why the blob is damaged, or null when it decompresses to bytes matching its hash. */
    String damage(String hash) {
        try {
            Optional<Packed> p = packed(hash);
            if (p.isEmpty()) return MISSING;
            check(p.get()); // streamed: a 200 MB body is never held decompressed
            return null;
        } catch (PosternException e) {
            return e.getMessage().replace("the stored copy of message body " + hash + " is", "it is");
        }
    }

    /** Every reference count, for checking against the envelopes that point at the blobs. */
    Map<String, Long> refCounts() {
        return refCounts;
    }

    /** The exact bytes, checked against their hash so that a damaged blob is never shown as mail. */
    Optional<byte[]> get(String hash) {
        return packed(hash).map(BlobStore::open);
    }

    /** A blob as stored (compressed), read under the store's lock; {@link #open} makes its bytes, outside it. */
    record Packed(String hash, BlobRecord.Slice bytes) {
        /** The length of the message the blob holds, from its header; -1 when the header is broken. */
        long rawLength() {
            if (bytes.length() == 0) return -1;
            if (bytes.at(0) != DEFLATED) return bytes.length() - 1;
            return readLength(bytes, new int[] {1});
        }
    }

    /** The stored form of a blob, not yet decompressed or checked; empty if absent. */
    Optional<Packed> packed(String hash) {
        BlobRecord.Slice packed = blobs.get(hash);
        return packed == null ? Optional.empty() : Optional.of(new Packed(hash, packed));
    }

    /**
     * The exact bytes of a stored blob, checked against their hash so that a damaged blob is never shown as mail.
     * Touches no table: the decompression and the hash of a big body run without the store's lock.
     */
    static byte[] open(Packed p) {
        byte[] raw = unpack(p.hash(), p.bytes());
        if (!hash(raw).equals(p.hash())) throw damaged(p.hash(), "its content no longer matches its hash");
        return raw;
    }

    // Already-compressed mail (images, zips) grows when deflated again; then it is kept as is.
    private static BlobRecord.Slice pack(byte[] raw) {
        return BlobRecord.Slice.of(packBytes(raw));
    }

    private static byte[] packBytes(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 16);
            out.write(DEFLATED);
            writeLength(out, raw.length);
            byte[] buf = new byte[Math.max(1024, Math.min(raw.length, 64 * 1024))];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                out.write(buf, 0, n);
                if (out.size() > raw.length) break;
            }
            if (deflater.finished() && out.size() < raw.length + 1) return out.toByteArray();
        } finally {
            deflater.end();
        }
        byte[] stored = new byte[raw.length + 1];
        stored[0] = STORED;
        System.arraycopy(raw, 0, stored, 1, raw.length);
        return stored;
    }

    private static byte[] unpack(String hash, BlobRecord.Slice packed) {
        if (packed.length() == 0) throw damaged(hash, "it is empty");
        if (packed.at(0) == STORED) {
            byte[] raw = new byte[packed.length() - 1];
            System.arraycopy(packed.array(), packed.offset() + 1, raw, 0, raw.length);
            return raw;
        }
        if (packed.at(0) != DEFLATED) throw damaged(hash, "its format marker " + packed.at(0) + " is unknown");
        int[] pos = {1};
        int length = readLength(packed, pos);
        if (length < 0) throw damaged(hash, "its length header is broken");
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(packed.array(), packed.offset() + pos[0], packed.length() - pos[0]);
            byte[] raw = new byte[length];
            int n = 0;
            while (n < length) {
                int got = inflater.inflate(raw, n, length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) break;
                n += got;
            }
            if (n != length || !inflater.finished()) throw damaged(hash, "it does not decompress to its recorded length");
            return raw;
        } catch (DataFormatException e) {
            throw damaged(hash, e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /**
     * Decompresses and hashes a stored blob a buffer at a time, never holding it decompressed: damage (65) when it does
     * not decompress to its recorded length or its bytes no longer match its hash. What {@code store verify} runs.
     */
    static void check(Packed p) {
        copyChecked(p, java.io.OutputStream.nullOutputStream());
    }

    /**
     * Writes a stored blob's exact bytes to {@code out} a buffer at a time (never the whole message in memory), then
     * checks them against their hash: damage (65) after the copy when they do not match, so the caller keeps what it
     * wrote out of sight until this returns. Returns the number of bytes written.
     */
    static long copyChecked(Packed p, java.io.OutputStream out) {
        String hash = p.hash();
        BlobRecord.Slice packed = p.bytes();
        if (packed.length() == 0) throw damaged(hash, "it is empty");
        byte marker = packed.at(0);
        if (marker != STORED && marker != DEFLATED) throw damaged(hash, "its format marker " + marker + " is unknown");
        long length = p.rawLength();
        if (length < 0) throw damaged(hash, "its length header is broken");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        Inflater inflater = new Inflater();
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        try {
            if (marker == STORED) {
                for (int at = 1; at < packed.length(); at += buf.length) {
                    int len = Math.min(buf.length, packed.length() - at);
                    sha.update(packed.array(), packed.offset() + at, len);
                    write(out, packed.array(), packed.offset() + at, len);
                    n += len;
                }
            } else {
                int[] pos = {1};
                readLength(packed, pos);
                inflater.setInput(packed.array(), packed.offset() + pos[0], packed.length() - pos[0]);
                while (n <= length) {
                    int got = inflater.inflate(buf);
                    if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) break;
                    sha.update(buf, 0, got);
                    write(out, buf, 0, got);
                    n += got;
                }
                if (n != length || !inflater.finished()) throw damaged(hash, "it does not decompress to its recorded length");
            }
        } catch (DataFormatException e) {
            throw damaged(hash, e.getMessage());
        } finally {
            inflater.end();
        }
        if (!HexFormat.of().formatHex(sha.digest()).equals(hash)) throw damaged(hash, "its content no longer matches its hash");
        return n;
    }

    private static void write(java.io.OutputStream out, byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeLength(ByteArrayOutputStream out, int n) {
        while ((n & ~0x7F) != 0) {
            out.write((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.write(n);
    }

    private static int readLength(BlobRecord.Slice b, int[] pos) {
        int n = 0;
        for (int shift = 0; shift < 35 && pos[0] < b.length(); shift += 7) {
            int x = b.at(pos[0]++) & 0xFF;
            n |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return n;
        }
        return -1;
    }

    private static PosternException damaged(String hash, String why) {
        return new DamagedBody(hash, "the stored copy of message body " + hash + " is damaged (" + why + ")");
    }
}
