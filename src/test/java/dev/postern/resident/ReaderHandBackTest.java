package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader's client of another build (as after an upgrade) at a daemon that serves no reader has the daemon stop in its
 * turn (DaemonUpgradeIT); when a reader of the daemon's own build came while it waited for that turn, the daemon may
 * no longer stop, and the reader of the other build is refused in words (75), never served by the old build.
 */
@Timeout(120)
class ReaderHandBackTest {
    @TempDir Path dir;

    /** An IMAP server that accepts connections and never says a word: a fetch waits there, holding the owner's queue. */
    private ServerSocket silent;
    private final List<Socket> held = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private OwnerFixture fixture;

    @AfterEach
    void closeServer() throws Exception {
        if (silent != null) silent.close();
        synchronized (held) {
            for (Socket s : held) s.close();
        }
    }

    private Path config() throws Exception {
        fixture = new OwnerFixture(dir);
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                    accepted.incrementAndGet();
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "silent-imap");
        t.setDaemon(true);
        t.start();
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", silent.getLocalPort(), "plain", "zed", "pw", 60, null))
                .toAbsolutePath().normalize();
    }

    /** A reader's client of {@code build}: the hello, READER and an 80x24 WINSIZE. */
    private SocketChannel reader(Path config, String build) throws Exception {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(SocketFiles.socketFor(fixture.dataDir())));
        var out = Wire.output(ch);
        out.write(new byte[] {'P', 'S', 'T', 'N', (byte) Wire.VERSION});
        byte[] payload = new Wire.Request(config.toString(), dir.toString(), new String[] {"--config", config.toString()},
                new String[] {"TERM", "xterm"}, Wire.FLAG_STDIN_TTY | Wire.FLAG_STDOUT_TTY, 80, build).encode();
        Wire.writeFrame(out, Wire.READER, payload, 0, payload.length);
        byte[] size = Wire.ints(80, 24);
        Wire.writeFrame(out, Wire.WINSIZE, size, 0, size.length);
        return ch;
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, what);
            Thread.sleep(20);
        }
    }

    @Test
    void aReaderOfAnotherBuildIsRefusedWhenAReaderOfTheDaemonsOwnCameWhileItWaited() throws Exception {
        Path config = config();
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                int before = accepted.get();
                try (SocketChannel fetch = fixture.request(config, "fetch")) {
                    await("the served fetch never reached the IMAP server", () -> accepted.get() > before);
                    // The fetch holds the queue: the other build's reader waits for its turn there.
                    SocketChannel other = reader(config, "0.0.0 (/elsewhere/postern.jar, 1 bytes, 2000-01-01T00:00:00Z)");
                    InputStream otherIn = Wire.input(other);
                    Wire.Frame first = Wire.readFrame(otherIn);
                    assertTrue(first != null && first.type == Wire.ACCEPTED, "the other build's reader was read");
                    SocketChannel own = reader(config, Wire.BUILD);
                    await("the daemon's own build's reader was never served", () -> owner.readersServed() == 1);
                    OwnerFixture.cancel(fetch, 15); // the queue moves on: the other build's reader has its turn
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    Integer exit = null;
                    for (Wire.Frame f = Wire.readFrame(otherIn); f != null; f = Wire.readFrame(otherIn)) {
                        if (f.type == Wire.ERR) err.write(f.payload);
                        if (f.type == Wire.OUT) throw new AssertionError("the old build served a reader of another build");
                        if (f.type == Wire.EXIT) {
                            exit = f.asInt();
                            break;
                        }
                    }
                    String said = err.toString(StandardCharsets.UTF_8);
                    assertNotNull(exit, "the owner hung up: " + said);
                    assertEquals(75, exit, said);
                    assertTrue(said.contains("as after an upgrade; it serves a reader: quit that reader"), said);
                    assertTrue(owner.readersServed() == 1 && !owner.whenStopped().isDone(), "the daemon went on serving its reader");
                    other.close();
                    own.close();
                }
            }
        }
    }
}
