package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.compose.Draft;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Postman;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The outbox in the reader: shown in the sidebar while the SMTP server is away, sent when the account comes online. */
class TuiOutboxTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;

    private Path config(int smtpPort) throws Exception {
        Path p = dir.resolve("config-" + smtpPort + ".toml");
        return PosternConfig.write(p, dir.resolve("data"),
                PosternConfig.account("test", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 5, null),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + smtpPort
                + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
    }

    @Test
    void theOutboxShowsInTheSidebarAndGoesOutWhenTheAccountIsOnlineWithItsServerBack() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        int closed;
        closed = dev.postern.ClosedPort.take();
        Path offline = config(closed);
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), offline)) {
            Postman.Result r = ctx.postman().send("test", new MessageBuilder().build(new Draft("alice@localhost",
                    List.of("bob@localhost"), null, null, "waiting", "body", null, null, null, false)));
            assertEquals(Postman.Outcome.QUEUED, r.outcome());
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), offline);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Outbox (1)");
            h.type("q");
            h.awaitExit();
        }
        java.util.Queue<String> jobs = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config(greenMail.getSmtp().getPort()));
             AutoCloseable seen = ctx.controller().subscribe(e -> {
                 if (e instanceof dev.postern.controller.Event.Progress p) jobs.add(p.what());
             });
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            h.awaitText("Sent 1 message(s) from the outbox of test.");
            // It went out as the controller's job (listed by :jobs, stopped by :cancel), not behind its back.
            assertTrue(jobs.stream().anyMatch(w -> w.contains("outbox flush")), "progress of jobs seen: " + jobs);
            h.awaitGone("Outbox (1)");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        assertEquals("waiting", greenMail.getReceivedMessages()[0].getSubject());
    }

    /**
     * Messages set aside (refused for good, or perhaps delivered) are never sent again by themselves, so the reader
     * must show them: counted in the sidebar's outbox line, each kind on a line of its own, and marked in the outbox.
     */
    @Test
    void theSidebarCountsAndNamesTheMessagesSetAside() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        Path offline = config(dev.postern.ClosedPort.take());
        try (dev.postern.store.MapDbStore store = dev.postern.store.MapDbStore.open(dir.resolve("data"))) {
            int n = 0;
            for (dev.postern.store.OutboxEntry.State state : dev.postern.store.OutboxEntry.State.values()) {
                byte[] raw = ("From: alice@localhost\r\nTo: bob@localhost\r\nSubject: " + state + "\r\n\r\nbody\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                store.enqueueOutgoing(new dev.postern.store.OutboxEntry(0, "test", "alice@localhost", List.of("bob@localhost"), raw,
                        1_000_000L + n++, state == dev.postern.store.OutboxEntry.State.WAITING ? null : "550 no", 1, state));
            }
            store.commit();
        }
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), offline);
             TuiHarness h = new TuiHarness(ctx.controller(), "test", "INBOX", 80, 24, Palette.defaults())) {
            String screen = h.awaitText("! 1 refused");
            assertTrue(screen.contains("Outbox (3)"), screen);
            assertTrue(screen.contains("? 1 maybe sent"), screen);
            h.type("q");
            h.awaitExit();
        }
    }
}
