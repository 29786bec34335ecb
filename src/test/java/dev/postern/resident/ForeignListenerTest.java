package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.e2e.PosternConfig;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 42-H, H9: a program that is not postern listening on DATA_DIR/owner.sock (it accepts and says nothing), no
 * postern holding store.lock. The Java client called it a stopped postern ("is not answering (stopped? suspended with
 * Ctrl-Z?)", 75, after 5 s); it now says the socket is held by a program that does not speak postern's protocol (69),
 * and leaves that socket where it is, still the other program's. A real client process (dev.postern.app.Postern).
 */
@Timeout(120)
class ForeignListenerTest {
    @TempDir Path dir;
    private ServerSocketChannel foreign;
    private final List<SocketChannel> held = new ArrayList<>();

    @AfterEach
    void tidy() throws Exception {
        if (foreign != null) foreign.close();
        synchronized (held) {
            for (SocketChannel c : held) c.close();
        }
    }

    @Test
    void aSilentListenerWithTheStoreFreeIsNamedForWhatItIsAndItsSocketLeftAlone() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        Path config = PosternConfig.write(dir.resolve("config.toml"), data,
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "zed", "pw", 5, null)).toAbsolutePath().normalize();
        Path socket = SocketFiles.socketFor(data.toAbsolutePath().normalize());
        foreign = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        foreign.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        Thread t = new Thread(() -> {
            while (foreign.isOpen()) {
                try {
                    SocketChannel c = foreign.accept();
                    synchronized (held) {
                        held.add(c);
                    }
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "foreign-listener");
        t.setDaemon(true);
        t.start();
        Object inode = Files.getAttribute(socket, "unix:ino");

        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.postern.app.Postern", "--config", config.toString(), "folders"));
        Path out = dir.resolve("client.out");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        pb.environment().put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the client hung");
        String said = Files.readString(out);
        assertEquals(69, p.exitValue(), said);
        assertTrue(said.contains("postern: " + socket + " is held by a program that does not speak postern's protocol: no postern holds "
                + data.toAbsolutePath().normalize().resolve("store.lock")), said);
        assertFalse(said.contains("stopped?"), said);
        assertFalse(said.contains("\tat "), said);
        assertTrue(Files.exists(socket), "the other program's socket was removed");
        assertEquals(inode, Files.getAttribute(socket, "unix:ino"), "the other program's socket was replaced");
        synchronized (held) {
            assertTrue(held.size() >= 1, "the client never connected");
        }
    }
}
