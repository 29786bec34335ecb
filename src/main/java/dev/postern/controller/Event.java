package dev.postern.controller;

import dev.postern.model.MessageRef;

/** What the controller publishes. Listeners run on a controller thread: the UI re-posts to its own thread. */
public sealed interface Event {

    /** Envelopes of a folder changed in the store (new, removed, or flags); views should re-read their page. */
    record EnvelopesLoaded(String account, String folder, int total) implements Event {}

    /**
     * Messages came into or left a folder that was already synced (new mail, another client's expunge):
     * views that hold a whole-folder order rebuild it; {@code arrived} is worth a notice. Published after
     * the folder's {@link EnvelopesLoaded}.
     */
    record FolderChanged(String account, String folder, int arrived, int removed) implements Event {}

    /** The folder list (or its counts) of an account changed in the store. */
    record FoldersLoaded(String account) implements Event {}

    /** A message body is now in the store. */
    record BodyLoaded(MessageRef ref) implements Event {}

    /** Progress of a background job; {@code total} is 0 when unknown. {@code done == total} means finished. */
    record Progress(long jobId, String account, String what, long done, long total) implements Event {}

    record ConnectionChanged(String account, ConnectionState state, String detail) implements Event {}

    /** A background job failed; {@code message} is one sentence for the status line (unsanitised). */
    record Failure(String account, String message) implements Event {}
}
