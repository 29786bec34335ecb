package dev.postern.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A postern client process's connection to an owner, as /proc shows it: a client's only sockets are its connections
 * to the owner. An owner takes what its clients ask in the order they connected (resident/ReadOrder), so a test that
 * starts a command once an earlier client is {@link #connected} needs no pause for the owner to read the earlier one.
 */
final class ClientSocket {
    private ClientSocket() {}

    /** Whether {@code p} has a socket open (made, perhaps not yet connected). */
    static boolean open(Process p) {
        return !inodes(p).isEmpty();
    }

    /** Whether one of {@code p}'s sockets is a connected Unix socket (its connect returned: the owner's socket holds it). */
    static boolean connected(Process p) {
        Set<String> mine = inodes(p);
        if (mine.isEmpty()) return false;
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/unix"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 7 && f[5].equals("03") && mine.contains(f[6])) return true; // St 03: SS_CONNECTED
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The inodes of {@code p}'s sockets (from the links in /proc/PID/fd, "socket:[INODE]"). */
    private static Set<String> inodes(Process p) {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return inodes;
    }
}
