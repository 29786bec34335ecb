package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.Main;
import dev.postern.compose.Bounce;
import dev.postern.compose.Built;
import dev.postern.model.PosternException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bounce: the original bytes under a Resent-* block (RFC 5322 3.6.6), to the new recipients only, no Sent copy. */
class BounceTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private GreenMailUser alice;

    static final String ORIGINAL = "Return-Path: <bob@localhost>\r\nFrom: Bob <bob@localhost>\r\nTo: alice@localhost\r\n"
            + "Cc: carol@localhost\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nMessage-ID: <b-1@localhost>\r\n"
            + "X-Odd:   kept   as   is\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe aus K=C3=B6ln.\r\n.leading dot\r\nlast line\r\n";

    /** The same with an 8-bit body, which GreenMail (no 8BITMIME in its EHLO) may not be sent (RFC 6152). */
    static final String EIGHT_BIT = ORIGINAL.replace("quoted-printable", "8bit").replace("Gr=C3=BC=C3=9Fe aus K=C3=B6ln.", "Grüße aus Köln.");

    @BeforeEach
    void setUp() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        greenMail.setUser("carol@localhost", "carol", "carol");
        greenMail.setUser("dave@localhost", "dave", "dave");
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theResentBlockIsPrependedAndNothingElseChanges() {
        byte[] raw = ORIGINAL.getBytes(StandardCharsets.UTF_8);
        Built b = Bounce.prepare(raw, "Alice Ä <alice@localhost>", List.of("dave@localhost, Eve <eve@x.example>", "dave@localhost"),
                Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        String text = new String(b.raw(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Resent-From: =?UTF-8?Q?Alice_=C3=84?= <alice@localhost>\r\nResent-Date: "), text);
        assertTrue(text.contains("Resent-To: dave@localhost,\r\n Eve <eve@x.example>\r\nResent-Message-ID: <"), text);
        assertTrue(text.endsWith(ORIGINAL), "the original follows byte for byte");
        assertEquals(List.of("dave@localhost", "eve@x.example"), b.recipients());
        assertEquals("alice@localhost", b.envelopeFrom());
        PosternException bad = org.junit.jupiter.api.Assertions.assertThrows(PosternException.class,
                () -> Bounce.prepare(raw, "alice@localhost", List.of("not an address"), Clock.systemUTC()));
        assertEquals(64, bad.exitCode().code());
    }

    private Path config() throws Exception {
        Path p = dir.resolve("config.toml");
        Files.writeString(p, "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[accounts.test]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nport = " + greenMail.getImap().getPort()
                + "\nsecurity = \"plain\"\nuser = \"alice\"\npassword = \"secret\"\ntimeout_seconds = 5\n"
                + "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    @Test
    void postternBounceRemailsTheOriginalToTheNewRecipientOnly() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--config", config().toString(), "bounce", "INBOX", "1", "--to", "dave@localhost",
                "--json"}, Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()),
                new ByteArrayInputStream(new byte[0]), false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI"); });
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"status\":\"bounced\""), out.toString(StandardCharsets.UTF_8));
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        MailFolder dave = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("dave@localhost"));
        assertEquals(1, dave.getMessageCount());
        MimeMessage m = dave.getMessages().get(0).getMimeMessage();
        assertEquals("Alice <alice@localhost>", m.getHeader("Resent-From", null));
        assertEquals("dave@localhost", m.getHeader("Resent-To", null));
        assertEquals("<b-1@localhost>", m.getMessageID(), "the original Message-ID stays");
        assertEquals("Bob <bob@localhost>", m.getHeader("From", null));
        assertTrue(m.getHeader("X-Odd", null).contains("kept   as   is"), "header spacing kept");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        m.getRawInputStream().transferTo(body);
        // GreenMail's SMTP receipt drops the line break before the final dot; the rest must be byte for byte.
        assertEquals("Gr=C3=BC=C3=9Fe aus K=C3=B6ln.\r\n.leading dot\r\nlast line", body.toString(StandardCharsets.UTF_8).stripTrailing(),
                "the body's bytes arrive intact (dot-stuffing undone)");
        MailFolder carol = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("carol@localhost"));
        assertEquals(0, carol.getMessageCount(), "the original's Cc is no recipient of a bounce");
        assertNull(greenMail.getManagers().getImapHostManager().getFolder(alice, "Sent"), "no Sent copy of a bounce");
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Exception"));
    }

    /**
     * An 8-bit original goes as it is or not at all: to a server that does not offer 8BITMIME (GreenMail) the bounce is
     * refused before MAIL FROM, 65 in one sentence, nothing delivered or kept (hunt 37-P, P2).
     */
    @Test
    void anEightBitOriginalIsNotBouncedToAServerWithout8bitmime() throws Exception {
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(EIGHT_BIT.replace("<b-1@", "<b-2@").getBytes(StandardCharsets.UTF_8))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--config", config().toString(), "bounce", "INBOX", "2", "--to", "dave@localhost"},
                Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()),
                new ByteArrayInputStream(new byte[0]), false, out, new PrintStream(err, true, StandardCharsets.UTF_8),
                (c, a, f) -> { throw new AssertionError("no UI"); });
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(65, code, said);
        assertTrue(said.contains("does not offer 8BITMIME and the message holds 8-bit data and a bounce goes as it is"), said);
        assertEquals(1, said.strip().lines().count(), said);
        assertEquals(0, greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("dave@localhost")).getMessageCount(), "nothing delivered");
    }

    /**
     * A bounce kept in the outbox as perhaps delivered (its dot went out, no answer: a kill, a lost link) and sent again
     * by `outbox --retry` goes as a bounce: to its Resent-To recipients, listed so, and no Sent copy.
     */
    @Test
    void aBounceRetriedFromTheOutboxGetsNoSentCopy() throws Exception {
        Built b = Bounce.prepare(ORIGINAL.getBytes(StandardCharsets.UTF_8), "alice@localhost", List.of("dave@localhost"),
                Clock.systemUTC());
        try (dev.postern.store.MapDbStore store = dev.postern.store.MapDbStore.open(dir.resolve("data"))) {
            store.enqueueOutgoing(new dev.postern.store.OutboxEntry(0, "test", b.envelopeFrom(), b.recipients(), b.raw(), 0,
                    "no answer after its data", 1, dev.postern.store.OutboxEntry.State.UNCONFIRMED));
            store.commit();
        }
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (String[] args : List.of(new String[] {"outbox"}, new String[] {"outbox", "--retry", "1"}, new String[] {"send", "--flush"})) {
            int code = Main.run(dev.postern.e2e.PosternConfig.argv(config(), args), env, new ByteArrayInputStream(new byte[0]), false,
                    out, new PrintStream(err, true, StandardCharsets.UTF_8), (c, a, f) -> { throw new AssertionError("no UI"); });
            assertEquals(0, code, String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("dave@localhost"), "listed to whom it is bounced: " + out);
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        MailFolder dave = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUserByEmail("dave@localhost"));
        assertEquals(1, dave.getMessageCount());
        assertNull(greenMail.getManagers().getImapHostManager().getFolder(alice, "Sent"), "no Sent copy of a bounce");
    }
}
