package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** postern import against a real (in-process) IMAP server: flags, dates, skips listed, re-import adds nothing. */
class ImportAgainstGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void anMboxWithABrokenFromLineImportsTheRestListsTheSkipAndIsIdempotent() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        Path cfg = dir.resolve("config.toml");
        CliRun.writeConfig(cfg, dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"));
        Path mbox = dir.resolve("old.mbox");
        Files.writeString(mbox, "From a@x Mon Jan  1 10:00:00 2024\nSubject: first\nStatus: RO\nX-Status: F\n\none\n>From quoted\n\n"
                + "From garbage\nSubject: lost\n\nx\n\n"
                + "From b@x Tue Jan  2 10:00:00 2024\nSubject: second \u001b[31m\n\ntwo\n", UTF_8);

        CliRun.Result r = CliRun.run(dir, cfg, "import", mbox.toString(), "--to", "Imported");
        assertEquals(65, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Imported: 2 appended, 0 already there, 1 skipped (mbox)"), r.out());
        assertTrue(r.out().contains("skipped old.mbox:9: broken From line"), r.out());

        MailFolder folder = greenMail.getManagers().getImapHostManager().getFolder(user, "Imported");
        assertEquals(2, folder.getMessageCount());
        var first = folder.getMessages().get(0);
        assertTrue(first.isSet(Flags.Flag.SEEN) && first.isSet(Flags.Flag.FLAGGED));
        assertEquals(java.time.Instant.parse("2024-01-01T10:00:00Z"), first.getReceivedDate().toInstant());
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        first.getMimeMessage().writeTo(raw);
        assertEquals("Subject: first\r\n\r\none\r\nFrom quoted\r\n", raw.toString(UTF_8));

        CliRun.Result again = CliRun.run(dir, cfg, "import", mbox.toString(), "--to", "Imported", "--json");
        assertTrue(again.out().contains("\"appended\":0,\"already_there\":2"), again.out());
        assertEquals(2, folder.getMessageCount());
    }
}
