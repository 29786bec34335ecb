package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The batch face against a real (in-process) IMAP server: what a script sees on stdout, stderr and in $?. */
class CliAgainstGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private GreenMailUser user;
    private MailFolder inbox;
    private Path config;


    @BeforeEach
    void setUp() throws Exception {
        user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        config = writeConfig("secret");
    }

    private Path writeConfig(String password) throws IOException {
        return CliRun.writeConfig(dir.resolve("config-" + password + ".toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", password));
    }

    private Result run(Path cfg, String... args) {
        return CliRun.run(dir, cfg, args);
    }

    private long deliver(String subject, String body, Flags flags) throws Exception {
        MimeMessage m = TestMail.fromBob(subject, body);
        return inbox.appendMessage(m, flags, new Date());
    }

    private long deliverRaw(byte[] raw) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        return inbox.appendMessage(m, new Flags(), new Date());
    }

    @Test
    void listJsonHasEveryFieldAndIsHeaderOnly() throws Exception {
        deliver("first", "one", new Flags(Flags.Flag.SEEN));
        deliver("second \u001b[31mred", "two", new Flags(Flags.Flag.FLAGGED));
        Result r = run(config, "list", "--json");
        assertEquals(0, r.code, r.err);
        String[] lines = r.out.strip().split("\n");
        assertEquals(2, lines.length, r.out);
        // Newest first; control characters escaped in JSON, never raw.
        assertTrue(lines[0].startsWith("{\"account\":\"test\",\"folder\":\"INBOX\",\"uid\":2,\"message_id\":\"<"), lines[0]);
        assertTrue(lines[0].contains("\"subject\":\"second \\u001b[31mred\""), lines[0]);
        assertTrue(lines[0].contains("\"flags\":[\"flagged\"]"), lines[0]);
        assertTrue(lines[0].contains("\"cached\":false"), lines[0]);
        assertTrue(lines[0].matches(".*\"date\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\".*"), lines[0]);
        assertTrue(lines[1].contains("\"flags\":[\"seen\"]"), lines[1]);
        assertTrue(lines[1].contains("\"from\":\"Bob <bob@example.org>\""), lines[1]);
        assertFalse(r.out.contains("\u001b"), "raw ESC on stdout");
    }

    @Test
    void listTextIsSanitisedAndLimitWorks() throws Exception {
        for (int i = 0; i < 5; i++) deliver("msg " + i, "b", new Flags());
        deliver("evil \u001b]0;title\u0007 \u202Etxt.exe", "b", new Flags());
        Result r = run(config, "list", "--limit", "3");
        assertEquals(0, r.code, r.err);
        List<String> lines = r.out.lines().toList();
        assertEquals(3, lines.size(), r.out);
        assertTrue(lines.get(0).contains("evil ^[]0;title^G <U+202E>txt.exe"), lines.get(0));
        for (char c : r.out.toCharArray()) assertTrue(c >= 0x20 || c == '\n', "control char " + (int) c);
    }

    @Test
    void readShowsTextWithoutMarkingSeenUntilShownAndPreviewKeepsItUnread() throws Exception {
        deliver("hello", "Body line one\nline two", new Flags());
        Result preview = run(config, "read", "1", "--preview");
        assertEquals(0, preview.code, preview.err);
        assertTrue(preview.out.contains("Subject: hello"), preview.out);
        assertTrue(preview.out.contains("Body line one\nline two"), preview.out);
        assertFalse(inbox.getMessages().get(0).isSet(Flags.Flag.SEEN), "fetching must not set \\Seen");
        Result read = run(config, "read", "INBOX", "1");
        assertEquals(0, read.code, read.err);
        assertTrue(inbox.getMessages().get(0).isSet(Flags.Flag.SEEN), "reading marks it read");
        assertTrue(run(config, "list", "--json", "--cached").out.contains("\"flags\":[\"seen\"],\"cached\":true"));
    }

    @Test
    void rawIsByteExact() throws Exception {
        byte[] raw = ("From: x@y\r\nSubject: raw\r\nX-Bytes: \u00e9\r\n\r\nline\r\nno final newline")
                .getBytes(StandardCharsets.ISO_8859_1);
        deliverRaw(raw);
        Result r = run(config, "read", "1", "--raw");
        assertEquals(0, r.code, r.err);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        inbox.getMessages().get(0).getMimeMessage().writeTo(whole);
        assertArrayEquals(whole.toByteArray(), r.rawOut, "read --raw must equal the server's copy");
        assertArrayEquals(raw, r.rawOut, "and the bytes that were delivered");
    }

    @Test
    void attachmentsAreListedWithSizes() throws Exception {
        String raw = "From: a@b\r\nSubject: att\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
                + "--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                + "--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"r.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + "QUJD".repeat(100) + "\r\n--XX--\r\n";
        deliverRaw(raw.getBytes(StandardCharsets.US_ASCII));
        Result r = run(config, "read", "1");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("see attached"), r.out);
        assertTrue(r.out.contains("[1] r.pdf  application/pdf  300"), r.out);
    }

    @Test
    void largeMessageIsReadWithoutDownloadingItsAttachment() throws Exception {
        Path small = dir.resolve("small.toml");
        Files.writeString(small, Files.readString(config) + "fetch_whole_below = 1000\n");
        Files.setPosixFilePermissions(small, PosixFilePermissions.fromString("rw-------"));
        String big = "QUJD".repeat(20000);
        String raw = "From: a@b\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
                + "--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nthe text part\r\n"
                + "--XX\r\nContent-Type: application/zip; name=\"data.zip\"\r\nContent-Disposition: attachment; filename=\"data.zip\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + big + "\r\n--XX--\r\n";
        deliverRaw(raw.getBytes(StandardCharsets.US_ASCII));
        Result r = run(small, "read", "1");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("the text part"), r.out);
        assertTrue(r.out.contains("data.zip") && r.out.contains("(not downloaded)"), r.out);
        assertTrue(run(small, "list", "--json", "--cached").out.contains("\"cached\":false"),
                "a text-only view is not the message: it must not be cached as its body");
    }

    @Test
    void savingOneAttachmentOfALargeMessageDownloadsOnlyThatPart() throws Exception {
        Path small = dir.resolve("thin.toml");
        Files.writeString(small, Files.readString(config) + "fetch_whole_below = 1000\n");
        Files.setPosixFilePermissions(small, PosixFilePermissions.fromString("rw-------"));
        byte[] wanted = new byte[3000];
        for (int i = 0; i < wanted.length; i++) wanted[i] = (byte) (i * 7 + 3);
        String raw = "From: a@b\r\nSubject: two files\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
                + "--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                + "--XX\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=\"big.zip\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + "QUJD".repeat(30000) + "\r\n"
                + "--XX\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"small.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + java.util.Base64.getMimeEncoder().encodeToString(wanted)
                + "\r\n--XX--\r\n";
        deliverRaw(raw.getBytes(StandardCharsets.US_ASCII));
        Path out = Files.createDirectory(dir.resolve("out"));
        Result r = run(small, "attachment", "save", "INBOX", "1", "2", "--out", out.toString());
        assertEquals(0, r.code, r.err);
        assertArrayEquals(wanted, Files.readAllBytes(out.resolve("small.bin")), "the chosen part, byte for byte");
        assertEquals(List.of(out.resolve("small.bin")), Files.list(out).toList(), "and nothing else");
        assertTrue(run(small, "list", "--json", "--cached").out.contains("\"cached\":false"),
                "the 120 KB message itself was never downloaded");
    }

    @Test
    void syncPicksUpNewVanishedAndReflaggedMessages() throws Exception {
        deliver("a", "1", new Flags());
        deliver("b", "2", new Flags());
        assertEquals(2, run(config, "list").out.lines().count());
        deliver("c", "3", new Flags());
        inbox.getMessages().get(0).setFlag(Flags.Flag.FLAGGED, true);
        inbox.getMessages().get(1).setFlag(Flags.Flag.DELETED, true);
        inbox.expunge();
        Result r = run(config, "list", "--json");
        assertEquals(0, r.code, r.err);
        List<String> lines = r.out.lines().toList();
        assertEquals(2, lines.size(), r.out);
        assertTrue(lines.get(0).contains("\"subject\":\"c\""), r.out);
        assertTrue(lines.get(1).contains("\"subject\":\"a\"") && lines.get(1).contains("\"flagged\""), r.out);
    }

    @Test
    void wrongPasswordIsOneSentenceAndExit78() throws Exception {
        deliver("a", "1", new Flags());
        Result r = run(writeConfig("wrong"), "list");
        assertEquals(78, r.code);
        assertTrue(r.err.startsWith("postern: account test: the server rejected user 'alice' or its password"), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
    }

    @Test
    void deadServerServesTheCacheAndSaysSo() throws Exception {
        deliver("cached one", "body text", new Flags());
        assertEquals(0, run(config, "read", "1", "--preview").code);
        Path dead = dir.resolve("dead.toml");
        int port = dev.postern.ClosedPort.take(); // refused, and no other fork's server can take it
        Files.writeString(dead, Files.readString(config).replace("port = " + greenMail.getImap().getPort(), "port = " + port));
        Files.setPosixFilePermissions(dead, PosixFilePermissions.fromString("rw-------"));
        Result list = run(dead, "list");
        assertEquals(69, list.code, list.err);
        assertTrue(list.err.contains("was refused") && list.err.contains("Showing the cached list"), list.err);
        assertTrue(list.err.strip().matches("(?s)postern: .*[.?!] Showing the cached list\\."), "two sentences: " + list.err);
        assertTrue(list.out.contains("cached one"), list.out);
        Result read = run(dead, "read", "1", "--preview");
        assertEquals(0, read.code, read.err);
        assertTrue(read.out.contains("body text"), read.out);
        Result search = run(dead, "search", "subject:cached");
        assertEquals(69, search.code, search.err);
        assertTrue(search.err.contains("was refused") && search.err.contains("Searching the store instead."), search.err);
        assertTrue(search.err.strip().matches("(?s)postern: .*[.?!] Searching the store instead\\."), "two sentences: " + search.err);
        assertTrue(search.out.contains("cached one"), search.out);
    }

    /**
     * Offline, `folders` shows the store's folders and counts with list's note and exit code (it printed nothing, 69),
     * and `read` queues the \\Seen it could not set, saying so as `flag` does, and the next connection replays it (it
     * was dropped with "the message was shown but not marked read", exit 0: hunt 39-Y, Y12).
     */
    @Test
    void offlineFoldersShowsTheStoresCountsAndReadQueuesTheSeenFlag() throws Exception {
        deliver("cached one", "body text", new Flags());
        deliver("cached two", "other text", new Flags());
        assertEquals(0, run(config, "folders").code);
        assertEquals(0, run(config, "read", "1", "--preview").code);
        Path dead = dir.resolve("dead.toml");
        int port = dev.postern.ClosedPort.take(); // refused, and no other fork's server can take it
        Files.writeString(dead, Files.readString(config).replace("port = " + greenMail.getImap().getPort(), "port = " + port));
        Files.setPosixFilePermissions(dead, PosixFilePermissions.fromString("rw-------"));

        Result folders = run(dead, "folders");
        assertEquals(69, folders.code, folders.err);
        assertTrue(folders.err.strip().matches("(?s)postern: .*was refused.*[.?!] Showing the cached folders\\."), folders.err);
        assertTrue(folders.out.strip().matches("\\s*2\\s+2\\s+INBOX"), "unread, total, name: " + folders.out);
        Result json = run(dead, "folders", "--json");
        assertEquals(69, json.code, json.err);
        assertTrue(json.out.contains("\"folder\":\"INBOX\",\"total\":2,\"unread\":2"), json.out);

        Result read = run(dead, "read", "1");
        assertEquals(0, read.code, read.err);
        assertTrue(read.out.contains("body text"), read.out);
        assertTrue(read.err.contains("was refused") && read.err.contains("The change is made in the store and queued (1 pending)"),
                read.err);
        assertTrue(run(dead, "queue").out.contains("flag seen INBOX UID 1"), "the \\Seen waits in the queue");
        String rows = run(dead, "list", "--cached", "--json").out;
        assertTrue(rows.lines().anyMatch(l -> l.contains("\"uid\":1,") && l.contains("\"flags\":[\"seen\"]")), "read in the store: " + rows);

        assertFalse(inbox.getMessages().get(0).isSet(Flags.Flag.SEEN), "not on the server while it was unreachable");
        Result sync = run(config, "sync");
        assertEquals(0, sync.code, sync.err);
        assertTrue(inbox.getMessages().get(0).isSet(Flags.Flag.SEEN), "replayed at the next connection: " + sync.err);
        assertFalse(inbox.getMessages().get(1).isSet(Flags.Flag.SEEN));
    }

    @Test
    void serverThatStopsAnsweringEndsWithinTheTimeoutAsTemporaryFailure() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            // Accepts the connection (the kernel does) and then never says a word.
            Path cfg = dir.resolve("silent.toml");
            Files.writeString(cfg, Files.readString(config)
                    .replace("port = " + greenMail.getImap().getPort(), "port = " + silent.getLocalPort())
                    .replace("timeout_seconds = 5", "timeout_seconds = 2"));
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
            long start = System.nanoTime();
            Result r = run(cfg, "list");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(75, r.code, r.err);
            assertTrue(r.err.contains("no answer from 127.0.0.1:" + silent.getLocalPort() + " within 2 s"), r.err);
            assertTrue(seconds < 15, "took " + seconds + " s");
        }
    }

    @Test
    void untrustedCertificateIsRefusedBeforeLogin() throws Exception {
        com.icegreen.greenmail.util.GreenMail tls = new com.icegreen.greenmail.util.GreenMail(
                ServerSetupTest.IMAPS.dynamicPort());
        tls.start();
        try {
            tls.setUser("alice@localhost", "alice", "secret");
            Path cfg = dir.resolve("tls.toml");
            Files.writeString(cfg, Files.readString(config)
                    .replace("port = " + greenMail.getImap().getPort(), "port = " + tls.getImaps().getPort())
                    .replace("security = \"plain\"", "security = \"tls\""));
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
            Result r = run(cfg, "list");
            assertEquals(78, r.code, r.err);
            assertTrue(r.err.contains("certificate") && r.err.contains("tls_trust_cert"), r.err);
        } finally {
            tls.stop();
        }
    }

    @Test
    void unknownUidAndBadArgumentsAreUsageErrors() throws Exception {
        deliver("a", "1", new Flags());
        Result missing = run(config, "read", "99");
        assertEquals(66, missing.code, missing.err);
        assertTrue(missing.err.contains("no message with UID 99"), missing.err);
        Result bad = run(config, "read", "abc");
        assertEquals(64, bad.code);
        Result unknown = run(config, "list", "--bogus");
        assertEquals(64, unknown.code);
        assertTrue(unknown.err.contains("Unknown option"), unknown.err);
        Result noAccount = run(config, "--account", "nope", "list");
        assertEquals(64, noAccount.code);
    }

    @Test
    void foldersListsCounts() throws Exception {
        deliver("a", "1", new Flags());
        deliver("b", "1", new Flags(Flags.Flag.SEEN));
        greenMail.getManagers().getImapHostManager().createMailbox(user, "Archive");
        Result r = run(config, "folders", "--json");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("{\"account\":\"test\",\"folder\":\"INBOX\",\"total\":2,\"unread\":1"), r.out);
        assertTrue(r.out.contains("\"folder\":\"Archive\",\"total\":0"), r.out);
    }
}
