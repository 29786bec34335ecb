package dev.postern;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process's command line as /proc has it, for tests that look for the processes they started. Not
 * {@code ProcessHandle.Info}: the JDK gives no arguments past 4,096 bytes of command line, and a JVM's class path
 * alone is longer. A process that has ended, or is not ours to read, has none.
 */
public final class ProcCmdline {
    private ProcCmdline() {}

    /** Process {@code pid}'s arguments, argv[0] first; empty if it has ended or cannot be read. */
    public static List<String> arguments(long pid) {
        String raw = raw(pid);
        if (raw.isEmpty()) return List.of();
        if (raw.endsWith("\0")) raw = raw.substring(0, raw.length() - 1);
        return List.of(raw.split("\0", -1));
    }

    /** Process {@code pid}'s arguments joined by spaces; "" if it has ended or cannot be read. */
    public static String line(long pid) {
        return raw(pid).replace('\0', ' ').trim();
    }

    private static String raw(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }
}
