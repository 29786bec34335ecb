package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.controller.Event;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.PosternException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, the empty store's first screen: the reader's folder with nothing stored is listed from the moment the
 * controller exists, before the reader has built its first (empty) screen, and the reader's own first refresh of it is
 * handed that listing instead of starting a second one (after the first screen, as before, the session logged in ahead
 * sat idle). A login refused ahead is said to that refresh, once, and not tried again; a folder with rows is not listed
 * ahead (its first screen is the store's, and the network waits behind it).
 */
class ReaderListingAheadTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static final int MESSAGES = 7;

    private Path config(String name, String password) throws Exception {
        return config(name, password, greenMail.getImap().getPort());
    }

    private Path config(String name, String password, int port) throws Exception {
        var user = greenMail.setUser("dana@localhost", "dana", "pw");
        if (greenMail.getReceivedMessages().length == 0) {
            for (int i = 1; i <= MESSAGES; i++) {
                String raw = "From: Ann <ann@localhost>\r\nSubject: Note " + i + "\r\nDate: Mon, 1 Jan 2024 10:" + (10 + i)
                        + ":00 +0000\r\nMessage-ID: <ahead" + i + "@localhost>\r\n\r\nHello " + i + "\r\n";
                user.deliver(new MimeMessage(Session.getInstance(new Properties()),
                        new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
            }
        }
        return PosternConfig.write(dir.resolve(name + ".toml"), dir.resolve("data-" + name), PosternConfig.account("real",
                "imap", "127.0.0.1", port, "plain", "dana", password, 10, null));
    }

    /** The ids of the folder listings (refresh jobs) of INBOX that {@code c} ran from now on. */
    private static Set<Long> listings(MailController c) {
        Set<Long> jobs = ConcurrentHashMap.newKeySet();
        c.subscribe(e -> {
            if (e instanceof Event.Progress p && p.what().equals("headers INBOX")) jobs.add(p.jobId());
        });
        return jobs;
    }

    @Test
    void anEmptyFolderIsListedBeforeTheReaderAsksAndItsAskIsHandedThatListing() throws Exception {
        Path cfg = config("empty", "pw");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            ctx.prestartReader(null, null);
            MailController c = ctx.controller();
            Set<Long> jobs = listings(c);
            assertTrue(ctx.refreshReaderAhead("real", "INBOX"), "the reader's empty INBOX was not listed ahead");
            // Listed without anyone asking: the rows reach the store on their own.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ctx.store().count("real", "INBOX") < MESSAGES && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(MESSAGES, ctx.store().count("real", "INBOX"), "the listing ahead did not store the folder");
            // The reader's first refresh is that listing, not a second one.
            assertEquals(MESSAGES, c.refreshFolder("real", "INBOX").get(30, TimeUnit.SECONDS));
            assertEquals(1, jobs.size(), "listings of INBOX: " + jobs);
            // Handed once: the next refresh is one of its own.
            assertEquals(MESSAGES, c.refreshFolder("real", "INBOX").get(30, TimeUnit.SECONDS));
            assertEquals(2, jobs.size(), "listings of INBOX: " + jobs);
        }
    }

    @Test
    void aLoginRefusedAheadIsSaidToTheReadersRefreshOnceAndNotTriedAgain() throws Exception {
        config("seed", "pw");
        try (CountingRelay relay = new CountingRelay(greenMail.getImap().getPort());
                AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config("refused", "not-the-password", relay.port()))) {
            ctx.prestartReader(null, null);
            MailController c = ctx.controller();
            assertTrue(ctx.refreshReaderAhead("real", "INBOX"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> c.refreshFolder("real", "INBOX").get(30, TimeUnit.SECONDS));
            PosternException refused = assertInstanceOf(PosternException.class, e.getCause());
            assertTrue(refused.getMessage().contains("rejected user 'dana'"), refused.getMessage());
            assertEquals(1, relay.accepted(), "connections (each a login) for the refused account");
            assertEquals(0, ctx.store().count("real", "INBOX"));
        }
    }

    /** A loopback TCP relay to {@code port} that counts the connections it accepted. */
    private static final class CountingRelay implements AutoCloseable {
        private final java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

        CountingRelay(int port) throws java.io.IOException {
            Thread t = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        java.net.Socket in = listener.accept();
                        accepted.incrementAndGet();
                        java.net.Socket out = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port);
                        pipe(in, out);
                        pipe(out, in);
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            }, "counting-relay");
            t.setDaemon(true);
            t.start();
        }

        private static void pipe(java.net.Socket from, java.net.Socket to) {
            Thread t = new Thread(() -> {
                try (from; to) {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (java.io.IOException gone) {
                    // either side closed
                }
            }, "counting-relay-pipe");
            t.setDaemon(true);
            t.start();
        }

        int port() { return listener.getLocalPort(); }

        int accepted() { return accepted.get(); }

        @Override public void close() throws java.io.IOException { listener.close(); }
    }

    @Test
    void aFolderWithRowsOrAnotherFolderIsNotListedAhead() throws Exception {
        Path cfg = config("warm", "pw");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            assertEquals(MESSAGES, ctx.controller().refreshFolder("real", "INBOX").get(30, TimeUnit.SECONDS));
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), cfg)) {
            ctx.prestartReader(null, null);
            assertFalse(ctx.refreshReaderAhead("real", "INBOX"), "a folder with rows was listed ahead of its first screen");
        }
        Path other = config("other", "pw");
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), other)) {
            ctx.prestartReader(null, "Archive");
            assertFalse(ctx.refreshReaderAhead("real", "INBOX"), "a folder the login did not go ahead for was listed");
        }
    }
}
