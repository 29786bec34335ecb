package dev.postern.controller;

import dev.postern.model.MessageRef;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Changing messages on the server and in the store: flags, move, copy, delete; queued while the server is
 * unreachable and replayed on the next connection. The typed commands (dev.postern.command) are its users.
 */
public interface MessageChanges {
    /** Sets or clears one flag on messages of a folder, on the server then in the store. Completes with the count. */
    default CompletableFuture<Integer> setFlags(String account, String folder, java.util.Collection<Long> uids,
            dev.postern.model.Flag flag, boolean on) {
        return Unsupported.future(account, "change flags");
    }

    /**
     * A reply to {@code original} was sent or put in the outbox: the original gets \\Answered (the index's A,
     * mutt's r), queued like any flag change while the server is unreachable. The one path the batch
     * {@code reply} and the reader's reply share.
     */
    default CompletableFuture<Void> answered(MessageRef original) {
        return setFlags(original.account(), original.folder(), java.util.List.of(original.uid()),
                dev.postern.model.Flag.ANSWERED, true).thenApply(n -> null);
    }

    /**
     * {@code original} was forwarded: it gets the {@code $Forwarded} keyword where the server keeps keywords,
     * as mutt does. Completes with whether it was set; nothing is queued for a server that is unreachable.
     */
    default CompletableFuture<Boolean> forwarded(MessageRef original) {
        return CompletableFuture.completedFuture(false);
    }

    /** Moves messages to another folder of the account (MOVE, else COPY and expunge of exactly those). */
    default CompletableFuture<Integer> move(String account, String folder, java.util.Collection<Long> uids, String target) {
        return Unsupported.future(account, "move messages");
    }

    default CompletableFuture<Integer> copy(String account, String folder, java.util.Collection<Long> uids, String target) {
        return Unsupported.future(account, "copy messages");
    }

    /** Moves messages to Trash; with {@code expunge} (or inside Trash) removes them for good. */
    default CompletableFuture<Integer> delete(String account, String folder, java.util.Collection<Long> uids, boolean expunge) {
        return Unsupported.future(account, "delete messages");
    }

    /**
     * The changes above for messages the caller saw under the folder's UIDVALIDITY {@code seen} (0: none seen, the UIDs
     * name what they name now). When the folder has another UIDVALIDITY now (another client deleted and re-created it,
     * and its UIDs are other mail), nothing is done and the future fails with {@link dev.postern.model.MessageGone}
     * (66), before the server or the store is touched (hunt 43-R, R9).
     */
    default CompletableFuture<Integer> setFlags(String account, String folder, long seen, java.util.Collection<Long> uids,
            dev.postern.model.Flag flag, boolean on) {
        return setFlags(account, folder, uids, flag, on);
    }

    default CompletableFuture<Integer> move(String account, String folder, long seen, java.util.Collection<Long> uids, String target) {
        return move(account, folder, uids, target);
    }

    default CompletableFuture<Integer> copy(String account, String folder, long seen, java.util.Collection<Long> uids, String target) {
        return copy(account, folder, uids, target);
    }

    default CompletableFuture<Integer> delete(String account, String folder, long seen, java.util.Collection<Long> uids,
            boolean expunge) {
        return delete(account, folder, uids, expunge);
    }

    /**
     * Fails (66, {@link dev.postern.model.MessageGone}) when {@code seen} is not 0 and the folder's UIDVALIDITY is no
     * longer {@code seen}: for an action that reads a message the caller saw (save an attachment, reply, forward).
     */
    default void stillThere(String account, String folder, long seen, java.util.Collection<Long> uids) {
    }

    /**
     * Changes queued while the account's server was unreachable, oldest first; replayed on the next connection.
     * A model type: the store's own record of them stays below the controller.
     */
    default List<dev.postern.model.QueuedChange> queue(String account) {
        return List.of();
    }

    /**
     * Takes back the queued change {@code id} of {@code account} before it is replayed (mutt's undelete for a change
     * made offline): it leaves the queue, and the store shows the folder as the server has it again at the next sync
     * (what the change took out of view is listed again). Completes with the change dropped; fails (66) when the
     * account has no queued change of that id.
     */
    default CompletableFuture<dev.postern.model.QueuedChange> dropQueued(String account, long id) {
        return Unsupported.future(account, "drop a queued change");
    }

    /** What replays of the offline queue did in this process (replayed counts, dropped conflicts). */
    default List<String> queueNotes() {
        return List.of();
    }
}
