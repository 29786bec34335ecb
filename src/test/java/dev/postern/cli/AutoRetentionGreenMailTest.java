package dev.postern.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * [[retention]] rules with {@code auto = true} after {@code postern sync} and {@code postern fetch}
 * against a real (in-process) IMAP server: what they delete, the summary and JSON, the audit log, the
 * share guard skipping instead of asking, and {@code where = "server"} keeping the local copy.
 */
class AutoRetentionGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private MailFolder inbox;

    @BeforeEach
    void setUp() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
    }

    /** {@code old} messages dated (header and internal date) in 2020, then {@code young} from today; all read. */
    private void seed(int old, int young) throws Exception {
        deliver(old, young, true);
    }

    /** The same, the {@code young} first: the old ones hold the folder's highest UIDs. */
    private void seedOldLast(int young, int old) throws Exception {
        deliver(old, young, false);
    }

    private void deliver(int old, int young, boolean oldFirst) throws Exception {
        for (int i = 1; i <= old + young; i++) {
            int nthOld = oldFirst ? i : i - young; // 1.. for the old ones, else <= 0
            boolean isOld = nthOld >= 1 && nthOld <= old;
            Instant when = isOld ? Instant.parse("2020-03-0" + Math.min(nthOld, 9) + "T10:00:00Z") : Instant.now();
            String raw = "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC)) + "\r\n"
                    + "From: bob@example.org\r\nTo: alice@localhost\r\nMessage-ID: <m" + i + "@example.org>\r\n"
                    + "Subject: message " + i + (isOld ? " (old)" : "") + "\r\n\r\nbody " + i + "\r\n";
            inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(UTF_8))),
                    new Flags(Flags.Flag.SEEN), Date.from(when));
        }
    }

    /**
     * Hunt 33-R, R1: local retention removed the messages with the folder's highest UIDs (old mail moved in last), and
     * the next sync listed them again: the gap listing (hunt 33-X, X1) took "above the highest UID stored now" for
     * "never listed". Only this sync's own range, or one under a mark that went back, is vouched for.
     */
    @Test
    void messagesLocalRetentionRemovedStayRemovedWhenTheyHeldTheHighestUids() throws Exception {
        seedOldLast(7, 3);
        Path cfg = config("");
        CliRun.Result sync = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, sync.code(), sync.out() + sync.err());
        assertTrue(sync.out().contains("retention: rule tidy deleted 3 in INBOX of work (local)"), sync.out());
        assertEquals(7, cached(cfg));
        CliRun.Result again = CliRun.run(dir, cfg, "sync", "-f", "INBOX", "--json");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().lines().noneMatch(l -> l.contains("\"retention\"")), "listed again and deleted again: " + again.out());
        assertEquals(7, cached(cfg));
        assertEquals(3, audit().size());
    }

    private Path config(String rule) throws Exception {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[[retention]]\nname = \"tidy\"\naccount = \"work\"\nfolders = [\"INBOX\"]\n"
                + "older_than_days = 365\nauto = true\n" + rule);
    }

    private List<String> audit() throws Exception {
        Path log = dir.resolve("data").resolve(RetentionRun.AUDIT);
        // one "deleted" line per message deleted; each follows its "intent" line, written ahead of the deletion
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("\"state\":\"deleted\"")).toList() : List.of();
    }

    private long cached(Path cfg) {
        CliRun.Result list = CliRun.run(dir, cfg, "list", "INBOX", "--cached", "--json");
        assertEquals(0, list.code(), list.err());
        return list.out().lines().count();
    }

    @Test
    void syncRunsAnAutoRuleSaysWhatItDeletedAndAuditsIt() throws Exception {
        seed(3, 7);
        Path cfg = config("");
        CliRun.Result sync = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, sync.code(), sync.out() + sync.err());
        assertTrue(sync.out().contains("retention: rule tidy deleted 3 in INBOX of work (local)"), sync.out());
        assertEquals(7, cached(cfg));
        assertEquals(10, inbox.getMessageCount(), "a local rule leaves the server alone");
        List<String> audit = audit();
        assertEquals(3, audit.size());
        assertTrue(audit.get(0).contains("\"rule\":\"tidy\",\"where\":\"local\",\"account\":\"work\",\"folder\":\"INBOX\""), audit.get(0));
        assertTrue(audit.stream().allMatch(l -> l.contains("(old)")), "only the old messages: " + audit);

        CliRun.Result again = CliRun.run(dir, cfg, "sync", "-f", "INBOX", "--json");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().lines().noneMatch(l -> l.contains("\"retention\"")), "nothing left to delete: " + again.out());
        assertEquals(3, audit().size());
    }

    @Test
    void fetchRunsAutoRulesAndTheShareGuardSkipsWithAWarningInsteadOfDeleting() throws Exception {
        seed(3, 1);
        Path cfg = config("");
        CliRun.Result fetch = CliRun.run(dir, cfg, "fetch", "--json");
        assertEquals(0, fetch.code(), fetch.out() + fetch.err());
        assertTrue(fetch.err().contains("automatic retention skipped: rule tidy would delete 3 of 4 messages in INBOX of work, "
                + "more than its max_share_percent (50%)"), fetch.err());
        assertTrue(fetch.err().contains("postern retention --yes"), fetch.err());
        assertTrue(!fetch.out().contains("\"retention\""), fetch.out());
        assertEquals(4, cached(cfg));
        assertTrue(Files.notExists(dir.resolve("data").resolve(RetentionRun.AUDIT)), "nothing deleted, nothing logged");

        Path loose = config("max_share_percent = 80\n");
        CliRun.Result allowed = CliRun.run(dir, loose, "fetch", "--json");
        assertEquals(0, allowed.code(), allowed.err());
        assertTrue(allowed.out().contains("\"retention\":[{\"rule\":\"tidy\",\"where\":\"local\",\"account\":\"work\","
                + "\"folder\":\"INBOX\",\"deleted\":3,\"uids\":[1,2,3]}]"), allowed.out());
        assertEquals(1, cached(loose));
        assertEquals(3, audit().size());
    }

    @Test
    void serverOnlyRetentionKeepsTheLocalCopyReadableAfterTheNextSync() throws Exception {
        seed(3, 7);
        Path cfg = config("where = \"server\"\n");
        CliRun.Result sync = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, sync.code(), sync.out() + sync.err());
        assertTrue(sync.out().contains("retention: rule tidy deleted 3 in INBOX of work (server)"), sync.out());
        assertEquals(7, inbox.getMessageCount(), "deleted on the server");
        assertEquals(10, cached(cfg), "kept locally");

        CliRun.Result next = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, next.code(), next.err());
        assertEquals(10, cached(cfg), "the next sync does not drop the locally kept copies");
        CliRun.Result read = CliRun.run(dir, cfg, "read", "INBOX", "1", "--raw", "--force");
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().contains("Subject: message 1 (old)") && read.out().contains("body 1"), read.out());
        assertEquals(3, audit().size());
        assertTrue(audit().get(0).contains("\"where\":\"server\""), audit().get(0));
    }

    @Test
    void headersOnlySyncWarnsOnceAboutMessagesWithoutALocalCopyNotOnEverySync() throws Exception {
        seed(3, 7);
        Path cfg = config("where = \"server\"\n");
        CliRun.Result first = CliRun.run(dir, cfg, "sync", "-f", "INBOX", "--headers-only");
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.err().contains("3 message(s) in INBOX of work that rule tidy names have no local copy yet, so their server copy"
                + " was kept; run postern sync (without --headers-only) first (postern will not warn about these messages again)"),
                first.err());
        assertEquals(10, inbox.getMessageCount(), "nothing without a local copy is deleted on the server");

        CliRun.Result second = CliRun.run(dir, cfg, "sync", "-f", "INBOX", "--headers-only");
        assertEquals(0, second.code(), second.out() + second.err());
        assertTrue(!second.err().contains("no local copy yet"), "warned once, not on every sync: " + second.err());

        // A new old message is warned about, alone.
        Instant when = Instant.parse("2020-04-01T10:00:00Z");
        String raw = "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC)) + "\r\n"
                + "From: bob@example.org\r\nTo: alice@localhost\r\nMessage-ID: <late@example.org>\r\nSubject: late\r\n\r\nlate\r\n";
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(UTF_8))),
                new Flags(Flags.Flag.SEEN), Date.from(when));
        CliRun.Result third = CliRun.run(dir, cfg, "sync", "-f", "INBOX", "--headers-only");
        assertEquals(0, third.code(), third.out() + third.err());
        assertTrue(third.err().contains("1 message(s) in INBOX of work that rule tidy names have no local copy yet"), third.err());

        // A manual run still says it every time: the user asked.
        CliRun.Result manual = CliRun.run(dir, cfg, "retention", "--dry-run");
        assertTrue(manual.err().contains("4 message(s) in INBOX of work that rule tidy names have no local copy yet"), manual.err());

        // Once the bodies are there, the rule goes ahead.
        CliRun.Result full = CliRun.run(dir, cfg, "sync", "-f", "INBOX");
        assertEquals(0, full.code(), full.out() + full.err());
        assertTrue(full.out().contains("retention: rule tidy deleted 4 in INBOX of work (server)"), full.out() + full.err());
        assertEquals(7, inbox.getMessageCount());
    }
}
