package dev.postern.controller;

/** Writing and sending mail. */
public interface Composing {
    /** Writing and sending mail, or null when this controller cannot send (tests, demo). */
    default dev.postern.compose.Outgoing outgoing() { return null; }

    /**
     * Starts a job ({@link Job}: id, progress, cancel) sending what waits in the account's outbox; cancelled,
     * it stops between two messages (what was sent is out of the outbox, the rest waits).
     */
    default Job<dev.postern.compose.Postman.FlushReport> flushOutbox(String account) {
        throw Unsupported.exception(account, "send mail");
    }
}
