package dev.postern.model;

import java.nio.file.Path;

/**
 * Work reached the store after it was closed. The store closes only as the process (or the shell, or an owner
 * handing its store over) ends, so this is a stop racing the work still under way (a SIGTERM or Ctrl-C whose
 * shutdown hook closed the store while a fetch's outbox follow-up ran), not a bug of postern's: one sentence and
 * 75, never "internal error" (70).
 */
public final class StoreClosed extends PosternException {
    public StoreClosed(Path file) {
        super(ExitCode.TEMPFAIL, "stopped: postern is ending and has closed the store " + file + ", so this was left undone.");
    }
}
