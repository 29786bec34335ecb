package dev.postern.controller;

import dev.postern.model.Folder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Bringing mail from the servers into the store: folder lists, headers, sync, POP3 and INBOX fetch. */
public interface Fetching {
    /** Lists folders with counts on the server and records them in the store. */
    CompletableFuture<List<Folder>> refreshFolders(String account);

    /**
     * As {@link #refreshFolders}, also telling whether the server's list was read whole: one with a line postern could
     * not read keeps every stored folder, and `folders` says so (hunt33-X X10).
     */
    default CompletableFuture<FolderListing> refreshFoldersTold(String account) {
        return refreshFolders(account).thenApply(f -> new FolderListing(f, true));
    }

    /** The folders as listed; {@code whole} false when the server's list held a line postern could not read. */
    record FolderListing(List<Folder> folders, boolean whole) {
        public FolderListing {
            folders = List.copyOf(folders);
        }
    }

    /**
     * Brings the folder's envelopes and flags in line with the server, header-only (no bodies), publishing
     * {@link Event.Progress} and {@link Event.EnvelopesLoaded} as batches land. Completes with the total.
     */
    CompletableFuture<Integer> refreshFolder(String account, String folder);

    /**
     * Starts {@code folder}'s refresh now, before anyone asks for it: the reader's first run on a folder with nothing
     * stored, whose rows can only come from the server (so nothing on the screen waits for it). The first
     * {@link #refreshFolder} (or {@link #refreshFolderTold}) of that folder asked afterwards is handed this refresh, once,
     * instead of a second one: its result, or its failure (a refused login is tried once and said once, by its asker).
     */
    default void refreshAhead(String account, String folder) { }

    /**
     * As {@link #refreshFolder}, with the messages it could not store named (a POP3 maildrop is refreshed by
     * downloading it, and a message the server would not send whole is left out): `list` says them on stderr.
     */
    default CompletableFuture<Refreshed> refreshFolderTold(String account, String folder) {
        return refreshFolder(account, folder).thenApply(n -> new Refreshed(n, List.of()));
    }

    /** A refreshed folder's total, and the messages the refresh could not store, one sentence each. */
    record Refreshed(int total, List<String> messageErrors) {
        public Refreshed {
            messageErrors = List.copyOf(messageErrors);
        }
    }

    /**
     * Brings the store in line with the server for every subscribed folder of the account (or just
     * {@code folder} when not null): new, vanished and re-flagged messages, and unless {@code headersOnly}
     * the bodies not cached yet (up to fetch_whole_below). Changes nothing on the server.
     */
    default CompletableFuture<List<SyncReport>> sync(String account, String folder, boolean headersOnly) {
        return syncAccount(account, folder, headersOnly).thenApply(SyncOutcome::reports);
    }

    /** As {@link #sync}, also naming the folders left out (not subscribed, or not chosen by sync_folders) and why. */
    default CompletableFuture<SyncOutcome> syncAccount(String account, String folder, boolean headersOnly) {
        return Unsupported.future(account, "sync");
    }

    /**
     * Records what a sync of the account left out (export and list then explain an empty folder; {@link SyncNotes});
     * true when that differs from the last record, so the caller says it (once, not on every sync). Writes a file.
     */
    default boolean noteLeftOut(String account, List<SyncFolders.LeftOut> leftOut) { return !leftOut.isEmpty(); }

    /**
     * Downloads an account's new mail: a POP3 maildrop under its keep/delete policy, or an IMAP account's
     * INBOX. Never fails the future for a server problem: the summary carries the failure.
     */
    default CompletableFuture<FetchSummary> fetch(String account, FetchOptions options, Consumer<FetchProgress> progress) {
        return Unsupported.future(account, "fetch");
    }
}
