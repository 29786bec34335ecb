package dev.postern.backend.imap;

import java.util.Map;

/**
 * What postern says of itself in IMAP ID (RFC 2971, sent by {@link LoginProtocol} after login): its name and version,
 * nothing else (no host, operating system, Java version or user); and to whom. A Coremail server (NetEase's 163.com and
 * 126.com, and Coremail installations elsewhere, which name themselves in their greeting) refuses every SELECT to a
 * client that has not said who it is ("Unsafe Login"). Other servers that offer ID are not sent it: it would cost
 * every connection a round trip. Sent on every connection a login makes there, before any SELECT, when offered.
 */
final class ClientId {

    /** NetEase's mail domains, whose IMAP servers refuse every folder to a client that has not sent ID. */
    private static final java.util.List<String> WANTED_BY = java.util.List.of("163.com", "126.com", "yeah.net", "188.com",
            "netease.com");

    private ClientId() {}

    /** What ID says: read when it is sent, not when a connection's greeting loads this class. */
    static Map<String, String> fields() {
        return Map.of("name", "postern", "version", dev.postern.model.BuildVersion.text());
    }

    /** Whether a server greeting so is a Coremail one. */
    static boolean wantedByGreeting(String greeting) {
        return greeting != null && greeting.toLowerCase(java.util.Locale.ROOT).contains("coremail");
    }

    /** Whether {@code host} is one of NetEase's (a Coremail server elsewhere says so in its greeting). */
    static boolean wantedBy(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
        for (String d : WANTED_BY) if (h.equals(d) || h.endsWith("." + d)) return true;
        return false;
    }
}
