package dev.postern.store;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.model.Query;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A search index that follows the store (see {@code dev.postern.index.MailIndex}). The store tells it
 * which messages each commit changed; the index answers local searches when it is current and says
 * "not now" otherwise, so the caller scans the store instead and the answer is never wrong.
 */
public interface StoreIndex {

    /**
     * A commit made {@code changed} messages' searched fields or bodies change (added, replaced, from/to/cc/
     * subject, body attached or removed) and {@code retouched} messages' envelopes change only in what is not
     * searched (flags, date, size, ids); each with its envelope exactly as the commit left it in the store (empty:
     * removed), so the index need not read it back. {@code seq} is the store's change counter after that commit.
     * Called under the store's write lock in commit order: must not block (queue the work).
     */
    void committed(long seq, Map<MessageRef, Optional<Envelope>> changed, Map<MessageRef, Envelope> retouched);

    /**
     * The folder's messages under {@code uidValidity} that match, exactly as a scan of the store with
     * {@link Query#matches} would find them, with envelopes equal to the store's (in no particular order);
     * empty when the index cannot answer now.
     */
    Optional<List<Envelope>> search(String account, String folder, long uidValidity, Query query);

    /**
     * {missing, all}: how many of the folder's messages under {@code uidValidity} have no body stored and how many it
     * has, exactly as a count over the store's envelopes finds them; empty when the index cannot answer now.
     */
    default Optional<int[]> bodiesMissing(String account, String folder, long uidValidity) {
        return Optional.empty();
    }

    /** Called before the store closes: finish or set aside the queued work; the store is still open. */
    void close();

    /**
     * After {@link #close}: {generation, seq, storeId} of the index's last commit when that commit holds the store's
     * state at its close (the store's change counter {@code seq} and identity, every commit applied); else null. The
     * store then keeps a {@link SearchSnapshot} beside itself, which a search in a process of its own answers from;
     * {@link #UNTOUCHED} when this process never opened the index.
     */
    default long[] closedAt() {
        return null;
    }

    /**
     * {@link #closedAt}'s answer when this process never opened the index (nothing read or wrote it since the store's
     * open): the snapshot the open set aside still names its commit, if the store's change counter did not move.
     */
    long[] UNTOUCHED = new long[0];
}
