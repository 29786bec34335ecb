package dev.postern.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Logs go to a file, never to the terminal: a full-screen UI would be scribbled over, and a script's
 * stderr is for one-sentence diagnostics. Must run before the first logger is created.
 */
public final class Logging {
    private static Path file;

    private Logging() {}

    public static synchronized Path init(Map<String, String> env) {
        if (file != null) return file;
        String state = env.get("XDG_STATE_HOME");
        Path dir = state != null && Path.of(state).isAbsolute() ? Path.of(state)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        dir = dir.resolve("postern");
        Path log = dir.resolve("postern.log");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            log = Path.of(System.getProperty("java.io.tmpdir"), "postern-" + System.getProperty("user.name") + ".log");
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

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
