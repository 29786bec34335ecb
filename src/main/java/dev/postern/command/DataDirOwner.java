package dev.postern.command;

/**
 * The owner of the data directory as {@code postern daemon} sees it: whether a postern owns it, and a daemon
 * started, stopped or run in the foreground. Implemented by the resident owner's package; the wiring hands it
 * to {@link ProcessControl#owner()}. Failures are one sentence (a {@link dev.postern.model.PosternException}).
 */
public interface DataDirOwner {
    /** Which postern owns the data directory (exit 0), or that none does (exit 69). */
    DaemonCommand.Said status();

    /** Starts a daemon in the background and waits until it serves; says so when an owner already runs. */
    DaemonCommand.Said start();

    /** Stops the daemon that owns the data directory after the command it runs; says so when none runs. */
    DaemonCommand.Said stop();

    /**
     * Owns the data directory in this process: returns once it serves, with {@link DaemonCommand.Said#stopped()}
     * completing when it stops (or, when another owner took the store first and ran the command line, its exit code).
     */
    DaemonCommand.Said run();
}
