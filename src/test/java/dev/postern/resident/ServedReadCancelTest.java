package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.cli.ImapCutRelay;
import dev.postern.controller.MailController;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Envelope;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served {@code read} or {@code attachment save} whose client leaves (Ctrl-C, or its socket closed as by kill -9)
 * while the owner downloads the message for it from a server that has gone slow (a relay holds the body FETCH
 * unanswered). Before, the download went on in the owner for nobody until the server's time-out (30 s here), and the
 * account's next command queued behind it. Now the owner cuts it at once, stores no half body, and the next read
 * downloads the message whole.
 */
@Timeout(60)
class ServedReadCancelTest {
    /** How soon the owner must let go of the server once the client has left (the server would keep it 30 s). */
    private static final long LET_GO_MS = 15_000; // well under the server's 30 s; generous for a busy CI core

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private OwnerFixture fixture;
    private ImapCutRelay relay;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        String raw = "From: bob@localhost\r\nTo: alice@localhost\r\nSubject: report\r\nMessage-ID: <1@x>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nsee the file\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=data.bin\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgcICQ==\r\n--b--\r\n";
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))), new Flags(), new Date());
        relay = new ImapCutRelay(greenMail.getImap().getPort(), false);
        fixture = new OwnerFixture(dir);
        config = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", relay.port(), "plain", "alice", "secret", 30, null))
                .toAbsolutePath().normalize();
    }

    @AfterEach
    void closeRelay() throws Exception {
        relay.close();
    }

    @Test
    void aCancelledServedReadCutsItsDownloadAndStoresNoHalfBody() throws Exception {
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            MailController c = ctx.controller();
            try (Owner o = Owner.start(ctx, Owner.Role.DAEMON)) {
                relay.holdAt(l -> l.contains("BODY.PEEK[]"));
                try (SocketChannel ch = fixture.request(config, "read", "INBOX", "1")) {
                    assertTrue(relay.held.await(20, TimeUnit.SECONDS), "the served read reached the body");
                    OwnerFixture.cancel(ch, 2);
                    assertEquals(130, OwnerFixture.answer(ch).exit(), "128 + SIGINT");
                }
                theOwnerLetsGoOfTheServer();
                List<Envelope> kept = c.page("t", "INBOX", 0, 100);
                assertEquals(1, kept.size(), "the envelope read before the body stays");
                assertFalse(kept.get(0).cached(), "no half body is stored");
                theNextReadGetsItWhole(c);
            }
        }
    }

    @Test
    void aServedAttachmentSaveWhoseClientIsKilledHasItsDownloadCut() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        try (AppContext ctx = new AppContext(fixture.env(), config)) {
            MailController c = ctx.controller();
            try (Owner o = Owner.start(ctx, Owner.Role.DAEMON)) {
                relay.holdAt(l -> l.contains("BODY.PEEK[]"));
                SocketChannel ch = fixture.request(config, "attachment", "save", "INBOX", "1", "--out", out.toString());
                assertTrue(relay.held.await(20, TimeUnit.SECONDS), "the served save reached the message");
                ch.close(); // as a client killed with kill -9
                theOwnerLetsGoOfTheServer();
                try (var files = Files.list(out)) {
                    assertEquals(0, files.count(), "nothing was saved");
                }
                theNextReadGetsItWhole(c);
            }
        }
    }

    private void theOwnerLetsGoOfTheServer() throws Exception {
        assertTrue(relay.released.await(LET_GO_MS, TimeUnit.MILLISECONDS),
                "the owner still downloads for a client that left: the connection it held was not let go in " + LET_GO_MS + " ms");
    }

    /** The account's next command is not queued behind the cut one, and stores the body whole. */
    private void theNextReadGetsItWhole(MailController c) throws Exception {
        long t0 = System.nanoTime();
        try (SocketChannel next = fixture.request(config, "read", "INBOX", "1")) {
            OwnerFixture.Answer a = OwnerFixture.answer(next);
            assertEquals(0, a.exit(), "the next read: " + a.err());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 10_000, "the next read took " + ms + " ms");
        List<Envelope> all = c.page("t", "INBOX", 0, 100);
        assertTrue(all.get(0).cached(), "the body is stored after the next read");
        assertTrue(c.raw(all.get(0).ref()).get(5, TimeUnit.SECONDS).length > 200, "whole");
    }
}
