package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.GreenMailInbox;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.OutputFailed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt36-K, K6: a served reader's client killed while its screen is redrawn. The owner's write of the screen to the
 * client's socket fails (Broken pipe) before its read of the client's frames sees the end: the reader ends as one
 * whose client went away (141, nothing said, ARCHITECTURE's reader gone), not as postern's own bug (70, "internal
 * error" and a stack in the log).
 */
@Timeout(180)
class ServedReaderClientGoneTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    /** The client's socket as the owner writes it: the screen's bytes, until the client is gone (then "Broken pipe"). */
    private static final class ClientSocket extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile boolean gone;

        @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (gone) throw new IOException("Broken pipe");
            bytes.write(b, off, len);
        }

        synchronized String text() { return bytes.toString(StandardCharsets.UTF_8); }
    }

    private static byte[] size(int cols, int rows) {
        return ByteBuffer.allocate(8).putInt(cols).putInt(rows).array();
    }

    @Test
    void aClientGoneWhileTheScreenIsDrawnEndsTheReaderAsAReaderGone() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        GreenMailInbox.deliver(inbox, "Served subject one");
        Path config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString(), "LANG", "C.UTF-8",
                "TERM", "xterm-256color");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, dev.postern.app.Main.run(new String[] {"--config", config.toString(), "fetch"}, env, new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no reader here"); }), err.toString());
        String abs = config.toAbsolutePath().normalize().toString();
        List<String> pairs = new ArrayList<>();
        env.forEach((k, v) -> { pairs.add(k); pairs.add(v); });
        Wire.Request request = new Wire.Request(abs, dir.toString(), new String[] {"--config", abs}, pairs.toArray(new String[0]),
                Wire.FLAG_STDIN_TTY | Wire.FLAG_STDOUT_TTY | Wire.FLAG_STDERR_TTY, 80);
        Pipe keys = Pipe.open(); // the client's frames: open until the test ends, as a killed client's socket the owner has not read the end of yet
        OutputStream client = Channels.newOutputStream(keys.sink());
        ClientSocket socket = new ClientSocket();
        try (AppContext ctx = new AppContext(env, config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                ServedReader reader = new ServedReader(ctx, owner, request, Channels.newInputStream(keys.source()), new Frames(socket));
                Wire.writeFrame(client, Wire.WINSIZE, size(80, 24), 0, 8);
                CompletableFuture<Integer> ended = CompletableFuture.supplyAsync(() -> {
                    try {
                        return reader.serve();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!socket.text().contains("Served subject one") && System.nanoTime() < end && !ended.isDone()) Thread.sleep(50);
                assertTrue(socket.text().contains("Served subject one"), "the served reader drew its first screen");
                socket.gone = true; // the client is killed
                Wire.writeFrame(client, Wire.WINSIZE, size(100, 30), 0, 8); // its last frame: the screen is redrawn
                int code = ended.get(60, TimeUnit.SECONDS);
                assertEquals(OutputFailed.BROKEN_PIPE, code, "a reader whose client went away is not postern's bug (70)");
            } finally {
                keys.sink().close();
            }
        }
    }
}
