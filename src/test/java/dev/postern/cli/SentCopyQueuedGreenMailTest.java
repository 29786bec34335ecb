package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.model.Envelope;
import dev.postern.store.MapDbStore;
import dev.postern.store.PendingAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 39-Y, Y1: a message sent while its IMAP server could not be reached went out by SMTP, and its copy to Sent was
 * dropped for good (a note only), though the offline queue kept every other change. Now the copy is kept in the store,
 * local only, in Sent, and queued as an APPEND of the exact bytes sent; the replay appends it once the link is back,
 * once: a replay whose APPEND the server stored but whose answer (and so the store's commit) was lost appends nothing
 * the next time (it finds the Message-ID in Sent first).
 */
class SentCopyQueuedGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private GreenMailUser alice;

    @BeforeEach
    void setUp() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.getManagers().getImapHostManager().createMailbox(alice, "Sent");
        greenMail.getManagers().getImapHostManager().subscribe(alice, "Sent");
    }

    private MailFolder sent() throws Exception {
        return greenMail.getManagers().getImapHostManager().getFolder(alice, "Sent");
    }

    private List<Envelope> storedSent(MapDbStore store) {
        List<Envelope> out = new ArrayList<>();
        store.forEachEnvelope(e -> { if (e.ref().folder().equals("Sent")) out.add(e); });
        return out;
    }

    @Test
    void aSentCopyWhoseServerIsAwayIsKeptQueuedAndAppendedOnceWhenTheLinkIsBack() throws Exception {
        try (ImapCutRelay relay = new ImapCutRelay(greenMail.getImap().getPort(), false)) {
            Path data = dir.resolve("data");
            Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), data,
                    CliRun.account("test", "imap", relay.port(), "alice", "secret"),
                    "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                    + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            assertEquals(0, CliRun.run(dir, cfg, "sync").code(), "the store knows the folders");

            // The IMAP link goes down at the copy's first command and stays down; SMTP is up.
            relay.arm(line -> true, ImapCutRelay.Cut.BEFORE, true);
            Result r = CliRun.runWithStdin(dir, cfg, "kept text\n".getBytes(StandardCharsets.UTF_8), "send", "--to",
                    "bob@localhost", "--subject", "while away");
            assertEquals(0, r.code(), r.err());
            assertTrue(greenMail.waitForIncomingEmail(5000, 1), "delivered by SMTP");
            assertTrue(r.err().contains("its copy to Sent is queued (change 1) and saved there once the server can be reached (now: "), r.err());
            assertFalse(r.err().contains("Sent lacks it"), r.err());
            assertEquals(0, sent().getMessageCount(), "nothing reached Sent yet");

            Result q = CliRun.run(dir, cfg, "queue");
            assertEquals(0, q.code(), q.err());
            assertTrue(q.out().contains("append <") && q.out().contains("> to Sent"), q.out());

            byte[] copy;
            String id;
            try (MapDbStore store = MapDbStore.open(data)) {
                List<PendingAction> queued = store.pending("test");
                assertEquals(1, queued.size(), queued.toString());
                assertEquals(PendingAction.Kind.APPEND, queued.get(0).kind());
                copy = queued.get(0).copy();
                id = queued.get(0).messageId();
                List<Envelope> local = storedSent(store);
                assertEquals(1, local.size(), "the reader's Sent shows it meanwhile: " + local);
                assertEquals("while away", local.get(0).subject());
                assertTrue(store.isDetached(local.get(0).ref()), "local only");
                assertArrayEquals(copy, store.body(local.get(0).ref()).orElseThrow(), "the exact bytes kept");
                assertEquals(1, store.folders("test").stream().filter(f -> f.name().equals("Sent")).findFirst()
                        .orElseThrow(() -> new AssertionError("" + store.folders("test"))).total(), "the folder list counts it");
            }
            assertTrue(new String(copy, StandardCharsets.UTF_8).contains("kept text"));

            // The link is back, but the replay's APPEND loses its answer after the server stored the copy, and the link
            // stays down: the queued copy is not forgotten (as after a kill between the APPEND and the commit).
            relay.heal();
            relay.arm(line -> line.contains(" APPEND "), ImapCutRelay.Cut.AFTER, true);
            CliRun.run(dir, cfg, "sync");
            assertEquals(2, relay.cuts.get(), "the replay's APPEND was cut after the server took it");
            assertEquals(1, sent().getMessageCount(), "the server stored it");
            try (MapDbStore store = MapDbStore.open(data)) {
                assertEquals(1, store.pending("test").size(), "still queued: the store never heard");
            }

            // Back for good: the replay finds the copy in Sent by its Message-ID and appends nothing.
            relay.heal();
            Result back = CliRun.run(dir, cfg, "sync");
            assertEquals(0, back.code(), back.err());
            assertEquals(1, sent().getMessageCount(), "in Sent once, not twice");
            assertEquals(id, sent().getMessages().get(0).getMimeMessage().getMessageID());
            assertEquals(0, CliRun.run(dir, cfg, "sync").code());
            assertEquals(1, sent().getMessageCount());
            assertTrue(CliRun.run(dir, cfg, "queue").out().contains("nothing queued"));
            try (MapDbStore store = MapDbStore.open(data)) {
                assertTrue(store.pending("test").isEmpty());
                List<Envelope> shown = storedSent(store);
                assertEquals(1, shown.size(), "the server's copy in place of the local one: " + shown);
                assertFalse(store.isDetached(shown.get(0).ref()));
                assertTrue(shown.get(0).ref().uid() < (1L << 32), shown.toString());
            }
        }
    }

    /**
     * The replay killed with SIGKILL between the APPEND the server did and the store's commit (the answer held back so
     * the kill comes in between): the next sync finds the copy in Sent and does not append it again.
     */
    @Test
    void aReplayKilledBetweenTheAppendAndItsCommitLeavesOneCopy() throws Exception {
        try (ImapCutRelay relay = new ImapCutRelay(greenMail.getImap().getPort(), false)) {
            Path data = dir.resolve("data");
            Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), data,
                    CliRun.account("test", "imap", relay.port(), "alice", "secret"),
                    "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                    + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            assertEquals(0, CliRun.run(dir, cfg, "sync").code());
            relay.arm(line -> true, ImapCutRelay.Cut.BEFORE, true);
            Result r = CliRun.runWithStdin(dir, cfg, "hi\n".getBytes(StandardCharsets.UTF_8), "send", "--to", "bob@localhost",
                    "--subject", "killed replay");
            assertTrue(r.err().contains("its copy to Sent is queued (change"), r.err());
            relay.heal();
            relay.holdAnswerOf(line -> line.contains(" APPEND "));
            dev.postern.e2e.SendStall child = new dev.postern.e2e.SendStall(dir.resolve("child"));
            java.util.Map<String, String> env = CliRun.env(dir);
            env.put("PATH", System.getenv("PATH"));
            Process p = child.start(false, env, "", dev.postern.e2e.PosternConfig.argv(cfg, "sync"));
            try {
                assertTrue(relay.answerHeld.await(60, java.util.concurrent.TimeUnit.SECONDS), "the replay's APPEND was done");
            } finally {
                p.destroyForcibly(); // SIGKILL: between the APPEND and the commit
                assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, sent().getMessageCount(), "the server stored it");
            try (MapDbStore store = MapDbStore.open(data)) {
                assertEquals(1, store.pending("test").size(), "the kill came before the commit");
            }
            Result back = CliRun.run(dir, cfg, "sync");
            assertEquals(0, back.code(), back.err());
            assertEquals(1, sent().getMessageCount(), "in Sent once, not twice");
            try (MapDbStore store = MapDbStore.open(data)) {
                assertTrue(store.pending("test").isEmpty());
                assertEquals(1, storedSent(store).size(), storedSent(store).toString());
            }
        }
    }

    /** The server not there at all (connection refused): kept and queued alike, and appended at the next sync. */
    @Test
    void aSentCopyWhoseServerRefusesConnectionsIsQueuedToo() throws Exception {
        ImapCutRelay relay = new ImapCutRelay(greenMail.getImap().getPort(), false);
        int port = relay.port();
        Path data = dir.resolve("data");
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), data, CliRun.account("test", "imap", port, "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
        assertEquals(0, CliRun.run(dir, cfg, "sync").code());
        relay.close(); // nothing listens on the port now
        Result r = CliRun.runWithStdin(dir, cfg, "hi\n".getBytes(StandardCharsets.UTF_8), "send", "--to", "bob@localhost",
                "--subject", "refused");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("its copy to Sent is queued (change"), r.err());
        Path cfg2 = CliRun.writeConfig(dir.resolve("config.toml"), data,
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
        assertEquals(0, CliRun.run(dir, cfg2, "sync").code());
        assertEquals(1, sent().getMessageCount());
        assertEquals("refused", sent().getMessages().get(0).getMimeMessage().getSubject());
    }
}
