package dev.postern.controller;

import dev.postern.model.Envelope;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.render.RenderedMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The only thing the UI and the CLI talk to. Methods that return plain values answer from the store at
 * once (cheap, bounded reads: safe on the UI thread); methods that return futures do their work on the
 * account's own executor and never block the caller. Futures fail with
 * {@link dev.postern.model.PosternException} carrying a user-facing sentence.
 */
public interface MailController extends AutoCloseable {

    /** Account names in config order. */
    List<String> accounts();

    /** The virtual folder that merges the INBOX of the accounts in {@link #unifiedInbox()}. */
    String ALL_INBOXES = "All Inboxes";

    /**
     * The pseudo-account under which {@link #ALL_INBOXES} is addressed in folders/count/page/refreshFolder/
     * refreshFolders/connectionState. Its rows keep their real refs, so read/markSeen go to the right account.
     */
    String UNIFIED = "*";

    /** Accounts whose INBOX feeds {@link #ALL_INBOXES}, in config order; empty when not configured. */
    default List<String> unifiedInbox() { return List.of(); }

    /** True when {@code folder} names the virtual folder and it is configured (whatever account is current). */
    default boolean isAllInboxes(String folder) {
        return !unifiedInbox().isEmpty() && ALL_INBOXES.equalsIgnoreCase(folder);
    }

    /** Cached folders of an account, INBOX first then by name. */
    List<Folder> folders(String account);

    /** Lists folders with counts on the server and records them in the store. */
    CompletableFuture<List<Folder>> refreshFolders(String account);

    /** Cached number of messages in a folder. */
    int count(String account, String folder);

    /** One page of cached envelopes, newest first. */
    List<Envelope> page(String account, String folder, int offset, int limit);

    /**
     * Whether a cached message is kept locally only: retention deleted its server copy on purpose, so flag
     * changes and deletes on it touch the store only.
     */
    default boolean localOnly(MessageRef ref) {
        return false;
    }

    /** The UIDs of a folder kept locally only (see {@link #localOnly(MessageRef)}), for the folder's current UIDVALIDITY. */
    default java.util.SortedSet<Long> localOnly(String account, String folder) {
        return new java.util.TreeSet<>();
    }

    /**
     * Brings the folder's envelopes and flags in line with the server, header-only (no bodies), publishing
     * {@link Event.Progress} and {@link Event.EnvelopesLoaded} as batches land. Completes with the total.
     */
    CompletableFuture<Integer> refreshFolder(String account, String folder);

    /** Envelope of a cached message. */
    Optional<Envelope> envelope(MessageRef ref);

    /**
     * The message rendered for reading: from the store when cached, else fetched (without setting
     * \Seen) and cached. Does not mark the message read: call {@link #markSeen} once it is shown.
     */
    CompletableFuture<RenderedMessage> read(MessageRef ref);

    /** The exact RFC 822 bytes, from the store or the server. */
    CompletableFuture<byte[]> raw(MessageRef ref);

    /** Sets \Seen on the server and in the store. */
    CompletableFuture<Void> markSeen(MessageRef ref);

    ConnectionState connectionState(String account);

    // ---- IMAP in depth: these fail with "cannot" for accounts (or controllers) without the capability ----

    /** Sets or clears one flag on messages of a folder, on the server then in the store. Completes with the count. */
    default CompletableFuture<Integer> setFlags(String account, String folder, java.util.Collection<Long> uids,
            dev.postern.model.Flag flag, boolean on) {
        return unsupported(account, "change flags");
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
        return unsupported(account, "move messages");
    }

    default CompletableFuture<Integer> copy(String account, String folder, java.util.Collection<Long> uids, String target) {
        return unsupported(account, "copy messages");
    }

    /** Moves messages to Trash; with {@code expunge} (or inside Trash) removes them for good. */
    default CompletableFuture<Integer> delete(String account, String folder, java.util.Collection<Long> uids, boolean expunge) {
        return unsupported(account, "delete messages");
    }

    /**
     * Brings the store in line with the server for every subscribed folder of the account (or just
     * {@code folder} when not null): new, vanished and re-flagged messages, and unless {@code headersOnly}
     * the bodies not cached yet (up to fetch_whole_below). Changes nothing on the server.
     */
    default CompletableFuture<List<SyncReport>> sync(String account, String folder, boolean headersOnly) {
        return unsupported(account, "sync");
    }

    /**
     * Messages of a folder matching {@code query}, newest first. On the server (SEARCH; the folder's headers
     * are brought up to date first, never bodies), or with {@code local} on the store only.
     */
    default CompletableFuture<List<Envelope>> search(String account, String folder, dev.postern.model.Query query, boolean local) {
        return unsupported(account, "search");
    }

    default CompletableFuture<Void> createFolder(String account, String name) {
        return unsupported(account, "create folders");
    }

    default CompletableFuture<Void> renameFolder(String account, String from, String to) {
        return unsupported(account, "rename folders");
    }

    default CompletableFuture<Void> deleteFolder(String account, String name) {
        return unsupported(account, "delete folders");
    }

    default CompletableFuture<Void> subscribe(String account, String name, boolean subscribed) {
        return unsupported(account, "change subscriptions");
    }

    private static <T> CompletableFuture<T> unsupported(String account, String what) {
        return CompletableFuture.failedFuture(new dev.postern.model.PosternException(
                dev.postern.model.ExitCode.UNAVAILABLE, "account " + account + " cannot " + what + " here."));
    }

    /** Changes queued while the account's server was unreachable, oldest first; replayed on the next connection. */
    default List<dev.postern.store.PendingAction> pending(String account) {
        return List.of();
    }

    /** Push: follows another client's changes to this folder while it is shown (no-op where unsupported). */
    /** Writing and sending mail, or null when this controller cannot send (tests, demo). */
    default dev.postern.compose.Outgoing outgoing() { return null; }

    default void watch(String account, String folder) {}

    /** Registers a listener for every {@link Event}; returns a handle that unregisters it. */
    AutoCloseable subscribe(Consumer<Event> listener);

    @Override
    void close();
}
