package dev.postern.config;

/**
 * IMAP keys of an {@code [accounts.NAME]} table.
 *
 * @param compress    ask for COMPRESS=DEFLATE when the server offers it ({@code compress}, default true)
 * @param pollSeconds 0: push through IDLE where the server offers it, else a poll every
 *                    {@link #DEFAULT_POLL_SECONDS}; N &gt; 0 ({@code poll_seconds}): never IDLE, poll every N seconds
 * @param trash       the folder {@code delete} moves messages to ({@code trash}); null: the one
 *                    {@link dev.postern.model.SpecialFolders} finds ({@code \Trash}, a well-known name such as
 *                    "Deleted Messages" or "INBOX.Trash", else {@code Trash} under the personal namespace). Created on
 *                    first use when missing.
 * @param syncFolders {@code sync_folders}: which folders {@code postern sync} takes, as mbsync's {@code Patterns}
 *                    (see {@link dev.postern.controller.SyncFolders}); empty: the subscribed ones and INBOX
 * @param drafts      the folder postponed messages go to and {@code recall} reads ({@code drafts_folder}); null: the
 *                    one {@link dev.postern.model.SpecialFolders} finds ({@code \Drafts}, a well-known name, else
 *                    {@code Drafts} under the personal namespace, created when missing)
 */
public record ImapOptions(boolean compress, int pollSeconds, String trash,
        java.util.List<String> syncFolders, String drafts) {
    public static final int DEFAULT_POLL_SECONDS = 15;
    public static final ImapOptions DEFAULTS = new ImapOptions(true, 0);

    public ImapOptions {
        if (pollSeconds < 0) throw new IllegalArgumentException("pollSeconds < 0");
        if (trash != null && trash.isBlank()) throw new IllegalArgumentException("blank trash");
        trash = dev.postern.model.Folder.canonical(trash);
        if (drafts != null && drafts.isBlank()) throw new IllegalArgumentException("blank drafts_folder");
        drafts = dev.postern.model.Folder.canonical(drafts);
        syncFolders = syncFolders == null ? java.util.List.of() : java.util.List.copyOf(syncFolders);
    }

    /** Without a drafts_folder setting. */
    public ImapOptions(boolean compress, int pollSeconds, String trash, java.util.List<String> syncFolders) {
        this(compress, pollSeconds, trash, syncFolders, null);
    }

    /** Without trash or sync_folders settings. */
    public ImapOptions(boolean compress, int pollSeconds) {
        this(compress, pollSeconds, null, java.util.List.of());
    }

    /** With a {@code trash} setting, without sync_folders. */
    public ImapOptions(boolean compress, int pollSeconds, String trash) {
        this(compress, pollSeconds, trash, java.util.List.of());
    }

    /** With sync_folders, without a {@code trash} setting. */
    public ImapOptions(boolean compress, int pollSeconds, java.util.List<String> syncFolders) {
        this(compress, pollSeconds, null, syncFolders);
    }

    /** Whether push may use IDLE (the user did not ask for polling). */
    public boolean idle() {
        return pollSeconds == 0;
    }

    /** Seconds between polls when the server has no IDLE or the user asked for polling. */
    public int pollInterval() {
        return pollSeconds == 0 ? DEFAULT_POLL_SECONDS : pollSeconds;
    }
}
