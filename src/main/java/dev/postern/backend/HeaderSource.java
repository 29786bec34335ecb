package dev.postern.backend;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Header-only access to a folder: envelopes, flags and UIDs, never message bodies. */
public interface HeaderSource {

    /** Opens (selects) the folder and reports its UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and size. */
    FolderStatus open(String folder);

    /**
     * Envelopes of every message with UID &ge; {@code fromUid}, handed to {@code sink} in batches in ascending
     * UID order, so a caller can commit and show progress per batch. The first batch holds at most
     * {@code firstBatch} (the first rows come quickly), each next one up to twice the one before and never more
     * than {@code largestBatch}: a big folder costs few round trips and commits, and memory stays bounded.
     */
    void envelopes(String folder, long fromUid, int firstBatch, int largestBatch, Consumer<List<Envelope>> sink);

    /**
     * As {@link #envelopes(String, long, int, int, Consumer)}, only the UIDs below {@code belowUid}: the rest of a
     * folder whose newest messages were listed first ({@link #newest}).
     */
    default void envelopes(String folder, long fromUid, long belowUid, int firstBatch, int largestBatch,
            Consumer<List<Envelope>> sink) {
        envelopes(folder, fromUid, firstBatch, largestBatch, batch -> {
            List<Envelope> below = batch.stream().filter(e -> e.ref().uid() < belowUid).toList();
            if (!below.isEmpty()) sink.accept(batch instanceof CutShort ? new CutShort(below) : below);
        });
    }

    /**
     * The last batch of a listing the server cut off midway (a BYE, a closed link): the envelopes read whole before
     * the cut, handed on before the failure is thrown. Worth keeping, but not proof of progress: the server need not
     * answer in UID order, so a UID below one of these may still be missing, and the listing's mark stays put.
     */
    final class CutShort extends java.util.AbstractList<Envelope> {
        private final List<Envelope> envelopes;

        public CutShort(List<Envelope> envelopes) {
            this.envelopes = List.copyOf(envelopes);
        }

        @Override
        public Envelope get(int i) {
            return envelopes.get(i);
        }

        @Override
        public int size() {
            return envelopes.size();
        }
    }

    /**
     * The envelopes of the folder's newest {@code count} messages (the last by message number, as the folder was
     * opened), in ascending UID order: what a first screen of an empty store shows, listed before the rest.
     * Empty when the source cannot tell them (the default): the caller then lists from the oldest up.
     */
    default List<Envelope> newest(String folder, int count) {
        return List.of();
    }

    /** The envelope of one message by UID, or empty when the folder has no such UID. */
    java.util.Optional<Envelope> envelope(String folder, long uid);

    /** UID &rarr; flags of every message with UID below {@code belowUid}: tells both flag changes and what vanished. */
    Map<Long, Flags> flags(String folder, long belowUid);
}
