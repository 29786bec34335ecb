package dev.postern.resident;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's listening socket and who may use it: bound where no other user can reach it and renamed into place
 * ({@link #bind}), its directory checked to be the user's own and closed to others, each peer's user read from
 * SO_PEERCRED and held to this process's ({@link #allowed}), a refused peer told why before the socket closes
 * ({@link #lingerForThePeer}), and the socket's file removed when the owner stops taking clients ({@link #remove}).
 * What {@link Owner} serves over it is the owner's; how safely it listens is here.
 */
final class OwnerSocket {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerSocket.class);

    private OwnerSocket() {}

    /**
     * Binds a Unix-domain socket at {@code socket}: bound in a 0700 directory of its own, made 0600, then renamed into
     * place, so there is no moment at which another user could connect; the rename also replaces a stale socket in
     * one step. Only the process holding store.lock may call this.
     */
    static ServerSocketChannel bind(Path socket) throws IOException {
        Path parent = socket.getParent();
        if (!Files.isDirectory(parent)) {
            // Only for the /tmp/postern-UID fallback; the data directory exists (the store is open).
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String why = privateDirectory(parent);
        if (why != null) throw new IOException(why);
        Path tmpDir = parent.resolve(".o" + ProcessHandle.current().pid());
        deleteTree(tmpDir);
        ServerSocketChannel server = null;
        try {
            Files.createDirectory(tmpDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path tmp = tmpDir.resolve("s");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(tmp));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, socket, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return server;
        } catch (IOException | RuntimeException e) {
            if (server != null) remove(server, null);
            throw e;
        } finally {
            deleteTree(tmpDir);
        }
    }

    /** Stops listening and removes the socket's file ({@code socket}; null: none to remove). */
    static void remove(ServerSocketChannel server, Path socket) {
        try {
            server.close();
        } catch (IOException e) {
            // no longer listening either way
        }
        if (socket == null) return;
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("removing {}", socket, e);
        }
    }

    /** Why {@code dir} is not fit to hold the socket, or null: it must be ours and closed to others. */
    static String privateDirectory(Path dir) throws IOException {
        int uid = (Integer) Files.getAttribute(dir, "unix:uid");
        int mode = (Integer) Files.getAttribute(dir, "unix:mode");
        if (uid != SocketFiles.ownUid()) return dir + " belongs to another user";
        if ((mode & 022) != 0) return dir + " is writable by other users";
        return null;
    }

    /**
     * After a refusal: half-closes and reads what the peer still sends (its hello and request) until it
     * hangs up, for at most two seconds. Closing at once would make the peer's first write fail (EPIPE)
     * before it read the refusal, and it would never learn why.
     */
    static void lingerForThePeer(SocketChannel ch, InputStream in) {
        try {
            ch.shutdownOutput();
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(2000);
                    ch.close();
                } catch (InterruptedException | IOException e) {
                    // done either way
                }
            }, "postern-owner-refusal");
            watchdog.setDaemon(true);
            watchdog.start();
            byte[] sink = new byte[8192];
            for (long total = 0; total < (1 << 20); ) {
                int n = in.read(sink);
                if (n < 0) break;
                total += n;
            }
            watchdog.interrupt();
        } catch (IOException e) {
            // the peer hung up, or the watchdog closed the channel
        }
    }

    /**
     * The start of a connection: its peer is this owner's user ({@code self}), else told why (77) and dropped; then its
     * hello names this protocol's version, else dropped (or, at another version, told to stop the owner: 75). True: the
     * client's first frame is next on {@code in}. {@code refused} runs before a refused peer is waited out (up to 2 s).
     */
    static boolean greeted(SocketChannel ch, InputStream in, Frames frames, java.nio.file.attribute.UserPrincipal self,
                           Path dataDir, Runnable refused) throws IOException {
        java.nio.file.attribute.UserPrincipal peer = peerUser(ch);
        if (!allowed(peer, self)) {
            String who = peer == null ? "a user the system cannot name" : peer.getName();
            LOG.warn("refused a client of user {}", who);
            frames.error("postern: refused: the postern that owns " + dataDir + " serves only its own user ("
                    + self.getName() + "), and this client runs as " + who + ".\n");
            frames.exit(dev.postern.model.ExitCode.NOPERM.code());
            refused.run();
            lingerForThePeer(ch, in);
            return false;
        }
        byte[] hello = in.readNBytes(Wire.MAGIC.length + 1);
        if (hello.length < Wire.MAGIC.length + 1 || !java.util.Arrays.equals(java.util.Arrays.copyOf(hello, Wire.MAGIC.length), Wire.MAGIC)) {
            return false;
        }
        if (hello[Wire.MAGIC.length] != Wire.VERSION) {
            frames.tempfail("postern: the postern that owns " + dataDir + " (pid " + ProcessHandle.current().pid()
                    + ") speaks another version of the owner protocol; stop it (postern daemon stop, or quit it) and retry.\n");
            return false;
        }
        return true;
    }

    /** The peer's user from SO_PEERCRED; null when the system cannot tell (then it is refused). */
    static java.nio.file.attribute.UserPrincipal peerUser(SocketChannel ch) {
        try {
            return ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the peer {@code peer} may use an owner running as {@code self}: the same user only. */
    static boolean allowed(java.nio.file.attribute.UserPrincipal peer, java.nio.file.attribute.UserPrincipal self) {
        return peer != null && self != null && peer.getName().equals(self.getName());
    }

    private static void deleteTree(Path dir) {
        try {
            if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
            try (var s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // left behind: the next start removes it
        }
    }
}
