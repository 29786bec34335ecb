package dev.postern.command;

import dev.postern.controller.ConnectionState;
import dev.postern.controller.MailController;

/**
 * Whether a change was queued rather than made on the server: the account's changes waiting for the next
 * connection, and whether the account is known to be unreachable.
 */
public record Queued(int pending, boolean offline) {
    public static Queued of(MailController c, String account) {
        return new Queued(c.queue(account).size(), c.connectionState(account) == ConnectionState.OFFLINE);
    }

    /** The batch note: the account is unreachable and changes wait in the queue. */
    public boolean offlineWithPending() { return offline && pending > 0; }
}
