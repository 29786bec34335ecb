package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message larger than fetch_whole_below that is one part, read over IMAP from its text-only stand-in: a body that is
 * an attachment (a scanner's PDF) is listed as not downloaded and saved whole, never as an empty file; a body under a
 * Content-Type postern cannot use is read as text/plain (RFC 2045 5.2), as a small message's is.
 */
class ThinSinglePartCliTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private MailFolder inbox;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        var user = greenMail.setUser("alice@localhost", "alice", "secret");
        inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
        config = dir.resolve("config.toml");
        CliRun.writeConfig(config, dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"));
        Files.writeString(config, Files.readString(config).replace("timeout_seconds = 5\n",
                "timeout_seconds = 5\nfetch_whole_below = 1000\n"));
    }

    private long deliver(String header, String body) throws Exception {
        String raw = "From: Scanner <scan@example.org>\r\nTo: alice@localhost\r\nSubject: scan\r\n"
                + "Date: Mon, 7 Dec 2026 00:00:00 +0000\r\nMIME-Version: 1.0\r\n" + header + "\r\n" + body;
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        return inbox.appendMessage(m, new Flags(), new Date());
    }

    private Result run(String... args) {
        return CliRun.run(dir, config, Map.of(), args);
    }

    @Test
    void aSinglePartPdfIsListedAsNotDownloadedAndSavedWhole() throws Exception {
        byte[] pdf = new byte[6000];
        new Random(12).nextBytes(pdf);
        long uid = deliver("Content-Type: application/pdf; name=\"scan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"scan.pdf\"\r\n", Base64.getMimeEncoder().encodeToString(pdf) + "\r\n");
        Result r = run("read", "--preview", String.valueOf(uid));
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("[1] scan.pdf  application/pdf") && r.out.contains("(not downloaded)"), r.out);
        assertFalse(r.out.contains("application/pdf  0\n"), "not listed as empty: " + r.out);

        Path out = Files.createDirectory(dir.resolve("saved"));
        Result saved = run("attachment", "save", "INBOX", String.valueOf(uid), "1", "--out", out.toString());
        assertEquals(0, saved.code, saved.err);
        assertArrayEquals(pdf, Files.readAllBytes(out.resolve("scan.pdf")), saved.out);
    }

    // GreenMail's BODY[1] of a single part leaves out the last line end: compared without it.
    @Test
    void aSinglePartForwardedMessageIsSavedWhole() throws Exception {
        String inner = "From: Carol <carol@example.org>\r\nSubject: inner\r\n\r\n" + "inner text line\r\n".repeat(100);
        long uid = deliver("Content-Type: message/rfc822\r\n", inner);
        Path out = Files.createDirectory(dir.resolve("saved"));
        Result saved = run("attachment", "save", "INBOX", String.valueOf(uid), "1", "--out", out.toString());
        assertEquals(0, saved.code, saved.err);
        try (var files = Files.list(out)) {
            Path file = files.findFirst().orElseThrow();
            assertEquals(inner.replace("\r\n", "\n").strip(), Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").strip(), saved.out);
        }
    }

    @Test
    void aBrokenContentTypeReadsAsPlainTextAsASmallMessageDoes() throws Exception {
        String text = "First line of the real text.\r\n" + "more of the text\r\n".repeat(100);
        for (String ct : new String[] {"text", "text/", "/", "", ";charset=us-ascii"}) {
            long uid = deliver("Content-Type: " + ct + "\r\n", text);
            Result r = run("read", "--preview", String.valueOf(uid));
            assertEquals(0, r.code, ct + ": " + r.err);
            assertTrue(r.out.contains("First line of the real text."), "Content-Type `" + ct + "`: " + r.out);
        }
    }

    @Test
    void anUnknownSinglePartTypeIsSavedWhole() throws Exception {
        String text = "First line of the real text.\r\n" + "more of the text\r\n".repeat(100);
        long uid = deliver("Content-Type: plain/text\r\n", text);
        Result r = run("read", "--preview", String.valueOf(uid));
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("plain/text") && r.out.contains("(not downloaded)"), r.out);
        Path out = Files.createDirectory(dir.resolve("saved"));
        Result saved = run("attachment", "save", "INBOX", String.valueOf(uid), "1", "--out", out.toString());
        assertEquals(0, saved.code, saved.err);
        try (var files = Files.list(out)) {
            assertEquals(text.replace("\r\n", "\n").strip(), Files.readString(files.findFirst().orElseThrow(), StandardCharsets.ISO_8859_1)
                    .replace("\r\n", "\n").strip(), saved.out);
        }
    }

    @Test
    void anAttachmentWhoseBytesAreNotInTheMessageIsNeverSavedAsAnEmptyFile() throws Exception {
        // A small message (read whole) that holds postern's own "not downloaded" marker: no bytes of that part exist.
        long uid = deliver("Content-Type: multipart/mixed; boundary=b\r\n", "--b\r\nContent-Type: text/plain\r\n\r\nsee the scan\r\n"
                + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=scan.pdf\r\n"
                + "X-Postern-Omitted: size=6000\r\n\r\n--b--\r\n");
        Path out = Files.createDirectory(dir.resolve("saved"));
        Result saved = run("attachment", "save", "INBOX", String.valueOf(uid), "1", "--out", out.toString());
        assertEquals(65, saved.code, saved.out + saved.err);
        assertTrue(saved.err.contains("was not downloaded") && saved.err.contains("nothing written"), saved.err);
        try (var files = Files.list(out)) {
            assertEquals(0, files.count(), "no empty file left behind");
        }
        Result all = run("attachment", "save", "INBOX", String.valueOf(uid), "--out", out.toString());
        assertEquals(65, all.code, all.out + all.err);
        Result shown = run("attachment", "show", "INBOX", String.valueOf(uid), "1");
        assertEquals(65, shown.code, shown.out + shown.err);
        assertEquals("", shown.out);
    }
}
