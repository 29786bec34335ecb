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

    /**
     * A message body the reader asked for is being downloaded: {@code done} of {@code total} bytes have come ({@code
     * total} as the server sized it, 0 when unknown). Published at most a few times a second, and only for a download
     * that lasts; none once it has ended.
     */
    record BodyProgress(MessageRef ref, long done, long total) implements Event {}

    /**
     * A message's stored body was damaged and was fetched again from the server in its place; {@code message} is one
     * sentence for the status line or stderr (unsanitised), said once per fetch.
     */
    record BodyRefetched(MessageRef ref, String message) implements Event {}

    /** Progress of a background job; {@code total} is 0 when unknown. {@code done == total} means finished. */
    record Progress(long jobId, String account, String what, long done, long total) implements Event {}

    record ConnectionChanged(String account, ConnectionState state, String detail) implements Event {}

    /**
     * A background job failed; {@code message} is one sentence for the status line (unsanitised); {@code cause}
     * (or null) is what failed, asked again when the failure is shown: a sign-in failure that a sign-in completed
     * since has made stale ({@link dev.postern.model.SignInNeeded#supersededIn}) is not shown over "signed in",
     * however the event and the sign-in's notice were ordered on their way to the screen.
     */
    record Failure(String account, String message, Throwable cause) implements Event {
        public Failure(String account, String message) {
            this(account, message, null);
        }

        /** Whether a sign-in since this failure has made it stale news. */
        public boolean stale() { return dev.postern.model.SignInNeeded.supersededIn(cause); }
    }
}
