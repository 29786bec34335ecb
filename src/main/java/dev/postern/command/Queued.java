package dev.postern.command;

import dev.postern.controller.ConnectionState;
import dev.postern.controller.MailController;

/**
 * Whether a change was queued rather than made on the server: the account's changes waiting for the next
 * connection, and whether the account is known to be unreachable.
 */
public record Queued(int pending, boolean offline, String reason) {
    public Queued(int pending, boolean offline) {
        this(pending, offline, null);
    }

    public static Queued of(MailController c, String account) {
        ConnectionState state = c.connectionState(account);
        boolean offline = state == ConnectionState.OFFLINE || state == ConnectionState.REFUSED;
        return new Queued(c.queue(account).size(), offline, offline ? c.offlineReason(account) : null);
    }

    /** The batch note: the account is unreachable and changes wait in the queue. */
    public boolean offlineWithPending() { return offline && pending > 0; }
}
