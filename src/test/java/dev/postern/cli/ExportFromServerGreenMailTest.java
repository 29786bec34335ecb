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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** postern export --from-server against a real (in-process) IMAP server: uncached bodies, flags and dates, nothing cached. */
class ExportFromServerGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private static String message(int i, Instant when) {
        return "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC)) + "\r\n"
                + "From: bob@example.org\r\nTo: alice@localhost\r\nMessage-ID: <x" + i + "@example.org>\r\n"
                + "Subject: export " + i + "\r\n\r\nline one of " + i + "\r\nline two\r\n";
    }

    private static void append(MailFolder f, int i, Flags flags) throws Exception {
        Instant when = Instant.parse("2024-05-0" + i + "T09:30:00Z");
        f.appendMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message(i, when).getBytes(UTF_8))),
                flags, Date.from(when));
    }

    @Test
    void uncachedAndUnsyncedMessagesComeFromTheServerWithFlagsAndDatesAndAreNotCached() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        append(inbox, 1, new Flags(Flags.Flag.SEEN));
        Flags seenFlagged = new Flags(Flags.Flag.SEEN);
        seenFlagged.add(Flags.Flag.FLAGGED);
        append(inbox, 2, seenFlagged);
        append(inbox, 3, new Flags());
        Path cfg = dir.resolve("config.toml");
        CliRun.writeConfig(cfg, dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"));

        assertEquals(0, CliRun.run(dir, cfg, "sync", "-f", "INBOX", "--headers-only").code());
        assertEquals(0, CliRun.run(dir, cfg, "read", "INBOX", "1", "--raw", "--force", "--preview").code(), "caches message 1");
        append(inbox, 4, new Flags(Flags.Flag.ANSWERED)); // on the server only: not even an envelope in the store

        Path storeOnly = dir.resolve("store-only");
        CliRun.Result plain = CliRun.run(dir, cfg, "export", "INBOX", "--format", "eml", "--out", storeOnly.toString());
        assertEquals(75, plain.code(), plain.out() + plain.err());
        assertTrue(plain.out().contains("INBOX: 1 written, 2 not cached"), plain.out());

        Path out = dir.resolve("archive");
        CliRun.Result r = CliRun.run(dir, cfg, "export", "INBOX", "--format", "maildir", "--out", out.toString(), "--from-server");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("INBOX: 4 written (3 from the server) -> "), r.out());
        List<Path> files;
        try (Stream<Path> s = Files.list(out.resolve("INBOX").resolve("cur"))) {
            files = s.sorted().toList();
        }
        assertEquals(4, files.size(), files.toString());
        for (int i = 1; i <= 4; i++) {
            Instant when = Instant.parse("2024-05-0" + i + "T09:30:00Z");
            Path f = files.stream().filter(p -> p.getFileName().toString().startsWith(when.getEpochSecond() + ".")).findFirst().orElseThrow();
            String name = f.getFileName().toString();
            String info = name.substring(name.lastIndexOf(":2,") + 3);
            assertEquals(List.of("S", "FS", "", "R").get(i - 1), info, name);
            assertEquals(message(i, when).replace("\r\n", "\n"), Files.readString(f, UTF_8), "bytes of message " + i);
            assertEquals(when, Files.getLastModifiedTime(f).toInstant(), "the date of message " + i);
        }
        CliRun.Result stats = CliRun.run(dir, cfg, "store", "stats", "--json");
        assertTrue(stats.out().contains("\"messages\":4") && stats.out().contains("\"blobs\":1"),
                "the export took the bodies from the server without caching them: " + stats.out());

        CliRun.Result again = CliRun.run(dir, cfg, "export", "INBOX", "--format", "maildir", "--out", out.toString(),
                "--from-server", "--since-last", "--json");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("\"written\":0,\"unchanged\":4,\"not_cached\":0,\"from_server\":0"), again.out());
    }

    @Test
    void bodiesComeFromTheServerInBoundedBatchesInOrder() throws Exception {
        GreenMailUser user = greenMail.setUser("alice@localhost", "alice", "secret");
        MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        int n = 250;
        for (int i = 1; i <= n; i++) {
            Instant when = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * i);
            inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(message(i, when).getBytes(UTF_8))), new Flags(Flags.Flag.SEEN), Date.from(when));
        }
        Path cfg = dir.resolve("config.toml");
        CliRun.writeConfig(cfg, dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"));
        assertEquals(0, CliRun.run(dir, cfg, "sync", "-f", "INBOX", "--headers-only").code());

        var account = new dev.postern.config.ConfigLoader(java.util.Map.of("HOME", dir.toString())).load(cfg).account("work").orElseThrow();
        List<Integer> batches = new java.util.ArrayList<>();
        Path out = dir.resolve("mbox-out");
        try (var store = dev.postern.store.MapDbStore.open(dir.resolve("data"));
             var session = new dev.postern.backend.imap.ImapSession(account, () -> "secret")) {
            var reports = new dev.postern.backup.Exporter(store).export("work", List.of("INBOX"),
                    dev.postern.backup.Exporter.Format.MBOX, out, false, (folder, messages, sink) -> {
                        batches.add(messages.size());
                        session.raws(folder, messages.get(0).ref().uidValidity(), messages.stream().map(e -> e.ref().uid()).toList(), sink);
                    }, dev.postern.model.Work.NONE);
            assertEquals(n, reports.get(0).written());
            assertEquals(n, reports.get(0).fromServer());
        }
        assertEquals(List.of(100, 100, 50), batches, "one bounded batch in memory at a time");
        String mbox = Files.readString(out.resolve("INBOX.mbox"), UTF_8);
        assertTrue(mbox.indexOf("Subject: export 1\n") < mbox.indexOf("Subject: export 2\n")
                && mbox.indexOf("Subject: export 249\n") < mbox.indexOf("Subject: export 250\n"), "oldest first");
        assertEquals(n, mbox.lines().filter(l -> l.startsWith("From MAILER-DAEMON ")).count());
        assertTrue(mbox.contains("From MAILER-DAEMON Mon Jan  1 01:00:00 2024\n") || mbox.contains("From MAILER-DAEMON Mon Jan 1 01:00:00 2024\n"),
                "the date in the From line: " + mbox.substring(0, 80));
    }
}
