package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.cli.ServedClaim;
import dev.postern.e2e.PosternConfig;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 39, L8/M3: an owner ran its clients' commands one at a time, so a {@code fetch} of an account whose server
 * accepts and never answers held every other served command until its time-out, a {@code list --cached} of another
 * account and a fetch of a healthy one among them (cron's fetch of a dead account hung a script's list for a minute).
 * Now a command waits only for what it needs: here both finish, correctly, while the stalled fetch provably still runs
 * (its server still holds the connection, and the client's Ctrl-C then ends it with 130, not its own time-out's 75).
 */
@Timeout(90)
class ServedTurnsTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private OwnerFixture fixture;
    private Path config;
    private ServerSocket stalled;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final CountDownLatch reached = new CountDownLatch(1);
    private MailFolder inbox;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        deliver("first");
        deliver("second");
        stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // accepts, never answers
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    held.add(stalled.accept());
                    reached.countDown();
                }
            } catch (java.io.IOException closed) {
                // the test ended
            }
        }, "stalled-server");
        t.setDaemon(true);
        t.start();
        fixture = new OwnerFixture(dir);
        // b's time-out is longer than anything the test waits for a's commands: b's fetch still runs after them.
        config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("a", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 30, null),
                PosternConfig.account("b", "imap", "127.0.0.1", stalled.getLocalPort(), "plain", "alice", "secret", 40, null))
                .toAbsolutePath().normalize();
    }

    @AfterEach
    void tearDown() throws Exception {
        stalled.close();
        for (Socket s : held) s.close();
    }

    private void deliver(String subject) throws Exception {
        String raw = "From: bob@localhost\r\nTo: alice@localhost\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject
                + "@x>\r\n\r\nbody of " + subject + "\r\n";
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))), new Flags(), new Date());
    }

    @Test
    void commandsOfAHealthyAccountAndOfTheStoreRunBesideAFetchOfAStalledOne() throws Exception {
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            ctx.controller();
            try (Owner o = Owner.start(ctx, Owner.Role.DAEMON)) {
                OwnerFixture.Answer synced = served("sync", "-a", "a");
                assertEquals(0, synced.exit(), synced.err());
                deliver("third");
                try (SocketChannel b = fixture.request(config, "fetch", "-a", "b")) {
                    assertTrue(reached.await(20, TimeUnit.SECONDS), "the fetch of b reached its server");

                    OwnerFixture.Answer listed = served("list", "--cached", "-a", "a");
                    assertEquals(0, listed.exit(), listed.err());
                    assertTrue(listed.out().contains("first") && listed.out().contains("second"), listed.out());
                    assertTrue(!listed.out().contains("third"), "--cached asks no server: " + listed.out());

                    OwnerFixture.Answer fetched = served("fetch", "-a", "a");
                    assertEquals(0, fetched.exit(), fetched.err());
                    assertTrue(fetched.out().contains("1 new"), fetched.out());
                    OwnerFixture.Answer after = served("list", "--cached", "-a", "a");
                    assertTrue(after.out().contains("third"), "the fetch of a stored the new message: " + after.out());

                    OwnerFixture.Answer stats = served("store", "stats");
                    assertEquals(0, stats.exit(), stats.err());
                    OwnerFixture.Answer status = served("daemon", "status");
                    assertEquals(0, status.exit(), status.err());

                    // b's fetch still runs: its server still holds the connection, and its client's Ctrl-C ends it.
                    stillHeld();
                    OwnerFixture.cancel(b, 2);
                    OwnerFixture.Answer cut = OwnerFixture.answer(b);
                    assertEquals(130, cut.exit(), "cancelled while it still ran, not ended by its own time-out: " + cut.err());
                }
            }
        }
    }

    /**
     * A config edit the daemon cannot apply is handed back (NOT_TAKEN, and the daemon stops) in its turn, as when commands
     * ran one at a time: after the commands under way, here b's stalled fetch, which it neither cuts nor overtakes,
     * though the command it came with (a {@code list --cached}) would otherwise have run at once.
     */
    @Test
    void aHandBackWaitsForTheCommandsUnderWay() throws Exception {
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            ctx.controller();
            try (Owner o = Owner.start(ctx, Owner.Role.DAEMON)) {
                o.whenStopped().thenRun(o::storeReleased); // as the daemon's main thread, once the store is closed
                try (SocketChannel b = fixture.request(config, "fetch", "-a", "b")) {
                    assertTrue(reached.await(20, TimeUnit.SECONDS), "the fetch of b reached its server");
                    String text = java.nio.file.Files.readString(config);
                    java.nio.file.Files.writeString(config, text + "\n" + text.substring(text.indexOf("[accounts.b]"))
                            .replace("[accounts.b]", "[accounts.c]"));
                    try (SocketChannel list = fixture.request(config, "list", "--cached", "-a", "a")) {
                        java.io.InputStream in = Wire.input(list);
                        assertEquals(Wire.ACCEPTED, Wire.readFrame(in).type);
                        stillHeld(); // b's fetch runs on, not cut by the hand-back
                        assertTrue(!o.whenStopped().isDone(), "the daemon stopped under b's fetch");
                        OwnerFixture.cancel(b, 2);
                        OwnerFixture.Answer cut = OwnerFixture.answer(b);
                        assertEquals(130, cut.exit(), "b's fetch ran until its client's Ctrl-C: " + cut.err());
                        Wire.Frame f = Wire.readFrame(in);
                        assertEquals(Wire.NOT_TAKEN, f.type, "the list goes back to its client to run with the new config");
                        o.whenStopped().get(20, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    /** The claims are read from the command each line parses to (its adapter and options), not from its words. */
    @Test
    void eachCommandLineClaimsWhatItNeeds() throws Exception {
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            ctx.controller();
            assertEquals(ServedClaim.STORE, claim(ctx, "list", "--cached", "-a", "b"));
            assertEquals(ServedClaim.STORE, claim(ctx, "search", "--local", "x"));
            assertEquals(ServedClaim.STORE, claim(ctx, "outbox"));
            assertEquals(ServedClaim.STORE, claim(ctx, "store", "stats"));
            assertEquals(ServedClaim.STORE, claim(ctx, "daemon", "status"));
            assertEquals(ServedClaim.STORE, claim(ctx, "cancel", "3"));
            assertEquals(ServedClaim.STORE, claim(ctx, "help", "fetch"));
            assertEquals(ServedClaim.STORE, claim(ctx, "fetch", "--help"));
            assertEquals(ServedClaim.STORE, claim(ctx, "list", "--no-such-option"));
            assertEquals(ServedClaim.STORE, claim(ctx, "list", "-a", "nobody"), "said at once: 64");
            assertEquals(accounts("a"), claim(ctx, "list"), "the first account");
            assertEquals(accounts("b"), claim(ctx, "list", "-a", "b", "--limit", "3"));
            assertEquals(accounts("b"), claim(ctx, "fetch", "-a", "b"));
            assertEquals(accounts("b"), claim(ctx, "fetch", "b"));
            assertEquals(accounts("a", "b"), claim(ctx, "fetch"));
            assertEquals(accounts("a", "b"), claim(ctx, "sync", "--json"));
            assertEquals(accounts("a", "b"), claim(ctx, "outbox", "--flush"));
            assertEquals(accounts("b"), claim(ctx, "flag", "-a", "b", "INBOX", "1", "--set", "seen"));
            assertEquals(ServedClaim.ALL, claim(ctx, "daemon", "stop"));
            assertEquals(ServedClaim.ALL, claim(ctx, "store", "reindex"));
        }
    }

    private static ServedClaim claim(AppContext ctx, String... args) {
        return ServedClaim.of(ctx, java.util.Map.of(), args);
    }

    private static ServedClaim accounts(String... names) {
        return new ServedClaim(ServedClaim.Kind.ACCOUNTS, new java.util.TreeSet<>(List.of(names)));
    }

    private OwnerFixture.Answer served(String... args) throws Exception {
        try (SocketChannel ch = fixture.request(config, args)) {
            return OwnerFixture.answer(ch);
        }
    }

    private void stillHeld() throws Exception {
        Socket s = held.get(0);
        s.setSoTimeout(200);
        // A read that times out: the client has neither closed nor given up the connection.
        assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "b's fetch let go of its server");
    }
}
