package dev.postern.model;

/**
 * The server refused a read with a response code that says the refusal passes (Gmail's {@code [THROTTLED]} rate limit,
 * {@code [UNAVAILABLE]}): a limit on the account for now, not a fault of one message nor a lost link. Asking again at
 * once (another message, a new connection) only meets it again, so a batch ends on it rather than going on message by
 * message. Exit code 75: try again later.
 */
public final class ServerLimit extends PosternException {
    public ServerLimit(String message, Throwable cause) {
        super(ExitCode.TEMPFAIL, message, cause);
    }
}
