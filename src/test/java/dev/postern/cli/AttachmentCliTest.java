package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.render.tika.TestDocuments;
import dev.postern.store.TextCache;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `postern read` with real document attachments, and `postern attachment save|open`, against GreenMail. */
class AttachmentCliTest {
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
    }

    private Result run(Map<String, String> extraEnv, String... args) {
        return CliRun.run(dir, config, extraEnv, args);
    }

    private static MimeBodyPart part(byte[] content, String type, String name) throws Exception {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(content, type)));
        p.setFileName(name);
        p.setDisposition("attachment");
        return p;
    }

    private long deliverWithAttachments() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Bob <bob@example.org>");
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@localhost");
        m.setSubject("documents");
        m.setSentDate(new Date());
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Please see the attached files.", "UTF-8");
        mp.addBodyPart(text);
        mp.addBodyPart(part(TestDocuments.pdf("Invoice 2026-117", "Amount due: 300 EUR"), "application/pdf", "invoice.pdf"));
        mp.addBodyPart(part(TestDocuments.docx("Contract between Alice and Bob", "Signed in Zürich"),
                "application/octet-stream", "contract.docx"));
        mp.addBodyPart(part("<html><body><p>Agenda: <b>budget</b> review</p>\u001b[31m</body></html>".getBytes(StandardCharsets.UTF_8),
                "text/html", "agenda.html"));
        mp.addBodyPart(part(new byte[] {'P', 'K', 3, 4, 0, 0}, "application/zip", "../../.bashrc"));
        mp.addBodyPart(part("shell food".getBytes(StandardCharsets.UTF_8), "text/plain", "$(touch pwned).txt"));
        m.setContent(mp);
        m.saveChanges();
        return inbox.appendMessage(m, new Flags(), new Date());
    }

    @Test
    void readPrintsTheTextOfPdfDocxAndHtmlAttachmentsUnderTheBody() throws Exception {
        long uid = deliverWithAttachments();
        Result r = run(Map.of(), "read", "--preview", String.valueOf(uid));
        assertEquals(0, r.code, r.err);
        String out = r.out;
        int body = out.indexOf("Please see the attached files.");
        int pdf = out.indexOf("--- Attachment [1] invoice.pdf (application/pdf, ");
        int docx = out.indexOf("--- Attachment [2] contract.docx (application/octet-stream, ");
        int html = out.indexOf("--- Attachment [3] agenda.html (text/html, ");
        assertTrue(body >= 0 && pdf > body && docx > pdf && html > docx, out);
        assertTrue(out.indexOf("Invoice 2026-117") > pdf && out.indexOf("Amount due: 300 EUR") > pdf, out);
        assertTrue(out.indexOf("Contract between Alice and Bob") > docx && out.contains("Signed in Zürich"), out);
        assertTrue(out.indexOf("Agenda: budget review") > html, out);
        assertFalse(out.contains("\u001b"), "no raw escape from attachment text");
        assertTrue(out.contains("  [4] ../../.bashrc  application/zip  6\n"), out);
        assertFalse(out.contains("--- Attachment [4]"), "a zip is listed by type and size only");
        assertTrue(out.contains("--- Attachment [5] $(touch pwned).txt (text/plain, 10 bytes) ---\nshell food"), out);

        try (TextCache cache = TextCache.open(dir.resolve("data"))) {
            assertEquals(4, cache.size(), "PDF, DOCX, HTML and text cached by content hash");
        }
        Result again = run(Map.of(), "read", "--preview", String.valueOf(uid));
        assertEquals(out, again.out, "the cached text reads the same");
    }

    @Test
    void saveWritesSafeNamesInsideTheDirectoryOnly() throws Exception {
        long uid = deliverWithAttachments();
        Path outDir = Files.createDirectory(dir.resolve("saved"));
        Result r = run(Map.of(), "attachment", "save", "INBOX", String.valueOf(uid), "--out", outDir.toString());
        assertEquals(0, r.code, r.err);
        try (Stream<Path> files = Files.list(outDir)) {
            assertEquals(List.of("_(touch pwned).txt", "agenda.html", "bashrc", "contract.docx", "invoice.pdf"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(dir.resolve(".bashrc")) || Files.exists(dir.resolve("pwned")));
        assertTrue(Files.readString(outDir.resolve("_(touch pwned).txt")).equals("shell food"));
        assertTrue(new String(Files.readAllBytes(outDir.resolve("invoice.pdf")), StandardCharsets.ISO_8859_1).startsWith("%PDF-"));

        Result one = run(Map.of(), "attachment", "save", "INBOX", String.valueOf(uid), "1", "--out", outDir.toString());
        assertEquals(0, one.code, one.err);
        assertTrue(one.out.contains("invoice (1).pdf"), one.out);

        Result missing = run(Map.of(), "attachment", "save", "INBOX", String.valueOf(uid), "9", "--out", outDir.toString());
        assertEquals(66, missing.code);
        assertTrue(missing.err.contains("has 5 attachments (1-5)"), missing.err);
    }

    @Test
    void onAThinLinkAttachmentsShowTheirSizeFirstAndAreReadOnlyWhenAsked() throws Exception {
        Files.writeString(config, Files.readString(config).replace("timeout_seconds = 5\n",
                "timeout_seconds = 5\nfetch_whole_below = 1000\n"));
        long uid = deliverWithAttachments();
        Result r = run(Map.of(), "read", "--preview", String.valueOf(uid));
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("Please see the attached files."), r.out);
        assertTrue(r.out.contains("[1] invoice.pdf  application/pdf") && r.out.contains("(not downloaded)"), r.out);
        assertFalse(r.out.contains("Invoice 2026-117") || r.out.contains("--- Attachment"), "nothing downloaded or parsed: " + r.out);
        Result shown = run(Map.of(), "attachment", "show", "INBOX", String.valueOf(uid), "1");
        assertEquals(0, shown.code, shown.err);
        assertTrue(shown.out.contains("Invoice 2026-117"), shown.out);
    }

    @Test
    void showPrintsOneAttachmentAsText() throws Exception {
        long uid = deliverWithAttachments();
        Result r = run(Map.of(), "attachment", "show", "INBOX", String.valueOf(uid), "2");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.startsWith("--- Attachment [2] contract.docx (application/octet-stream, "), r.out);
        assertTrue(r.out.contains("Contract between Alice and Bob\n"), r.out);
        assertFalse(r.out.contains("Invoice 2026-117"), "only the one asked for");
        Result zip = run(Map.of(), "attachment", "show", "INBOX", String.valueOf(uid), "4");
        assertEquals(65, zip.code);
        assertTrue(zip.err.contains("attachment 4 (application/zip) is not a type postern reads as text"), zip.err);
    }

    @Test
    void anAttachmentThatCouldNotBeReadExits65InPosternsWordsAsAnUnreadableTypeDoes() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("bob@example.org");
        m.setSubject("fake pdf");
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("see the report", "UTF-8");
        mp.addBodyPart(text);
        byte[] junk = new byte[4096];
        new java.util.Random(31).nextBytes(junk);
        mp.addBodyPart(part(junk, "application/pdf", "report.pdf"));
        m.setContent(mp);
        m.saveChanges();
        long uid = inbox.appendMessage(m, new Flags(), new Date());
        Result r = run(Map.of(), "attachment", "show", "INBOX", String.valueOf(uid), "1");
        assertEquals(65, r.code, r.out + r.err);
        assertEquals("", r.out, "nothing on stdout: a script cannot take the failure for the text");
        assertTrue(r.err.contains("attachment 1 (application/pdf) could not be read as text: it is damaged"), r.err);
        assertFalse(r.err.toLowerCase(java.util.Locale.ROOT).contains("trailer"), "not PDFBox's words: " + r.err);
        Result read = run(Map.of(), "read", "--preview", String.valueOf(uid));
        assertEquals(0, read.code, read.err);
        assertTrue(read.out.contains("[could not read this attachment as text: it is damaged"), read.out);
        assertFalse(read.out.toLowerCase(java.util.Locale.ROOT).contains("trailer"), read.out);
    }

    /**
     * Hunt 36-S, S7: the variable password_env names is not in the environment of the viewer (a program run on a
     * stranger's file). PATH stands for it: it is the one variable sure to be in this JVM's environment, which the
     * viewer inherits; postern reads the password from the environment it was given, where PATH is the password.
     */
    @Test
    void theViewerDoesNotInheritTheVariableThatHoldsThePassword() throws Exception {
        long uid = deliverWithAttachments();
        Path dump = Files.writeString(dir.resolve("dump.sh"), "#!/bin/sh\n/usr/bin/env\n");
        dump.toFile().setExecutable(true);
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "text/plain; " + dump + " %s; copiousoutput\n");
        Path pwConfig = CliRun.writeConfig(dir.resolve("pw.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", null) + "password_env = \"PATH\"\n");
        try {
            Result r = CliRun.run(dir, pwConfig, Map.of("MAILCAPS", mailcap.toString(), "PATH", "secret"),
                    "attachment", "open", "INBOX", String.valueOf(uid), "5");
            assertEquals(0, r.code, r.err);
            assertTrue(r.out.contains("HOME="), "the viewer printed its environment: " + r.out);
            assertFalse(("\n" + r.out).contains("\nPATH="), r.out);
        } finally {
            dev.postern.model.SecretEnv.forget("PATH");
        }
    }

    @Test
    void openRunsTheMailcapViewerWithAnArgumentList() throws Exception {
        long uid = deliverWithAttachments();
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "text/plain; cat %s; copiousoutput\n");
        Result r = run(Map.of("MAILCAPS", mailcap.toString()), "attachment", "open", "INBOX", String.valueOf(uid), "5");
        assertEquals(0, r.code, r.err);
        assertEquals("shell food", r.out);
        assertFalse(Files.exists(dir.resolve("pwned")));
        Result none = run(Map.of("MAILCAPS", mailcap.toString()), "attachment", "open", "INBOX", String.valueOf(uid), "1");
        assertEquals(78, none.code);
        assertTrue(none.err.contains("no viewer for application/pdf"), none.err);
    }

    /** Hunt 36-S, S3: a viewer that ran and failed was exit 69 ("server unavailable") and not a word. */
    @Test
    void aViewerThatExitsNonZeroIsSaidInOneSentenceWith65() throws Exception {
        long uid = deliverWithAttachments();
        Path mailcap = Files.writeString(dir.resolve("mailcap"), "text/plain; false %s\n");
        Result r = run(Map.of("MAILCAPS", mailcap.toString()), "attachment", "open", "INBOX", String.valueOf(uid), "5");
        assertEquals(65, r.code, r.err);
        assertTrue(r.err.startsWith("postern: the viewer false exited with status 1 on attachment 5 (text/plain"), r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
    }

}
