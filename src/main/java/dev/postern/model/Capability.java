package dev.postern.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What an account's backend can do, as data: the controller chooses its paths by these (never by the
 * session's class), and the reader hides or refuses what an account cannot do. A session says its own
 * ({@code MailSession.capabilities()} in backend); before any connection the account's protocol says them
 * ({@link #of(Protocol, boolean)}). A new capability is one constant here plus the sessions that have it.
 */
public enum Capability {
    /** Several folders, listed and managed on the server. */
    FOLDERS,
    /** Flags (\Seen, \Flagged ...) kept on the server; without it the store alone knows what is unread. */
    SERVER_FLAGS,
    /** Messages moved between folders on the server. */
    MOVE,
    /** Messages copied between folders on the server. */
    COPY,
    /** SEARCH run by the server. */
    SERVER_SEARCH,
    /** IDLE: the server tells of changes as they happen. */
    IDLE,
    /** Messages stored into a server folder (import, Sent copies). */
    APPEND,
    /** One part of a message fetched without the rest. */
    PARTIAL_FETCH,
    /** A maildrop: mail is downloaded into the store and the server copy kept or deleted by policy (POP3). */
    MAILDROP;

    private static final Set<Capability> IMAP = Collections.unmodifiableSet(
            EnumSet.of(FOLDERS, SERVER_FLAGS, MOVE, COPY, SERVER_SEARCH, IDLE, APPEND, PARTIAL_FETCH));
    private static final Set<Capability> POP3 = Collections.unmodifiableSet(EnumSet.of(MAILDROP));

    /** What an IMAP session can do. */
    public static Set<Capability> imap() { return IMAP; }

    /** What a POP3 session can do. */
    public static Set<Capability> pop3() { return POP3; }

    /** What an account of {@code protocol} can do, before connecting; {@code idle} is the account's idle setting. */
    public static Set<Capability> of(Protocol protocol, boolean idle) {
        if (protocol == Protocol.POP3) return POP3;
        if (idle) return IMAP;
        EnumSet<Capability> s = EnumSet.copyOf(IMAP);
        s.remove(IDLE);
        return Collections.unmodifiableSet(s);
    }
}
