package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 32-U F4: a message with several Date fields (RFC 5322 allows one) was listed, sorted and stored with the last
 * (Dovecot's ENVELOPE) and read with the first. The last counts everywhere (LenientHeaders.date), as Dovecot's and
 * Cyrus's ENVELOPE and mutt's index have it: `list --json` and `read` say one date. Over POP3 both read the header
 * (LenientHeaders, the renderer); over IMAP the listing takes the server's ENVELOPE (Dovecot's: SeveralDatesIT).
 */
class SeveralDatesTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.POP3.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});

    @TempDir Path dir;

    private static final String RAW = "From: Bob <bob@example.org>\r\nTo: alice@localhost\r\n"
            + "Date: Mon, 06 Dec 2026 09:00:00 +0000\r\nSubject: ten dates\r\nMessage-ID: <ten@example.org>\r\n"
            + "Date: Tue, 07 Dec 2026 09:00:00 +0000\r\nDate: Fri, 10 Dec 2026 09:00:00 +0000\r\n\r\nbody\r\n";

    @Test
    void listAndReadSayTheLastDateOverPop3() throws Exception {
        String protocol = "pop3";
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(RAW.getBytes(StandardCharsets.US_ASCII))), new Flags(), new Date());
        int port = protocol.equals("pop3") ? greenMail.getPop3().getPort() : greenMail.getImap().getPort();
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("box", protocol, port, "alice", "secret"));
        if (protocol.equals("pop3")) assertEquals(0, CliRun.run(dir, cfg, "fetch").code);
        Result listed = CliRun.run(dir, cfg, "list", "--json", "INBOX");
        assertEquals(0, listed.code, listed.err);
        assertTrue(listed.out.contains("\"date\":\"2026-12-10T09:00:00Z\""), listed.out);
        Result read = CliRun.run(dir, cfg, "read", "INBOX", "1");
        assertEquals(0, read.code, read.err);
        assertTrue(read.out.contains("Date: Fri, 10 Dec 2026 09:00:00 +0000"), read.out);
    }
}
