package dev.postern.store;

import dev.postern.model.MessageRef;
import dev.postern.model.Query;
import java.util.Optional;
import java.util.Set;

/**
 * A search index that follows the store (see {@code dev.postern.index.MailIndex}). The store tells it
 * which messages each commit changed; the index answers local searches when it is current and says
 * "not now" otherwise, so the caller scans the store instead and the answer is never wrong.
 */
public interface StoreIndex {

    /**
     * A commit made these messages' envelopes or bodies change (added, replaced, body attached or
     * removed); {@code seq} is the store's change counter after that commit. Called under the store's
     * write lock in commit order: must not block (queue the work).
     */
    void committed(long seq, Set<MessageRef> changed);

    /**
     * UIDs of the folder's messages under {@code uidValidity} that match, exactly as a scan of the store
     * with {@link Query#matches} would find them; empty when the index cannot answer now.
     */
    Optional<long[]> search(String account, String folder, long uidValidity, Query query);

    /** Called before the store closes: finish or set aside the queued work; the store is still open. */
    void close();
}
