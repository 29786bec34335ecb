package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 38-T: a message's age is how long it has been here (IMAP INTERNALDATE, POP3: when postern stored it), never its
 * Date header (T1); export writes that arrival as the delivery date (T3); a dry run of a server rule lists what the run
 * deletes, having asked the server (T4). Against GreenMail's POP3 and IMAP, through the command line.
 */
class ArrivalAgeGreenMailTest {
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

    /** A message whose Date header says {@code dated}, arrived (INTERNALDATE) at {@code arrived}. */
    private void deliver(String subject, String dated, Instant arrived, boolean seen) throws Exception {
        String raw = "Date: " + dated + "\r\nFrom: camera@example.org\r\nTo: alice@localhost\r\nMessage-ID: <" + subject
                + "@example.org>\r\nSubject: " + subject + "\r\n\r\nbody of " + subject + "\r\n";
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(UTF_8))),
                seen ? new Flags(Flags.Flag.SEEN) : new Flags(), Date.from(arrived));
    }

    private static String rfc5322(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    private Path config(String account, String rule) throws Exception {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"), account,
                "[[retention]]\nname = \"year\"\naccount = \"work\"\nfolders = [\"INBOX\"]\nolder_than_days = 365\nmax_share_percent = 100\n" + rule);
    }

    private long cached(Path cfg, String account) {
        CliRun.Result list = CliRun.run(dir, cfg, "list", "INBOX", "-a", account, "--cached", "--json");
        assertEquals(0, list.code, list.err);
        return list.out.lines().count();
    }

    /**
     * T1: a device whose clock was reset sends "1970", a router "2000". Fetched by POP3 with keep_on_server = false (the
     * store is the only copy), read, a local rule of 365 days then deleted both at the next fetch, minutes after they came.
     */
    @Test
    void pop3MailThatArrivedTodayIsNotDeletedForItsOldDateHeader() throws Exception {
        deliver("camera-1970", "Thu, 01 Jan 1970 00:00:07 +0000", Instant.now(), false);
        deliver("router-2000", "Sat, 01 Jan 2000 00:00:00 +0000", Instant.now(), false);
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("home", "pop3", greenMail.getPop3().getPort(), "alice", "secret"),
                "[accounts.home.pop3]\nkeep_on_server = false\n"
                + "[[retention]]\nname = \"year\"\naccount = \"home\"\nfolders = [\"INBOX\"]\nolder_than_days = 365\n"
                + "max_share_percent = 100\nkeep_unread = false\nauto = true\n");
        CliRun.Result fetch = CliRun.run(dir, cfg, "fetch");
        assertEquals(0, fetch.code, fetch.out + fetch.err);
        assertEquals(0, inbox.getMessageCount(), "keep_on_server = false: the store holds the only copies");
        assertFalse(fetch.out.contains("retention:"), "deleted as older than 365 days minutes after they came: " + fetch.out);
        CliRun.Result again = CliRun.run(dir, cfg, "fetch");
        assertEquals(0, again.code, again.out + again.err);
        assertFalse(again.out.contains("retention:"), again.out);
        assertEquals(2, cached(cfg, "home"));
        CliRun.Result dry = CliRun.run(dir, cfg, "retention", "--dry-run");
        assertEquals(0, dry.code, dry.out + dry.err);
        assertTrue(dry.out.contains("0 messages would be deleted"), dry.out);
    }

    /**
     * T1 over IMAP with a local rule, and T3: a message that arrived five days ago with "Date: 1970" is kept, and export
     * writes its arrival (not 1970) as the mbox From line's date and the Maildir name's time, which import and Dovecot
     * take as the INTERNALDATE: a restore no longer makes it a message every server rule deletes.
     */
    @Test
    void imapKeepsByInternalDateAndExportWritesTheArrival() throws Exception {
        Instant arrived = Instant.now().minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
        deliver("camera-1970", "Thu, 01 Jan 1970 00:00:07 +0000", arrived, true);
        Instant old = Instant.parse("2020-03-01T10:00:00Z");
        deliver("really-old", rfc5322(old), old, true);
        Path cfg = config(CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"), "auto = true\n");
        CliRun.Result sync = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, sync.code, sync.out + sync.err);
        assertTrue(sync.out.contains("retention: rule year deleted 1 in INBOX of work (local)"), sync.out);
        CliRun.Result list = CliRun.run(dir, cfg, "list", "INBOX", "--cached", "--json");
        assertEquals(0, list.code, list.err);
        assertTrue(list.out.contains("camera-1970") && !list.out.contains("really-old"), list.out);

        Path out = dir.resolve("out");
        CliRun.Result mbox = CliRun.run(dir, cfg, "export", "INBOX", "--format", "mbox", "--out", out.toString());
        assertEquals(0, mbox.code, mbox.out + mbox.err);
        String asctime = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT)
                .format(LocalDateTime.ofInstant(arrived, ZoneOffset.UTC));
        String written = Files.readString(out.resolve("INBOX.mbox"), UTF_8);
        assertTrue(written.startsWith("From MAILER-DAEMON " + asctime + "\n"), written);

        Path md = dir.resolve("md");
        CliRun.Result maildir = CliRun.run(dir, cfg, "export", "INBOX", "--format", "maildir", "--out", md.toString());
        assertEquals(0, maildir.code, maildir.out + maildir.err);
        try (var files = Files.list(md.resolve("INBOX").resolve("cur"))) {
            List<Path> names = files.toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.get(0).getFileName().toString().startsWith(arrived.getEpochSecond() + ".P"), names.toString());
            assertEquals(arrived, Files.getLastModifiedTime(names.get(0)).toInstant());
        }
    }

    /**
     * T4: a server rule's dry run asks the server, as the run does. Three old read messages; since the sync another
     * client marked one unread and flagged another, which the rule keeps: the dry run said "3 messages would be
     * deleted", the run deleted 1 and kept 2 "by the server's own date" or flags.
     */
    @Test
    void aServerRulesDryRunListsWhatTheRunDeletes() throws Exception {
        for (int i = 1; i <= 3; i++) {
            Instant old = Instant.parse("2020-03-0" + i + "T10:00:00Z");
            deliver("old-" + i, rfc5322(old), old, true);
        }
        Path cfg = config(CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"), "where = \"server\"\n");
        CliRun.Result sync = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, sync.code, sync.out + sync.err);
        inbox.getMessages().get(0).setFlag(Flags.Flag.SEEN, false);
        inbox.getMessages().get(1).setFlag(Flags.Flag.FLAGGED, true);

        CliRun.Result dry = CliRun.run(dir, cfg, "retention", "--dry-run");
        assertEquals(0, dry.code, dry.out + dry.err);
        assertTrue(dry.out.contains("1 message would be deleted"), dry.out + dry.err);
        assertTrue(dry.out.contains("old-3") && !dry.out.contains("old-1") && !dry.out.contains("old-2"), dry.out);
        assertTrue(dry.err.contains("2 message(s) in INBOX of work are not older than the cut-off by the server's own date,"
                + " or the server has them flagged or unread now (as the rule keeps), so a run keeps them"), dry.err);
        assertEquals(3, inbox.getMessageCount(), "a dry run deletes nothing");

        CliRun.Result run = CliRun.run(dir, cfg, "retention", "--yes");
        assertEquals(0, run.code, run.out + run.err);
        assertTrue(run.out.contains("1 message deleted"), run.out + run.err);
        assertEquals(2, inbox.getMessageCount());

        // A server that cannot be asked: the store's list, said to be so, and still a dry run's exit.
        Path off = config(CliRun.account("work", "imap", closedPort(), "alice", "secret"), "where = \"server\"\n");
        CliRun.Result offline = CliRun.run(dir, off, "retention", "--dry-run");
        assertEquals(0, offline.code, offline.out + offline.err);
        assertTrue(offline.err.contains("the server of work could not be asked (") && offline.err.contains("); the list is the"
                + " store's, and a run deletes on the server only what the server also finds older"), offline.err);
    }

    private static int closedPort() throws Exception {
        return dev.postern.ClosedPort.take();
    }
}
