package dev.postern.model;

/**
 * A failure the user can act on: its message is one clear sentence (naming the account where there is
 * one, and what to do), and it carries the exit code a batch command ends with. Messages may quote
 * server text, so they are sanitised before display like any other untrusted string.
 */
public class PosternException extends RuntimeException {
    private final ExitCode exitCode;

    public PosternException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public PosternException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() { return exitCode; }

    /** Temporary failures (time-outs, dropped links) are worth retrying; the store stays usable offline. */
    public boolean temporary() { return exitCode == ExitCode.TEMPFAIL || exitCode == ExitCode.UNAVAILABLE; }
}
