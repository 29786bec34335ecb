package dev.postern.backend.pop3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The names the ledger knows POP3 messages by: the server's UIDL; {@code sha256:HEADER} for a message without one;
 * {@code UIDL|sha256:HEADER} (and {@code #N} after it for the same header again) for each message of a UIDL a broken
 * server gives more than one.
 */
public final class Pop3Keys {
    private Pop3Keys() {}

    /** What comes between a shared UIDL and its message's header hash. */
    static final String SHARED = "|sha256:";

    /**
     * Makes the listing's UIDLs distinct: the ledger knows a message by its UIDL, so two messages under one (a broken
     * server: RFC 1939 wants them unique) made the second count as the first, its body stored over the first's and
     * both deleted. Every message of a shared UIDL is known by it and its header's hash instead, whichever comes first,
     * so that neither passes for the other when the server lists them in another order; the same header as well
     * (or the same header hash, for messages with no UIDL) adds the place among those. {@code header} gives message
     * n's header, or null when it is gone (its name is then null too).
     */
    static void distinct(String[] uids, IntFunction<byte[]> header) {
        Map<String, Integer> count = new HashMap<>();
        for (String u : uids) if (u != null) count.merge(u, 1, Integer::sum);
        for (int i = 0; i < uids.length; i++) {
            if (uids[i] != null && count.get(uids[i]) > 1 && !uids[i].startsWith("sha256:")) {
                byte[] h = header.apply(i + 1);
                uids[i] = h == null ? null : uids[i] + SHARED + sha256(h);
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < uids.length; i++) {
            if (uids[i] == null) continue;
            int k = seen.merge(uids[i], 1, Integer::sum);
            if (k > 1) uids[i] = uids[i] + "#" + k;
        }
    }

    /** The UIDL a name was made from for a shared UIDL ({@code UIDL|sha256:...}), or null for any other name. */
    public static String sharedUidl(String key) {
        int at = key.indexOf(SHARED);
        return at <= 0 || key.startsWith("sha256:") ? null : key.substring(0, at);
    }

    /** Whether {@code key}, made for a shared UIDL, names a message whose whole text is {@code message}. */
    public static boolean namesMessage(String key, byte[] message) {
        int at = key.indexOf(SHARED);
        if (at < 0) return false;
        String hash = key.substring(at + SHARED.length());
        int place = hash.indexOf('#');
        if (place >= 0) hash = hash.substring(0, place);
        // TOP's header with its empty line, as RFC 1939 has it, or without, as some servers send it.
        int end = headerEnd(message);
        int bare = end >= 2 && message[end - 2] == '\r' ? end - 2 : end - 1;
        return hash.equals(sha256(java.util.Arrays.copyOf(message, end)))
                || bare > 0 && hash.equals(sha256(java.util.Arrays.copyOf(message, bare)));
    }

    /** Whether {@code top} (TOP's answer, with or without its empty line) is the header of {@code message}. */
    public static boolean sameHeader(byte[] top, byte[] message) {
        int end = headerEnd(message);
        int topEnd = headerEnd(top);
        return java.util.Arrays.equals(java.util.Arrays.copyOf(message, end), java.util.Arrays.copyOf(top, topEnd))
                || topEnd == top.length && java.util.Arrays.equals(java.util.Arrays.copyOf(message, bare(message, end)), top);
    }

    private static int bare(byte[] m, int end) {
        return end >= 2 && m[end - 2] == '\r' ? end - 2 : Math.max(0, end - 1);
    }

    /** Where the header of {@code m} ends: after its first empty line (CRLF or bare LF), else the whole message. */
    static int headerEnd(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] != '\n') continue;
            if (i + 1 < m.length && m[i + 1] == '\n') return i + 2;
            if (i + 2 < m.length && m[i + 1] == '\r' && m[i + 2] == '\n') return i + 3;
        }
        return m.length;
    }

    /** A UIDL longer than the ledger keeps, as its hash. */
    static String longUidl(String uid) {
        return "sha256-uidl:" + sha256(uid.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
