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
 * Reading mail: accounts, cached folders and envelopes, a message rendered or raw, its attachments,
 * searching, and the events that tell what changed. Plain values answer from the store at once (safe on the
 * UI thread); futures do their work elsewhere.
 */
public interface Reading {
    /** Account names in config order. */
    List<String> accounts();

    /**
     * What the store holds of accounts the config no longer names (renamed or removed): messages, outbox, queued
     * changes, each still there but out of sight. Reads the store.
     */
    default List<StoredOnly> storedOnly() { return List.of(); }

    /**
     * What the store knows of a folder it holds nothing of (synced, never synced and why, missing, never
     * listed), so a command reading the store alone can say why an answer is empty. Reads the store.
     */
    default FolderKnowledge.State folderKnowledge(String account, String folder) {
        return new FolderKnowledge.State(FolderKnowledge.Kind.SYNCED, null, false);
    }

    /**
     * How many messages of the folder the store holds without their body (a local search's body terms cannot match
     * them), and how many it holds in all. Reads every envelope of the folder: off the UI thread.
     */
    default int[] bodiesMissing(String account, String folder) {
        return new int[] {0, 0};
    }

    /** Accounts whose INBOX feeds {@link MailController#ALL_INBOXES}, in config order; empty when not configured. */
    default List<String> unifiedInbox() { return List.of(); }

    /** True when {@code folder} names the virtual folder and it is configured (whatever account is current). */
    default boolean isAllInboxes(String folder) {
        return !unifiedInbox().isEmpty() && MailController.ALL_INBOXES.equalsIgnoreCase(folder);
    }

    /** What the account's backend can do (folders, moving, server search ...), known from its configuration. */
    default java.util.Set<dev.postern.model.Capability> capabilities(String account) {
        return java.util.EnumSet.allOf(dev.postern.model.Capability.class);
    }

    /** Cached folders of an account, INBOX first then by name. */
    List<Folder> folders(String account);

    /** Cached number of messages in a folder. */
    int count(String account, String folder);

    /** One page of cached envelopes, newest first. */
    List<Envelope> page(String account, String folder, int offset, int limit);

    /**
     * A mark to read a listing under ({@link #keepListing}); -1 when the store would not keep one (it holds
     * uncommitted writes, or there is no store).
     */
    default long listingMark() {
        return -1;
    }

    /**
     * Remembers the listing just read since {@code mark}: the first {@code rows.size()} of {@code total} messages of
     * {@code folder}, newest first, each with whether only the store holds it. At a clean close, if nothing changed
     * the store meanwhile, it is kept beside the store for the next {@code list --cached} in its own process.
     */
    default void keepListing(long mark, String account, String folder, int total, List<Envelope> rows, List<Boolean> localOnly) {}

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

    /** Envelope of a cached message. */
    Optional<Envelope> envelope(MessageRef ref);

    /** The cached envelope, else one read from the message's own header ({@code raw}: its bytes). */
    default Envelope envelope(MessageRef ref, byte[] raw) {
        return envelope(ref).orElseThrow(() -> new dev.postern.model.PosternException(dev.postern.model.ExitCode.NOINPUT,
                "account " + ref.account() + ": message " + ref.uid() + " is not in the store."));
    }

    /**
     * The ref of a UID in the folder's current UIDVALIDITY, fetching just that envelope when it is not
     * cached yet (a script may read a UID it never listed).
     */
    default CompletableFuture<MessageRef> locate(String account, String folder, long uid) {
        return Unsupported.future(account, "find messages by UID");
    }

    /**
     * The ref of a UID the caller saw under the folder's UIDVALIDITY {@code seen} (0: none seen, as {@link #locate}):
     * the message as seen, from the store or in hand (a reader shows it); fails with
     * {@link dev.postern.model.MessageGone} when the folder was re-created since, never naming the new message with that
     * UID (hunt 43-R, R9).
     */
    default CompletableFuture<MessageRef> locate(String account, String folder, long seen, long uid) {
        return locate(account, folder, uid);
    }

    /**
     * The message rendered for reading: from the store when cached, else fetched (without setting
     * \Seen) and cached. Does not mark the message read: call {@link #markSeen} once it is shown.
     */
    CompletableFuture<RenderedMessage> read(MessageRef ref);

    /**
     * As {@link #read(MessageRef)}, and when rendering the message's attachments as text will take a while
     * (a PDF, an office file: a parser in another process), {@code preview} first gets the message without
     * that text (its body and the attachment list), from the render thread, so a reader can show it at once.
     * Not for signed or encrypted mail, which is shown only with its verdict.
     */
    default CompletableFuture<RenderedMessage> read(MessageRef ref, java.util.function.Consumer<RenderedMessage> preview) {
        return read(ref);
    }

    /** The exact RFC 822 bytes, from the store or the server. */
    CompletableFuture<byte[]> raw(MessageRef ref);

    /** A message's attachments with their content ({@code index}: 1-based, 0 for all). */
    default CompletableFuture<List<dev.postern.render.Attachments.Attachment>> attachments(MessageRef ref, int index) {
        return Unsupported.future(ref.account(), "save attachments");
    }

    /**
     * Sets \Seen on the server and in the store; when the server cannot be reached, sets it in the store and queues it
     * for the next connection, as a flag change is queued ({@code OfflineQueue}). Completes with whether it was queued.
     */
    CompletableFuture<Boolean> markSeen(MessageRef ref);

    ConnectionState connectionState(String account);

    /** Why {@code account} is offline (the failure's sentence: unreachable, a faulty answer...), or null. */
    default String offlineReason(String account) {
        return null;
    }

    /**
     * Messages of a folder matching {@code query}, newest first. On the server (SEARCH; the folder's headers
     * are brought up to date first, never bodies), or with {@code local} on the store only.
     */
    default CompletableFuture<List<Envelope>> search(String account, String folder, dev.postern.model.Query query, boolean local) {
        return Unsupported.future(account, "search");
    }

    /**
     * Every address seen in the cached envelopes of {@code accounts} (From, To, Cc), for completion in the compose
     * screen and the shell; blocking (one pass over the store's envelopes): call it off the UI thread.
     */
    default AddressBook addressBook(java.util.Collection<String> accounts) {
        return new AddressBook();
    }

    /**
     * Push: follows another client's changes to this folder while it is shown (no-op where unsupported), until the
     * face that asked closes what it got (when it ends; it may ask again for another folder first). An account is
     * watched while any face wants it, on the folder asked last; a daemon whose readers all ended watches nothing.
     */
    default Watching watch(String account, String folder) { return () -> { }; }

    /** A face's wish to watch a folder, kept until closed; closing it twice is harmless. */
    interface Watching extends AutoCloseable {
        @Override void close();
    }

    /** Registers a listener for every {@link Event}; returns a handle that unregisters it. */
    AutoCloseable subscribe(Consumer<Event> listener);
}
