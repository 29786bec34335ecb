package dev.postern.backend;

import dev.postern.model.Flags;
import java.util.Map;
import java.util.SortedSet;

/**
 * What changed in a folder since a known CONDSTORE state, in a few bytes: an incremental sync asks only
 * for changed flags and the list of UIDs that still exist, instead of every message's flags.
 */
public interface DeltaSource {

    /** True when the open folder's server supports CONDSTORE (so {@link #flagsChangedSince} works). */
    boolean condstore();

    /** UID &rarr; flags of messages with UID below {@code belowUid} whose flags changed after {@code modSeq}. */
    Map<Long, Flags> flagsChangedSince(String folder, long belowUid, long modSeq);

    /**
     * As {@link #flagsChangedSince(String, long, long)}, the answer held to {@code present}, the folder's UIDs below
     * {@code belowUid} in message-number order: an answer whose message numbers and UIDs disagree with them names
     * messages that did not change (hunt33-X X7), so the source gives every flag below {@code belowUid} instead.
     */
    default Map<Long, Flags> flagsChangedSince(String folder, long belowUid, long modSeq, SortedSet<Long> present) {
        return flagsChangedSince(folder, belowUid, modSeq);
    }

    /** Every UID below {@code belowUid} the folder holds now (compact ESEARCH answer where offered). */
    SortedSet<Long> uidsBelow(String folder, long belowUid);

    /**
     * Every UID from {@code fromUid} and below {@code belowUid} the folder holds now: a sync's gap step asks only the
     * range it lists (the reconcile asked what lies below it already).
     */
    default SortedSet<Long> uidsIn(String folder, long fromUid, long belowUid) {
        return new java.util.TreeSet<>(uidsBelow(folder, belowUid).tailSet(fromUid));
    }
}
