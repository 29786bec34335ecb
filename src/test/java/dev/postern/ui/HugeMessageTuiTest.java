package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.backend.imap.ImapSession;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.controller.DefaultMailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.render.HugeMessages;
import dev.postern.render.MessageRenderer;
import dev.postern.store.MapDbStore;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on huge mail, on the real controller, store and IMAP session: a 10 MB single-line message
 * and a 5,000-part one show their first screen, and q and Ctrl-C answer within 200 ms while a message is
 * still loading, rendering or being laid out. "Still rendering" is made certain by a renderer that waits
 * for a message marked X-Test-Slow until its thread is interrupted, which is also how the test sees that
 * leaving the message cancelled the render.
 */
class HugeMessageTuiTest {
    private static final long ANSWER_MS = 200;

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path home;
    private MapDbStore store;
    private DefaultMailController controller;
    private final CountDownLatch slowRenderStarted = new CountDownLatch(1);
    private final CountDownLatch slowRenderInterrupted = new CountDownLatch(1);

    private void append(MailFolder inbox, byte[] raw) throws Exception {
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)),
                new Flags(), new Date());
    }

    /** Newest first in the index: the slow one, the single line, the many parts. */
    private TuiHarness start() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.setUser("eve@localhost", "eve", "pw"));
        append(inbox, HugeMessages.manyPartMessage("many parts", 5_000));
        append(inbox, new String(HugeMessages.singleLineMessage("one huge line", 10 << 20), StandardCharsets.US_ASCII)
                .replace("Mon, 2 Jan 2023", "Tue, 3 Jan 2023").getBytes(StandardCharsets.US_ASCII));
        append(inbox, ("From: Slow <slow@example.org>\r\nSubject: slow to render\r\nX-Test-Slow: yes\r\n"
                + "Date: Wed, 4 Jan 2023 08:00:00 +0000\r\n\r\nslow body\r\n").getBytes(StandardCharsets.US_ASCII));
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("big", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "eve", "pw", 30, null),
                "fetch_whole_below = 100000000\n"); // whole and cached: the second open is the store's copy
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        store = MapDbStore.open(config.dataDir());
        MessageRenderer real = new MessageRenderer();
        controller = new DefaultMailController(config, store, a -> new ImapSession(a, () -> "pw"), raw -> {
            if (new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.US_ASCII).contains("X-Test-Slow: yes")) {
                slowRenderStarted.countDown();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    slowRenderInterrupted.countDown();
                    Thread.currentThread().interrupt();
                }
            }
            return real.render(raw);
        });
        TuiHarness h = new TuiHarness(controller, "big", "INBOX", 80, 24, Palette.defaults());
        h.awaitText("many parts");
        h.awaitText("slow to render");
        h.awaitText("one huge line");
        return h;
    }

    @AfterEach
    void stop() {
        if (controller != null) controller.close();
        if (store != null) store.close();
    }

    /** Milliseconds until {@code done} holds, polling every millisecond; fails after the harness's deadline. */
    private static long millisUntil(String what, BooleanSupplier done) throws InterruptedException {
        long start = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - start > TuiHarness.DEADLINE.toNanos()) fail("never: " + what);
            Thread.sleep(1);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void assertAnswered(String what, long ms) {
        System.out.println(what + ": " + ms + " ms");
        assertTrue(ms <= ANSWER_MS, what + " took " + ms + " ms (at most " + ANSWER_MS + ")");
    }

    @Test
    @Tag("quiet") // a wall-clock bound: run alone after the parallel forks (pom.xml)
    void qAndCtrlCAnswerAtOnceWhileAMessageIsStillRendering() throws Exception {
        try (TuiHarness h = start()) {
            h.press(KeyType.Enter); // the newest: the slow one
            h.awaitText("Loading…");
            assertTrue(slowRenderStarted.await(20, TimeUnit.SECONDS), "the render started");
            h.type("q");
            assertAnswered("q while rendering", millisUntil("the index after q", () -> h.screen().contains("one huge line")));
            assertTrue(slowRenderInterrupted.await(5, TimeUnit.SECONDS), "leaving the message cancelled its render");

            h.press(KeyType.Enter);
            h.awaitText("Loading…");
            h.terminal.addInput(new KeyStroke('c', true, false));
            assertAnswered("Ctrl-C while rendering", millisUntil("the reader ended", () -> !h.running()));
        }
    }

    @Test
    @Tag("quiet") // a wall-clock bound: run alone after the parallel forks (pom.xml)
    void aTenMegabyteSingleLineShowsItsFirstScreenAndQuitsAtOnce() throws Exception {
        try (TuiHarness h = start()) {
            h.type("j");
            h.press(KeyType.Enter);
            long shown = millisUntil("the first screen of the huge line", () -> h.screen().contains("START-OF-BODYabcdef"));
            System.out.println("first screen of a 10 MB line (download included): " + shown + " ms");
            h.type("q");
            assertAnswered("q on a huge line", millisUntil("the index after q", () -> h.screen().contains("many parts")));
            // Again, from the store's copy now: the first screen alone, without the download.
            h.press(KeyType.Enter);
            long cached = millisUntil("the first screen again", () -> h.screen().contains("START-OF-BODYabcdef"));
            System.out.println("first screen of a 10 MB line (cached): " + cached + " ms");
            assertTrue(cached < 5_000, "first screen of a cached 10 MB line took " + cached + " ms");
            h.type("G"); // the end, however far
            h.awaitText("[truncated: ");
            h.terminal.addInput(new KeyStroke('c', true, false));
            assertAnswered("Ctrl-C on a huge line", millisUntil("the reader ended", () -> !h.running()));
        }
    }

    @Test
    @Tag("quiet") // a wall-clock bound: run alone after the parallel forks (pom.xml)
    void aFiveThousandPartMessageShowsItsFirstScreenAndQuitsAtOnce() throws Exception {
        try (TuiHarness h = start()) {
            h.type("jj");
            h.press(KeyType.Enter);
            millisUntil("the first part", () -> h.screen().contains("PART-1 text of part 1"));
            h.type("G");
            h.awaitText("part-5000.txt");
            h.type("=");
            h.awaitText("PART-1 text of part 1");
            h.type("q");
            assertAnswered("q on many parts", millisUntil("the index after q", () -> h.screen().contains("slow to render")));
            h.press(KeyType.Enter); // the slow one, to quit while it renders
            h.awaitText("Loading…");
            h.terminal.addInput(new KeyStroke('c', true, false));
            assertAnswered("Ctrl-C while loading", millisUntil("the reader ended", () -> !h.running()));
        }
    }
}
