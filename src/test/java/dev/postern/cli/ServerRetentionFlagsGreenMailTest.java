package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 34-A, A10: a server rule with keep_flagged and keep_unread is planned from the store's flags; a message another
 * client flagged, or marked unread, since the last sync was expunged on the server against the rule's own keep_*. The
 * server's SEARCH now leaves out what it holds flagged or unread, and the run says it kept them.
 */
class ServerRetentionFlagsGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void aMessageFlaggedOrMarkedUnreadElsewhereSinceTheSyncIsKept() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        MailFolder old = greenMail.getManagers().getImapHostManager().createMailbox(user, "Old");
        for (int i = 1; i <= 5; i++) {
            Instant when = Instant.parse("2020-03-0" + i + "T10:00:00Z");
            String raw = "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC)) + "\r\n"
                    + "From: bob@example.org\r\nTo: alice@localhost\r\nMessage-ID: <old" + i + "@example.org>\r\n"
                    + "Subject: old " + i + "\r\n\r\nbody " + i + "\r\n";
            old.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(UTF_8))),
                    new Flags(Flags.Flag.SEEN), Date.from(when));
        }
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[[retention]]\nname = \"archive\"\naccount = \"work\"\nfolders = [\"Old\"]\nolder_than_days = 365\n"
                + "where = \"server\"\nkeep_flagged = true\nkeep_unread = true\n");
        CliRun.Result sync = CliRun.run(dir, cfg, "sync", "-f", "Old");
        assertEquals(0, sync.code(), sync.out() + sync.err());

        // On the phone: message 2 flagged, message 3 marked unread.
        List<StoredMessage> ms = old.getMessages();
        ms.get(1).setFlag(Flags.Flag.FLAGGED, true);
        ms.get(2).setFlag(Flags.Flag.SEEN, false);

        CliRun.Result run = CliRun.run(dir, cfg, "retention", "--yes");
        assertEquals(0, run.code(), run.out() + run.err());
        List<String> left = old.getMessages().stream().map(m -> {
            try {
                return m.getMimeMessage().getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(List.of("old 2", "old 3"), left, "the flagged and the unread message stay on the server: " + run);
        assertTrue(run.err().contains("flagged or unread now (as the rule keeps)"), run.toString());
    }
}
