package dev.postern.store;

/**
 * What the store knows of one POP3 message, keyed by account and UIDL: the local UID it was stored
 * under (in folder INBOX, UIDVALIDITY 0), when it was first fetched, its size on the server, and when
 * it was deleted from the server (0 while it is still there). Whether its body is held is told by the
 * envelope's body hash, which is written in the same transaction, so the two can never disagree.
 */
public record UidlEntry(long localUid, long fetchedAtMillis, long size, long deletedAtMillis) {
    public UidlEntry {
        if (localUid <= 0) throw new IllegalArgumentException("local UIDs start at 1: " + localUid);
    }

    public boolean deleted() { return deletedAtMillis != 0; }

    public UidlEntry withDeletedAt(long millis) {
        return new UidlEntry(localUid, fetchedAtMillis, size, millis);
    }
}
