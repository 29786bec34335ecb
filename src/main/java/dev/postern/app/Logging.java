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
        // Naming the provider spares slf4j a ServiceLoader scan of the whole (large) jar at start-up;
        // WARN keeps its note about the property off the terminal.
        setDefault("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        setDefault("slf4j.internal.verbosity", "WARN");
        setDefault("org.slf4j.simpleLogger.logFile", log.toString());
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", env.getOrDefault("POSTERN_LOG_LEVEL", "info"));
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        // PDFBox and POI are chatty at INFO about fonts and formats; their warnings are enough.
        setDefault("org.slf4j.simpleLogger.log.org.apache.pdfbox", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.apache.poi", "warn");
        setDefault("org.slf4j.simpleLogger.log.com.icegreen", "warn");
        file = log;
        return log;
    }

    public static Path file() { return file; }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
