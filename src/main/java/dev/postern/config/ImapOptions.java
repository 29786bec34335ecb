package dev.postern.config;

/**
 * IMAP keys of an {@code [accounts.NAME]} table.
 *
 * @param compress    ask for COMPRESS=DEFLATE when the server offers it ({@code compress}, default true)
 * @param pollSeconds 0: push through IDLE where the server offers it, else a poll every
 *                    {@link #DEFAULT_POLL_SECONDS}; N &gt; 0 ({@code poll_seconds}): never IDLE, poll every N seconds
 * @param trash       the folder {@code delete} moves messages to ({@code trash}); null: the folder the server
 *                    marks {@code \Trash}, else one named {@code Trash}. Created on first use when missing.
 */
public record ImapOptions(boolean compress, int pollSeconds, String trash) {
    public static final int DEFAULT_POLL_SECONDS = 15;
    public static final ImapOptions DEFAULTS = new ImapOptions(true, 0, null);

    public ImapOptions {
        if (pollSeconds < 0) throw new IllegalArgumentException("pollSeconds < 0");
        if (trash != null && trash.isBlank()) throw new IllegalArgumentException("blank trash");
    }

    /** Without a {@code trash} setting: the server's \Trash, else "Trash". */
    public ImapOptions(boolean compress, int pollSeconds) {
        this(compress, pollSeconds, null);
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
