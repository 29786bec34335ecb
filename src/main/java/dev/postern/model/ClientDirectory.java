package dev.postern.model;

import java.nio.file.Path;

/**
 * The working directory a path on a command line is taken in: the process's own, or, for a command (or a reader) a
 * resident owner serves, its client's, which the wire carries (hunt 38-A, A9: a served `attachment save --out rel/dir`
 * typed at a served reader's ':' saved under the daemon's directory). Held per thread, set where a served command or
 * reader runs, as {@link Zones} holds the client's time zone; an argv's paths are already taken in the client's
 * directory by the owner's picocli converter (resident/Requests).
 */
public final class ClientDirectory {
    private ClientDirectory() {}

    private static final ThreadLocal<Path> CLIENT = new ThreadLocal<>();

    /** The directory of the command running on this thread (absolute). */
    public static Path current() {
        Path p = CLIENT.get();
        return p != null ? p : Path.of("").toAbsolutePath();
    }

    /** {@code path} taken in {@link #current()}: as it is when absolute. */
    public static Path resolve(String path) {
        return current().resolve(path);
    }

    /** This thread serves a client whose directory is {@code dir} (null: the process's own) until {@link #serve} again. */
    public static void serve(Path dir) {
        if (dir == null) CLIENT.remove(); else CLIENT.set(dir.toAbsolutePath());
    }
}
