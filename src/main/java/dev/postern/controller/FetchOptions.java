package dev.postern.controller;

/**
 * How {@code postern fetch} (and the reader's background fetch) downloads.
 *
 * @param headersOnly new messages header-only, whatever the account says
 * @param bodies      also download the bodies of messages fetched header-only before (headers_first),
 *                    except those above max_message_bytes
 */
public record FetchOptions(boolean headersOnly, boolean bodies) {
    public static final FetchOptions DEFAULT = new FetchOptions(false, false);
}
