package dev.postern.config;

/**
 * The {@code [accounts.NAME.pop3]} table.
 *
 * @param keepOnServer     leave messages on the server after they are stored (default true)
 * @param deleteAfterDays  with keepOnServer, delete a message from the server this many days after it was
 *                         first fetched; 0 means never
 * @param headersFirst     fetch headers only (TOP n 0); bodies when opened or by {@code postern fetch --bodies}
 * @param maxMessageBytes  larger messages are fetched header-only and stay partial; 0 means no limit
 */
public record Pop3Options(boolean keepOnServer, int deleteAfterDays, boolean headersFirst, long maxMessageBytes) {
    public static final Pop3Options DEFAULTS = new Pop3Options(true, 0, false, 0);

    public Pop3Options {
        if (deleteAfterDays < 0) throw new IllegalArgumentException("deleteAfterDays < 0");
        if (maxMessageBytes < 0) throw new IllegalArgumentException("maxMessageBytes < 0");
    }

    /** Whether a message of this size is downloaded whole by a plain fetch (no --bodies, no --headers-only). */
    public boolean fetchesWhole(long size) {
        return !headersFirst && !tooBig(size);
    }

    public boolean tooBig(long size) {
        return maxMessageBytes > 0 && size > maxMessageBytes;
    }
}
