package dev.postern.store;

import dev.postern.model.MessageRef;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;

/**
 * Byte-array keys for the store's B-trees, which MapDB compares as unsigned bytes. Account and folder
 * are length-prefixed so that the key prefix of folder "a" is never a prefix of folder "ab"'s keys;
 * numbers are big-endian with the sign bit flipped so that unsigned byte order equals signed numeric
 * order.
 */
final class KeyCodec {
    private static final int LONG = 8;

    private KeyCodec() {}

    static byte[] account(String account) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        string(out, account);
        return out.toByteArray();
    }

    static byte[] folder(String account, String folder) {
        return prefix(account, folder).clone();
    }

    /** The folder's key prefix last made, with its account and folder: a listing makes keys of one folder 20,000 times. */
    private record Prefix(String account, String folder, byte[] key) {}

    private static volatile Prefix last;

    /**
     * {@link #folder}'s bytes, shared with other callers: never to be changed. Keys of one folder are made over and
     * over (each put makes an envelope key, a date key and a counter key; a listing's rows ask whether each is kept
     * locally only), and encoding the two names each time was a sixth of a 20k listing's allocation (issue 16).
     */
    private static byte[] prefix(String account, String folder) {
        Prefix p = last;
        if (p != null && p.account.equals(account) && p.folder.equals(folder)) return p.key;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        string(out, account);
        string(out, folder);
        byte[] key = out.toByteArray();
        last = new Prefix(account, folder, key);
        return key;
    }

    /** A key of the folder's prefix, {@code uidValidity} and {@code extra} more longs to be filled in. */
    private static byte[] generationKey(String account, String folder, long uidValidity, int extra) {
        byte[] prefix = prefix(account, folder);
        byte[] key = Arrays.copyOf(prefix, prefix.length + LONG * (1 + extra));
        putLong(key, prefix.length, ordered(uidValidity));
        return key;
    }

    /**
     * The second string of a key made by {@link #folder} (a folder's name, a UIDL, a queue id): what
     * follows the account's length-prefixed name.
     */
    static String nameAfterAccount(String account, byte[] key) {
        byte[] prefix = account(account);
        int p = prefix.length;
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int b = key[p++] & 0xFF;
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        byte[] name = Arrays.copyOfRange(key, p, p + n);
        try {
            return BinaryIO.decodeString(name);
        } catch (java.io.IOException e) {
            throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.DATAERR,
                    "a folder name in the store is damaged; remove and resynchronise account " + account, e);
        }
    }

    /** Prefix of every key of a folder under one UIDVALIDITY; also the per-folder counter key. */
    static byte[] generation(String account, String folder, long uidValidity) {
        return generationKey(account, folder, uidValidity, 0);
    }

    static byte[] envelope(MessageRef ref) {
        byte[] key = generationKey(ref.account(), ref.folder(), ref.uidValidity(), 1);
        putLong(key, key.length - LONG, ordered(ref.uid()));
        return key;
    }

    /**
     * Index key that sorts a folder newest first: descending date, then descending UID. A missing date
     * takes the largest rank so that undated messages come last.
     */
    static byte[] byDate(MessageRef ref, Instant date) {
        byte[] key = generationKey(ref.account(), ref.folder(), ref.uidValidity(), 2);
        putLong(key, key.length - 2 * LONG, dateRank(date));
        putLong(key, key.length - LONG, ~ordered(ref.uid()));
        return key;
    }

    /** The ref an envelope key was made from (the inverse of {@link #envelope}). */
    static MessageRef refOfEnvelopeKey(byte[] key) {
        int[] pos = {0};
        String account = readString(key, pos);
        String folder = readString(key, pos);
        long uidValidity = ordered(getLong(key, pos[0]));
        return new MessageRef(account, folder, uidValidity, ordered(getLong(key, pos[0] + LONG)));
    }

    private static String readString(byte[] key, int[] pos) {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int b = key[pos[0]++] & 0xFF;
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        byte[] s = Arrays.copyOfRange(key, pos[0], pos[0] + n);
        pos[0] += n;
        try {
            return BinaryIO.decodeString(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a key in the store is damaged", e);
        }
    }

    /** The account a key of any per-account table begins with (its first length-prefixed string). */
    static String accountOf(byte[] key) {
        return readString(key, new int[] {0});
    }

    static long uidOfEnvelopeKey(byte[] key) {
        return ordered(getLong(key, key.length - LONG));
    }

    static long uidOfDateKey(byte[] key) {
        return ordered(~getLong(key, key.length - LONG));
    }

    static long uidValidityOfGeneration(byte[] key) {
        return ordered(getLong(key, key.length - LONG));
    }

    /** Smallest key greater than every key starting with {@code prefix}, or null if there is none. */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    private static long dateRank(Instant date) {
        if (date == null) return -1L; // all ones: the largest unsigned value
        long millis;
        try {
            millis = date.toEpochMilli();
        } catch (ArithmeticException outOfRange) {
            millis = date.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        // Long.MIN_VALUE would rank as all ones and tie with "no date"; a millisecond later is harmless.
        if (millis == Long.MIN_VALUE) millis++;
        return ~ordered(millis);
    }

    /** Flips the sign bit; an involution, so it both encodes and decodes. */
    private static long ordered(long v) {
        return v ^ Long.MIN_VALUE;
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = BinaryIO.encodeString(s);
        int n = b.length;
        while ((n & ~0x7F) != 0) {
            out.write((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.write(n);
        out.write(b, 0, b.length);
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = LONG - 1; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < LONG; i++) v = (v << 8) | (b[at + i] & 0xFF);
        return v;
    }
}
