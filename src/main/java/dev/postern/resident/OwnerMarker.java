package dev.postern.resident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The file a serving owner leaves in {@link SocketFiles#ownersDir}, named by its pid and holding its data
 * directory, so that a launcher can tell in a few microseconds of shell, without reading the config, that some
 * owner of this user serves: it then starts the command in a client-only JVM (bench/RESIDENT.md). Removed when
 * the owner stops; one left by an owner killed with -9 names a pid that is gone, which the launchers skip and
 * the next owner removes. Nothing here may fail an owner: without the file, clients only start slower.
 */
final class OwnerMarker {
    private OwnerMarker() {}

    /**
     * Leaves this process's file: lines of {@code key=value}, {@code data_dir}, and when known {@code config} (the
     * config file it serves, absolute), {@code socket}, {@code jar} (the shaded jar its code runs from) and
     * {@code build} ({@link Wire#BUILD}), which packaging/client/postern-client.pl matches a command line against.
     * Returns the file, or null when it could not be written.
     */
    static Path leave(Map<String, String> env, Path dataDir, Path config, Path socket) {
        StringBuilder text = new StringBuilder();
        line(text, "data_dir", dataDir);
        if (config != null) line(text, "config", config.toAbsolutePath().normalize());
        if (socket != null) line(text, "socket", socket);
        Path jar = Wire.fullJar();
        if (jar != null) line(text, "jar", jar);
        line(text, "build", Wire.BUILD);
        return leave(env, text.toString());
    }

    /** One line; a value holding a line break is left out (the Perl client then finds no owner: the Java one asks). */
    private static void line(StringBuilder text, String key, Object value) {
        String v = String.valueOf(value);
        if (v.indexOf('\n') < 0 && v.indexOf('\r') < 0) text.append(key).append('=').append(v).append('\n');
    }

    private static Path leave(Map<String, String> env, String text) {
        Path dir = SocketFiles.ownersDir(env);
        if (dir == null) return null;
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            sweep(dir);
            long pid = ProcessHandle.current().pid();
            Path file = dir.resolve(Long.toString(pid));
            Path tmp = dir.resolve("." + pid + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Removes the file {@link #leave} wrote (null: nothing to do). */
    static void remove(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            // a stale hint: its pid is gone once this process is, and the launchers skip it
        }
    }

    /** Removes the files of owners that are gone (killed, so they could not remove their own). */
    private static void sweep(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                long pid;
                try {
                    pid = Long.parseLong(f.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) Files.deleteIfExists(f);
            }
        }
    }
}
