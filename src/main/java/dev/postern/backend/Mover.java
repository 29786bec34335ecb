package dev.postern.backend;

import java.util.Collection;

/**
 * Moves, copies and expunges messages by UID within one account. {@code uidValidity} is the folder's
 * UIDVALIDITY the UIDs were seen under (0: whatever it is now); a mismatch fails before anything is
 * touched, so a recreated folder never has the wrong messages moved. A UID the folder no longer has
 * fails the whole call before anything is changed.
 */
public interface Mover {

    /** MOVE where offered, else COPY then \Deleted and an expunge of exactly those UIDs. */
    Transfer move(String folder, long uidValidity, Collection<Long> uids, String target);

    Transfer copy(String folder, long uidValidity, Collection<Long> uids, String target);

    /** Sets \Deleted on exactly these UIDs and expunges them, and no other message. */
    void expunge(String folder, long uidValidity, Collection<Long> uids);
}
