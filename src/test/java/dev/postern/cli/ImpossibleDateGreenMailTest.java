package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A Date of year 99999 would pin the message above every other for good, one of year 0000 sink it as 2000: its arrival date stands in. */
class ImpossibleDateGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Fri, 31 Dec 99999 23:59:59 +9999",
            // Read leniently as 3609-06-30: far past the arrival, so noise all the same.
            "Mon, 32 Foo 99999 25:61:61 +9999", "Tue, 1 Jan 2030 10:00:00 +0000"})
    // A year written 0000 (Jakarta's parser makes it 2000) is read from the ENVELOPE's date as written; GreenMail
    // rewrites that date, so the case is held against Dovecot by hand and by ImapMapperTest, not here.
    void anImpossibleDateIsReplacedByTheArrivalDate(String date) throws Exception {
        GreenMailUser user = GREENMAIL.setUser("d@localhost", "d", "secret");
        String raw = "From: a@example.org\r\nTo: d@localhost\r\nSubject: from the far future\r\n"
                + "Date: " + date + "\r\nMessage-ID: <far@example.org>\r\n\r\nbody\r\n";
        MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        Date arrived = new Date(1_700_000_000_000L);
        GREENMAIL.getManagers().getImapHostManager().getInbox(user).appendMessage(m, new Flags(), arrived);
        Path config = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("t", "imap", GREENMAIL.getImap().getPort(), "d", "secret"));
        CliRun.Result r = CliRun.run(dir, config, "list", "--json");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("far future"), r.out);
        assertFalse(r.out.contains("99999") || r.out.contains("3609") || r.out.contains("2030") || r.out.contains("2000-01-01"), r.out);
        assertTrue(r.out.contains("\"date\":\"2023-11-14T22:13:20Z\""), r.out);
    }
}
