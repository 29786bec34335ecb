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
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `postern fetch` on POP3 accounts against GreenMail: summaries, exit codes, policies, header-only. */
class FetchCommandGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.POP3.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});

    @TempDir Path dir;
    private MailFolder inbox;


    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
    }

    private Path config(String pop3Table) throws IOException {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("home", "pop3", greenMail.getPop3().getPort(), "alice", "secret"),
                pop3Table.isEmpty() ? "" : "[accounts.home.pop3]\n" + pop3Table + "\n");
    }

    private Result run(Path cfg, String... args) {
        return CliRun.run(dir, cfg, args);
    }

    private byte[] deliver(String subject, String body) throws Exception {
        MimeMessage m = TestMail.fromBob(subject, body);
        inbox.appendMessage(m, new Flags(), new Date());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        m.writeTo(b);
        return b.toByteArray();
    }

    private void deliverRaw(byte[] raw) throws Exception {
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)),
                new Flags(), new Date());
    }

    @Test
    void fetchStoresEveryMessageOnceAndASecondRunFetchesNothing() throws Exception {
        Path cfg = config("");
        byte[] first = deliver("first", "one");
        for (int i = 0; i < 4; i++) deliver("msg " + i, "body " + i);
        Result r = run(cfg, "fetch");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.startsWith("home: 5 new, 0 skipped, 0 deleted, "), r.out);
        assertEquals("", r.err, "no progress bar when stderr is not a terminal");

        Result again = run(cfg, "fetch", "--json");
        assertEquals(0, again.code, again.err);
        assertTrue(again.out.startsWith("{\"account\":\"home\",\"protocol\":\"pop3\",\"ok\":true,\"new\":0,"
                + "\"header_only\":0,\"bodies\":0,\"skipped\":5,\"deleted\":0,\"delete_refused\":0,\"bytes\":0,\"error\":null,\"message_errors\":[],\"exit\":0}"), again.out);
        assertEquals(5, inbox.getMessageCount(), "keep_on_server defaults to true");

        Result list = run(cfg, "list", "--cached", "--json");
        assertEquals(5, list.out.strip().split("\n").length, list.out);
        assertTrue(list.out.contains("\"cached\":true"), list.out);
        assertFalse(list.out.contains("\"cached\":false"), list.out);
        // Oldest message is local UID 1; its stored bytes are exactly what the server holds.
        Result raw = run(cfg, "read", "--raw", "--force", "1");
        assertEquals(0, raw.code, raw.err);
        assertArrayEquals(normalise(first), normalise(raw.rawOut));
    }

    /** GreenMail re-serialises what it was given; compare modulo line endings. */
    private static byte[] normalise(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").strip().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void keepOnServerFalseDeletesExactlyWhatTheStoreHolds() throws Exception {
        Path cfg = config("keep_on_server = false\nmax_message_bytes = 5000");
        deliver("small one", "x");
        deliver("small two", "y");
        deliver("big", "z".repeat(20_000));
        Result r = run(cfg, "fetch");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.startsWith("home: 3 new (1 header-only), 0 skipped, 2 deleted"), r.out);
        // The big one was stored header-only, so it must stay on the server.
        assertEquals(1, inbox.getMessageCount());
        assertEquals("big", inbox.getMessages().get(0).getMimeMessage().getSubject());

        Result again = run(cfg, "fetch");
        assertTrue(again.out.startsWith("home: 0 new, 1 skipped, 0 deleted"), again.out);
        assertEquals(1, inbox.getMessageCount());
        Result list = run(cfg, "list", "--cached");
        assertEquals(3, list.out.strip().split("\n").length, list.out);
    }

    @Test
    void headersFirstFetchesHeadersAndBodiesOnDemandOrWithBodies() throws Exception {
        Path cfg = config("headers_first = true");
        deliver("one", "first body");
        deliver("two", "second body");
        Result r = run(cfg, "fetch");
        assertTrue(r.out.startsWith("home: 2 new (2 header-only), 0 skipped, 0 deleted"), r.out);
        // the byte count names its unit, as 1.4K and 3.0M do (hunt 33-Z, Z18): two headers are under 1K
        assertTrue(r.out.strip().matches("home: 2 new \\(2 header-only\\), 0 skipped, 0 deleted, \\d+ bytes"), r.out);
        Result list = run(cfg, "list", "--cached", "--json");
        assertFalse(list.out.contains("\"cached\":true"), list.out);

        // Opening a header-only message downloads its body.
        Result read = run(cfg, "read", "--preview", "1");
        assertEquals(0, read.code, read.err);
        assertTrue(read.out.contains("first body"), read.out);

        Result bodies = run(cfg, "fetch", "--bodies");
        assertTrue(bodies.out.startsWith("home: 0 new, 1 body, 1 skipped"), bodies.out);
        list = run(cfg, "list", "--cached", "--json");
        assertFalse(list.out.contains("\"cached\":false"), list.out);
    }

    @Test
    void malformedMessagesAreStoredAsTheyAreAndFetchingGoesOn() throws Exception {
        Path cfg = config("");
        deliver("before", "a");
        byte[] junk = "Subject: =?bogus?Q?broken\r\nFrom: <<<@@@>>>\r\nDate: not a date\r\nContent-Type: multipart/mixed\r\n\r\nno boundary at all\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        deliverRaw(junk);
        deliver("after", "b");
        Result r = run(cfg, "fetch");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.startsWith("home: 3 new"), r.out);
        Result raw = run(cfg, "read", "--raw", "--force", "2");
        assertEquals(0, raw.code, raw.err);
        assertTrue(new String(raw.rawOut, StandardCharsets.ISO_8859_1).contains("no boundary at all"));
    }

    @Test
    void unreachableServerExitsWithItsCodeAndSaysWhich() throws Exception {
        Path cfg = config("");
        Files.writeString(cfg, Files.readString(cfg).replace("port = " + greenMail.getPop3().getPort(), "port = 1"));
        Result r = run(cfg, "fetch", "--json");
        assertEquals(69, r.code, r.err);
        assertTrue(r.err.startsWith("postern: account home: the connection to 127.0.0.1:1 was refused"), r.err);
        assertTrue(r.out.contains("\"ok\":false") && r.out.contains("\"exit\":69"), r.out);
    }
}
