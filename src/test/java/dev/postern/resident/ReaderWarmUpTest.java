package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.GreenMailInbox;
import dev.postern.e2e.PosternConfig;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's reader warm-up (a real store filled from GreenMail, a real owner on its socket): it draws the
 * store's INBOX off-screen through the served reader's path, a batch command sent while it is held mid-screen is
 * answered, its thread is gone afterwards, and with an empty store it is skipped.
 */
@Timeout(180)
class ReaderWarmUpTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    private Path config() throws Exception {
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "zed", "pw", 30, null));
    }

    private int postern(Path config, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "--config";
        argv[1] = config.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        return dev.postern.app.Main.run(argv, env(), new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no reader here"); });
    }

    private static boolean warmUpThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(ReaderWarmUp.THREAD) && t.isAlive());
    }

    /** The screen's bytes, with the warm-up held at its first write until {@link #release}. */
    private static final class HeldScreen extends OutputStream {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override public void write(int b) { write(new byte[] {(byte) b}, 0, 1); }

        @Override public void write(byte[] b, int off, int len) {
            reached.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void drawsTheStoresInboxOffScreenWhileABatchCommandIsAnsweredAndLeavesNoThread() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(greenMail.setUser("zed@localhost", "zed", "pw"));
        GreenMailInbox.deliver(inbox, "Warm subject one");
        GreenMailInbox.deliver(inbox, "Warm subject two");
        Path config = config();
        assertEquals(0, postern(config, "fetch"));
        try (AppContext ctx = new AppContext(env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                HeldScreen screen = new HeldScreen();
                ReaderWarmUp warm = ReaderWarmUp.start(ctx, owner, screen);
                assertNotNull(warm, "a store with an INBOX is warmed");
                assertTrue(screen.reached.await(60, TimeUnit.SECONDS), "the warm-up drew on its off-screen terminal");
                // Held mid-screen: a batch command through the owner's socket is answered all the same.
                Path dataDir = dir.resolve("data").toAbsolutePath().normalize();
                int code = Client.send(new String[] {"--config", config.toAbsolutePath().normalize().toString(), "list"}, env(),
                        config.toAbsolutePath().normalize(), dataDir, 10_000);
                assertEquals(0, code, "the command ran while the warm-up was held");
                assertTrue(warmUpThreadAlive(), "the warm-up was still under way when the command was answered");
                screen.release.countDown();
                assertTrue(warm.awaitEnd(60_000), "the warm-up ends by itself once its first screen is drawn");
                assertFalse(warmUpThreadAlive(), "no warm-up thread is left");
                String drawn = screen.text();
                assertTrue(drawn.contains("Warm subject one") && drawn.contains("Warm subject two"),
                        "the off-screen reader drew the store's subjects: " + drawn.replace("\u001b", "^["));
                assertEquals(0, owner.readersServed(), "the warm-up is not counted as a served reader");
            }
        }
    }

    @Test
    void anEmptyStoreIsNotWarmedAndTheOwnerServes() throws Exception {
        greenMail.setUser("zed@localhost", "zed", "pw");
        Path config = config();
        try (AppContext ctx = new AppContext(env(), config)) {
            ctx.controller();
            try (Owner owner = Owner.start(ctx, Owner.Role.DAEMON)) {
                assertNull(ReaderWarmUp.start(ctx, owner), "nothing to draw: no warm-up");
                assertFalse(warmUpThreadAlive());
                Path dataDir = dir.resolve("data").toAbsolutePath().normalize();
                assertEquals(0, Client.send(new String[] {"--config", config.toAbsolutePath().normalize().toString(), "daemon", "status"}, env(),
                        config.toAbsolutePath().normalize(), dataDir, 10_000));
            }
        }
    }
}
