package dev.postern.backend;

import java.util.Collection;

/**
 * Moves, copies and expunges messages by UID within one account. {@code uidValidity} is the folder's
 * UIDVALIDITY the UIDs were seen under (0: whatever it is now); a mismatch fails before anything is
 * touched, so a recreated folder never has the wrong messages moved. A UID the folder no longer has
 * fails the whole call before anything is changed.
 */
public interface Mover {

    /**
     * MOVE where offered, else COPY then \Deleted and an expunge of exactly those UIDs. {@code attempt} is this
     * transfer across its tries: a try after one that was cut off copies only what the earlier one did not.
     */
    Transfer move(String folder, long uidValidity, Collection<Long> uids, String target, ChangeTry attempt);

    Transfer copy(String folder, long uidValidity, Collection<Long> uids, String target, ChangeTry attempt);

    /** A move that will not be tried again by its caller. */
    default Transfer move(String folder, long uidValidity, Collection<Long> uids, String target) {
        return move(folder, uidValidity, uids, target, ChangeTry.first());
    }

    default Transfer copy(String folder, long uidValidity, Collection<Long> uids, String target) {
        return copy(folder, uidValidity, uids, target, ChangeTry.first());
    }

    /**
     * Sets \Deleted on exactly these UIDs and expunges them, and no other message. A try after one that began
     * ({@code attempt}) takes the UIDs already gone as expunged by it.
     */
    void expunge(String folder, long uidValidity, Collection<Long> uids, ChangeTry attempt);

    default void expunge(String folder, long uidValidity, Collection<Long> uids) {
        expunge(folder, uidValidity, uids, ChangeTry.first());
    }
}
