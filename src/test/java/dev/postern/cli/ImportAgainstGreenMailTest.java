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

    /**
     * Hunt 33, Z2: identical copies inside one archive (an export of a folder that held a message twice) were matched
     * against each other and all but one called "already there", though the folder was empty. Only what the folder
     * held before the import counts, copy by copy: every copy arrives, a re-run adds nothing, and a folder that held one
     * copy gets the archive's second.
     */
    @Test
    void identicalCopiesInsideTheArchiveAllArriveAndARerunAddsNothing() throws Exception {
        GreenMailUser user = greenMail.setUser("erin@localhost", "erin", "secret");
        Path cfg = dir.resolve("config.toml");
        CliRun.writeConfig(cfg, dir.resolve("data"), CliRun.account("work", "imap", greenMail.getImap().getPort(), "erin", "secret"));
        String same = "From a@x Mon Jan  1 10:00:00 2024\nFrom: a@x.org\nSubject: twice\n\nthe same bytes\n\n";
        Path mbox = dir.resolve("twice.mbox");
        Files.writeString(mbox, same + same + "From b@x Tue Jan  2 10:00:00 2024\nFrom: b@x.org\nSubject: once\n\nother\n", UTF_8);

        CliRun.Result r = CliRun.run(dir, cfg, "import", mbox.toString(), "--to", "Restored");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Restored: 3 appended, 0 already there, 0 skipped (mbox)"), r.out());
        MailFolder folder = greenMail.getManagers().getImapHostManager().getFolder(user, "Restored");
        assertEquals(3, folder.getMessageCount());
        CliRun.Result again = CliRun.run(dir, cfg, "import", mbox.toString(), "--to", "Restored");
        assertTrue(again.out().contains("Restored: 0 appended, 3 already there"), again.out());
        assertEquals(3, folder.getMessageCount());

        Path one = dir.resolve("one.mbox");
        Files.writeString(one, same, UTF_8);
        assertEquals(0, CliRun.run(dir, cfg, "import", one.toString(), "--to", "Half").code());
        CliRun.Result rest = CliRun.run(dir, cfg, "import", mbox.toString(), "--to", "Half");
        assertTrue(rest.out().contains("Half: 2 appended, 1 already there"), rest.out());
        assertEquals(3, greenMail.getManagers().getImapHostManager().getFolder(user, "Half").getMessageCount());
    }

    /** The hunt's fault 4: messages a server holds and postern's export writes were refused by import. */
    @Test
    void emlFilesWithObsoleteSyntaxAByteOrderMarkOrAFromLineImportAndWhatIsNotMailIsListedWithTheReason() throws Exception {
        GreenMailUser user = greenMail.setUser("bob@localhost", "bob", "secret");
        Path cfg = dir.resolve("config.toml");
        CliRun.writeConfig(cfg, dir.resolve("data"), CliRun.account("work", "imap", greenMail.getImap().getPort(), "bob", "secret"));
        Path eml = dir.resolve("eml");
        Files.createDirectories(eml);
        String obs = "Subject :obsolete syntax with space before colon\r\nFrom: a@x.org\r\nTo: b@x.org\r\n\r\nobs header\r\n";
        Files.writeString(eml.resolve("a-obs.eml"), obs, UTF_8);
        Files.writeString(eml.resolve("b-bom.eml"), "\uFEFFFrom: bom@x.org\r\nSubject: starts with a BOM\r\n\r\nbom\r\n", UTF_8);
        Files.writeString(eml.resolve("c-from.eml"), "From bob@x.org Mon Jan  1 00:00:00 2024\r\nFrom: bob@x.org\r\nSubject: from line\r\n\r\nf\r\n", UTF_8);
        Files.writeString(eml.resolve("d-notes.eml"), "just some notes: not mail\n", UTF_8);
        Files.write(eml.resolve("e-empty.eml"), new byte[0]);
        Files.write(eml.resolve("f-binary.eml"), new byte[] {'%', 'P', 'D', 'F', '-', '1', '.', '7', '\n', 0, 1, 2});

        CliRun.Result r = CliRun.run(dir, cfg, "import", eml.toString(), "--to", "Restored");
        assertEquals(65, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Restored: 3 appended, 0 already there, 3 skipped (eml)"), r.out());
        assertTrue(r.out().contains("d-notes.eml: does not start with a message header"), r.out());
        assertTrue(r.out().contains("e-empty.eml: is empty"), r.out());
        assertTrue(r.out().contains("f-binary.eml: holds binary data (a NUL byte), not mail"), r.out());
        MailFolder folder = greenMail.getManagers().getImapHostManager().getFolder(user, "Restored");
        assertEquals(3, folder.getMessageCount());
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        folder.getMessages().get(0).getMimeMessage().writeTo(raw);
        assertEquals(obs, raw.toString(UTF_8), "the obsolete header arrives as it was");
    }

    /**
     * A single message file (an .eml saved from a mail program, no mbox From line) is one message to append; before,
     * it was read as an mbox without a From line, skipped whole, and the import ended 65 with nothing imported. An
     * empty file, or one that is neither, is 65 in one sentence before anything reaches the server.
     */
    @Test
    void aSingleMessageFileIsAppendedAsOneMessageAndAFileOfNoMailIsRefused() throws Exception {
        GreenMailUser user = greenMail.setUser("dave@localhost", "dave", "secret");
        Path cfg = dir.resolve("config.toml");
        CliRun.writeConfig(cfg, dir.resolve("data"), CliRun.account("work", "imap", greenMail.getImap().getPort(), "dave", "secret"));
        Path eml = dir.resolve("saved.eml");
        Files.writeString(eml, "\nFrom: a@x.org\nTo: dave@localhost\nSubject: saved from a mail program\n\nFrom the start\n", UTF_8);

        CliRun.Result r = CliRun.run(dir, cfg, "import", eml.toString(), "--to", "Saved");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Saved: 1 appended, 0 already there, 0 skipped (eml)"), r.out());
        MailFolder folder = greenMail.getManagers().getImapHostManager().getFolder(user, "Saved");
        assertEquals(1, folder.getMessageCount());
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        folder.getMessages().get(0).getMimeMessage().writeTo(raw);
        assertEquals("From: a@x.org\r\nTo: dave@localhost\r\nSubject: saved from a mail program\r\n\r\nFrom the start\r\n",
                raw.toString(UTF_8), "the message whole, from its first header");
        CliRun.Result again = CliRun.run(dir, cfg, "import", eml.toString(), "--to", "Saved");
        assertTrue(again.out().contains("Saved: 0 appended, 1 already there"), again.out());
        assertEquals(1, folder.getMessageCount());

        Path empty = dir.resolve("empty.eml");
        Files.write(empty, new byte[0]);
        CliRun.Result e = CliRun.run(dir, cfg, "import", empty.toString(), "--to", "Nothing");
        assertEquals(65, e.code(), e.out() + e.err());
        assertTrue(e.err().contains("empty.eml is empty; nothing was imported."), e.err());
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "just some notes\nnot mail\n", UTF_8);
        CliRun.Result n = CliRun.run(dir, cfg, "import", notes.toString(), "--to", "Nothing");
        assertEquals(65, n.code(), n.out() + n.err());
        assertTrue(n.err().contains("notes.txt is neither an mbox") && n.err().contains("nothing was imported."), n.err());
        assertEquals(null, greenMail.getManagers().getImapHostManager().getFolder(user, "Nothing"), "no folder made for no mail");
        // An empty mbox is an empty mailbox, as export writes for an empty folder: imported as none, the folder made.
        Path box = dir.resolve("Empty.mbox");
        Files.write(box, new byte[0]);
        CliRun.Result m = CliRun.run(dir, cfg, "import", box.toString(), "--to", "Empty");
        assertEquals(0, m.code(), m.out() + m.err());
        assertTrue(m.out().contains("Empty: 0 appended"), m.out());
        // A byte-order mark (a Windows program's file) is dropped: kept, it spoiled the first header's name (hunt 30-Q, 3).
        Path bom = dir.resolve("bom.eml");
        Files.write(bom, ("\uFEFFFrom: b@x.org\r\nTo: dave@localhost\r\nSubject: with a mark\r\n\r\nbody\r\n").getBytes(UTF_8));
        assertEquals(0, CliRun.run(dir, cfg, "import", bom.toString(), "--to", "Marked").code());
        Path bomBox = dir.resolve("bom.mbox");
        Files.write(bomBox, ("\uFEFFFrom b@x.org Mon Jan  1 10:00:00 2024\nFrom: c@x.org\nSubject: boxed\n\nbody\n").getBytes(UTF_8));
        CliRun.Result b = CliRun.run(dir, cfg, "import", bomBox.toString(), "--to", "Marked");
        assertEquals(0, b.code(), b.out() + b.err());
        MailFolder marked = greenMail.getManagers().getImapHostManager().getFolder(user, "Marked");
        assertEquals(2, marked.getMessageCount());
        for (var msg : marked.getMessages()) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            msg.getMimeMessage().writeTo(bytes);
            assertTrue(bytes.toString(UTF_8).startsWith("From: "), "the first header whole: " + bytes.toString(UTF_8));
        }
    }

    /** The hunt's fault 5: a message's own Status header, in an mbox postern wrote, arrives; mutt's flags still do. */
    @Test
    void aMessagesOwnStatusHeaderArrivesAndMuttsFlagHeadersGiveFlags() throws Exception {
        GreenMailUser user = greenMail.setUser("carol@localhost", "carol", "secret");
        Path cfg = dir.resolve("config.toml");
        CliRun.writeConfig(cfg, dir.resolve("data"), CliRun.account("work", "imap", greenMail.getImap().getPort(), "carol", "secret"));
        Path mbox = dir.resolve("postern.mbox");
        Files.writeString(mbox, "From MAILER-DAEMON Mon Jan  1 10:00:00 2024\nFrom: a@x.org\nX-Postern-Own-Status: RO\n"
                + "Subject: has its own Status header\nStatus: O\nX-Status: F\n\nstatus\n\n", UTF_8);

        CliRun.Result r = CliRun.run(dir, cfg, "import", mbox.toString(), "--to", "Kept");
        assertEquals(0, r.code(), r.out() + r.err());
        MailFolder folder = greenMail.getManagers().getImapHostManager().getFolder(user, "Kept");
        var m = folder.getMessages().get(0);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        m.getMimeMessage().writeTo(raw);
        assertEquals("From: a@x.org\r\nStatus: RO\r\nSubject: has its own Status header\r\n\r\nstatus\r\n", raw.toString(UTF_8));
        assertTrue(m.isSet(Flags.Flag.FLAGGED) && !m.isSet(Flags.Flag.SEEN), "the flags are postern's Status/X-Status, not the message's own");
    }
}
