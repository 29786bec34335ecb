package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.AppContext;
import dev.postern.e2e.PosternConfig;
import dev.postern.render.tika.TestDocuments;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The pager shows a DOCX attachment's text under the body, and `s` saves it under a safe name. */
class PagerAttachmentTest {
    /** How long a step that starts the forked Tika JVM may take: a wait's deadline, not a bound on an answer. */
    private static final java.time.Duration TIKA_DEADLINE = java.time.Duration.ofSeconds(90);

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private void seed() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Dave <dave@example.org>");
        m.setSubject("minutes attached");
        m.setSentDate(new Date());
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Minutes below.", "UTF-8");
        mp.addBodyPart(text);
        MimeBodyPart doc = new MimeBodyPart();
        doc.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(
                TestDocuments.docx("Decision: ship on Friday"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")));
        doc.setFileName("../minutes.docx");
        mp.addBodyPart(doc);
        m.setContent(mp);
        m.saveChanges();
        inbox.appendMessage(m, new Flags(), new Date());
    }

    private Path config(String extra) throws Exception {
        Path config = dir.resolve("config.toml");
        return PosternConfig.write(config, dir.resolve("data"),
                PosternConfig.account("real", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "carol", "pw", 30, null), extra);
    }

    @Test
    void onAThinLinkTheSizeComesFirstAndTheTextOnlyOnRequest() throws Exception {
        seed();
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config("fetch_whole_below = 500\n"));
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 30, Palette.defaults())) {
            h.awaitText("minutes attached");
            h.press(KeyType.Enter);
            h.awaitText("Minutes below.");
            h.awaitText("(not downloaded)");
            h.type("A");
            // Downloaded, then read by a forked Tika JVM: its start is seconds on a loaded machine.
            h.awaitScreen("the attachment's text", s -> s.contains("Decision: ship on Friday"), TIKA_DEADLINE);
            h.awaitText("Attachments downloaded.");
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
    }

    @Test
    void showsAttachmentTextAndSavesItWithS() throws Exception {
        seed();
        Path config = config("");
        Path out = Files.createDirectory(dir.resolve("out"));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config);
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 30, Palette.defaults())) {
            h.awaitText("minutes attached");
            h.press(KeyType.Enter);
            h.awaitText("Minutes below.");
            // Downloaded, then read by a forked Tika JVM, whose start is seconds on a loaded machine (more than the
            // harness's 30 s at load 20 on one core): the section, heading and text, comes with its answer.
            h.awaitScreen("the attachment's text under its heading", s -> s.contains("--- Attachment [1] ../minutes.docx")
                    && s.contains("Decision: ship on Friday"), TIKA_DEADLINE);
            h.type("s");
            h.awaitText("Save attachment 1 [into ");
            h.type("1 " + out);
            h.press(KeyType.Enter);
            h.awaitText("Saved minutes.docx in " + out);
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
        assertTrue(Files.isRegularFile(out.resolve("minutes.docx")));
        byte[] saved = Files.readAllBytes(out.resolve("minutes.docx"));
        assertEquals("PK", new String(saved, 0, 2, java.nio.charset.StandardCharsets.US_ASCII), "the DOCX bytes, decoded");
    }

    /**
     * A message above fetch_whole_below whose one part is the attachment (a scanner's PDF, hunt 35-E E12): the
     * reader's s fetches that part and saves its bytes whole, never an empty file.
     */
    @Test
    void sSavesTheWholeBodyOfAThinSinglePartMessage() throws Exception {
        MailFolder inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.setUser("carol@localhost", "carol", "pw"));
        byte[] pdf = new byte[6000];
        new java.util.Random(7).nextBytes(pdf);
        System.arraycopy("%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, pdf, 0, 9);
        String raw = "From: Scanner <scan@example.org>\r\nTo: carol@localhost\r\nSubject: scanned page\r\n"
                + "Date: Mon, 7 Dec 2026 00:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: application/pdf; name=scan.pdf\r\nContent-Disposition: attachment; filename=scan.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + java.util.Base64.getMimeEncoder().encodeToString(pdf) + "\r\n";
        inbox.appendMessage(new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII))), new Flags(), new Date());
        Path out = Files.createDirectory(dir.resolve("out"));
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString()), config("fetch_whole_below = 1000\n"));
             TuiHarness h = new TuiHarness(ctx.controller(), "real", "INBOX", 100, 30, Palette.defaults())) {
            h.awaitText("scanned page");
            h.press(KeyType.Enter);
            h.awaitText("(not downloaded)");
            h.type("s");
            h.awaitText("Save attachment 1 [into ");
            h.type("1 " + out);
            h.press(KeyType.Enter);
            h.awaitText("Saved scan.pdf in " + out);
            h.type("q");
            h.type("q");
            h.awaitExit();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(pdf, Files.readAllBytes(out.resolve("scan.pdf")), "the PDF's bytes, whole");
    }
}
