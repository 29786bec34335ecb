package dev.postern.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileSystems;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Logs go to a file, never to the terminal: a full-screen UI would be scribbled over, and a script's
 * stderr is for one-sentence diagnostics. Must run before the first logger is created.
 */
public final class Logging {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static Path file;

    private Logging() {}

    public static synchronized Path init(Map<String, String> env) {
        if (file != null) return file;
        Path log;
        try {
            Path dir = stateDir(env);
            log = dir.resolve("postern.log");
            privateDirectory(dir);
            privateFile(log);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            // InvalidPathException: a HOME or XDG_STATE_HOME with a letter the locale's charset lacks (no LANG, as under
            // cron, without the launcher); the command then names whichever path of its own it cannot use (exit 78).
            log = fallback(dev.postern.model.PrivateTemp.root(), System.getProperty("user.name"));
        }
        // Naming the provider spares slf4j a ServiceLoader scan of the whole (large) jar at start-up.
        setDefault("slf4j.provider", FileLogging.Provider.class.getName());
        setDefault("slf4j.internal.verbosity", "WARN"); // its note about the property stays off the terminal
        setDefault(FileLogging.FILE, log.toString());
        setDefault(FileLogging.LEVEL, env.getOrDefault("POSTERN_LOG_LEVEL", "info"));
        file = log;
        return log;
    }

    public static Path file() { return file; }

    /**
     * The state directory: {@code $XDG_STATE_HOME/postern}, else {@code HOME/.local/state/postern}. A HOME that does not
     * exist is not made (a system user's {@code /nonexistent}: run as root, postern created it, hunt37-J J2): the log
     * goes to the fallback.
     */
    static Path stateDir(Map<String, String> env) throws IOException {
        Path dir = Path.of(dev.postern.model.HomeEnv.stateDir(env));
        String state = env.get("XDG_STATE_HOME");
        if (state == null || !state.startsWith("/")) {
            Path home = dir.getParent().getParent().getParent(); // HOME/.local/state/postern
            if (!Files.isDirectory(home)) throw new java.nio.file.NoSuchFileException(home.toString(), null, "HOME does not exist");
        }
        return dir;
    }

    /**
     * The state directory ({@code $XDG_STATE_HOME/postern}) holds the log, the reader's and the shell's histories
     * (search words, folder names, addresses): it is made 0700, as the data directory is, whatever the umask. An
     * existing one is postern's own, so it is narrowed too; its missing parents are made 0700 as well (model/OwnerOnly).
     */
    static void privateDirectory(Path dir) throws IOException {
        if (!POSIX) {
            dev.postern.model.OwnerOnly.directories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            dev.postern.model.OwnerOnly.directories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another postern made it meanwhile: narrowed below
            }
        }
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException notOurs) {
            // someone else's directory (a shared XDG_STATE_HOME): it is used as it is
        }
    }

    /** The log file, made 0600 when postern creates it; one that exists keeps the mode its owner gave it. */
    static void privateFile(Path file) {
        if (!POSIX || Files.exists(file)) return;
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException | UnsupportedOperationException e) {
            // made meanwhile by another postern, or not creatable: the log's own opening says which
        }
    }

    /**
     * Where the log goes when the state directory cannot be used (HOME=/nonexistent, as for system users):
     * {@code TMP/postern-USER.log}, a name anyone can foresee (hunt 27, F11: it was opened 0644, through a symbolic link
     * planted there). It is created exclusively and 0600 (O_EXCL follows no link); one already there is used only when
     * it is a regular file (not a link) of this user's, narrowed to 0600. Anything else (a link, another user's file)
     * and the log goes to a new private directory ({@code TMP/postern-USER-RANDOM/postern.log}, 0700) instead.
     */
    /**
     * {@code parent/STEM-RANDOM/postern.log} in a new private directory (0700) of its own, not yet created: the log's
     * place when a name in a directory others may write is not the user's to use (at start, {@link #fallback}; after a
     * rotation, {@link LogSink}).
     */
    static Path privateLog(Path parent, String stem) throws IOException {
        return Files.createTempDirectory(parent, stem + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).resolve("postern.log");
    }

    static Path fallback(Path tmp, String user) {
        Path log = tmp.resolve("postern-" + user + ".log");
        if (!POSIX) return log;
        java.nio.file.attribute.FileAttribute<?> owner = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        try {
            Files.createFile(log, owner);
            return log;
        } catch (java.nio.file.FileAlreadyExistsException there) {
            try {
                if (dev.postern.model.OwnFiles.kind(log) == dev.postern.model.OwnFiles.Kind.OWN_FILE) {
                    // Ours, so in a sticky /tmp nobody else can swap it for a link now.
                    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
                    return log;
                }
            } catch (IOException | RuntimeException unknown) {
                // below: a private directory
            }
        } catch (IOException | RuntimeException e) {
            // below: a private directory
        }
        try {
            return Files.createFile(privateLog(tmp, "postern-" + user), owner);
        } catch (IOException | RuntimeException e) {
            return Path.of("/dev/null/postern.log"); // never opens (not a directory): no log, as when it cannot be opened
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
