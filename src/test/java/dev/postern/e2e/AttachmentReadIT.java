package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.tika.TestDocuments;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar reads real PDF, DOCX and HTML attachments from a real Dovecot as text (Tika in its own
 * JVM, started from the shaded jar's class path), survives a zip-bomb DOCX and an XXE DOCX in the same
 * message, and saves attachments under safe names.
 */
@Tag("e2e")
class AttachmentReadIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private static MimeBodyPart part(byte[] content, String type, String name) throws Exception {
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(content, type)));
        p.setFileName(name);
        p.setDisposition("attachment");
        return p;
    }

    private static byte[] message() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("Bob <bob@example.org>");
        m.setRecipients(MimeMessage.RecipientType.TO, "alice@localhost");
        m.setSubject("papers, and two nasty ones");
        m.setSentDate(new Date());
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Three documents and two traps.", "UTF-8");
        mp.addBodyPart(text);
        String docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        mp.addBodyPart(part(TestDocuments.pdf("Board minutes, 3 March", "Motion carried 5 to 2"), "application/pdf", "minutes.pdf"));
        mp.addBodyPart(part(TestDocuments.docx("Offer letter for Zoë Ångström", "Start date: 1 April"), docx, "offer.docx"));
        mp.addBodyPart(part("<html><body><h2>Menu</h2><p>Soup &amp; bread</p></body></html>".getBytes(StandardCharsets.UTF_8),
                "text/html", "menu.html"));
        String xxe = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                + "<w:body><w:p><w:r><w:t>leak: &xxe;</w:t></w:r></w:p></w:body></w:document>";
        mp.addBodyPart(part(TestDocuments.docxWithDocumentXml(xxe.getBytes(StandardCharsets.UTF_8)), docx, "xxe.docx"));
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.writeBytes(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                + "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>").getBytes(StandardCharsets.UTF_8));
        byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 400; i++) bomb.writeBytes(chunk);
        bomb.writeBytes("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
        mp.addBodyPart(part(TestDocuments.docxWithDocumentXml(bomb.toByteArray()), docx, "../../bomb.docx"));
        m.setContent(mp);
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private Path config() throws Exception {
        return PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("e2e", "imap", "localhost", DOVECOT.imapsPort(), "tls", "alice",
                        DOVECOT.user("alice"), 20, DOVECOT.certPem()));
    }

    private PosternProcess.Result postern(String... args) throws Exception {
        return PosternProcess.withConfig(home, config(), args)
                .timeout(Duration.ofMinutes(2))
                .run()
                .assertNoStackTrace();
    }

    @Test
    void readShowsDocumentTextAndSurvivesABombAndAnXxeInTheSameMessage() throws Exception {
        DOVECOT.deliver("alice", "INBOX", message());
        // Over 512 KB (the bomb): read text-first, attachments listed with their sizes, nothing parsed.
        PosternProcess.Result first = postern("read", "--preview", "1").assertExitCode(0);
        assertTrue(first.stdout().contains("[5] ../../bomb.docx  application/vnd.openxmlformats-officedocument"
                + ".wordprocessingml.document  547.9K  (not downloaded)"), first.describe());
        assertFalse(first.stdout().contains("--- Attachment"), first.describe());
        // Asked for one: only that part is downloaded and rendered; the message stays text-first.
        PosternProcess.Result one = postern("attachment", "show", "INBOX", "1", "2").assertExitCode(0);
        assertTrue(one.stdout().contains("Offer letter for Zoë Ångström"), one.describe());
        PosternProcess.Result still = postern("read", "--preview", "1").assertExitCode(0);
        assertTrue(still.stdout().contains("547.9K  (not downloaded)"), still.describe());
        // The whole message once (read --raw caches it): reading it again renders every attachment.
        postern("read", "--raw", "1").assertExitCode(0);
        PosternProcess.Result r = postern("read", "--preview", "1").assertExitCode(0);
        String out = r.stdout();
        assertTrue(out.contains("Three documents and two traps."), r.describe());
        assertTrue(out.contains("--- Attachment [1] minutes.pdf (application/pdf, ") && out.contains("Board minutes, 3 March")
                && out.contains("Motion carried 5 to 2"), r.describe());
        assertTrue(out.contains("--- Attachment [2] offer.docx (") && out.contains("Offer letter for Zoë Ångström")
                && out.contains("Start date: 1 April"), r.describe());
        assertTrue(out.contains("--- Attachment [3] menu.html (text/html, ") && out.contains("Soup & bread"), r.describe());
        assertTrue(out.contains("--- Attachment [4] xxe.docx ("), r.describe());
        assertFalse(out.contains("root:") || out.contains("/bin/"), "no line of /etc/passwd: " + r.describe());
        assertTrue(out.contains("--- Attachment [5] ../../bomb.docx (") && out.contains("[could not read this attachment as text"),
                r.describe());
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(60)) < 0, "took " + r.elapsed());

        Path saved = Files.createDirectory(home.resolve("saved"));
        postern("attachment", "save", "INBOX", "1", "--out", saved.toString()).assertExitCode(0);
        try (Stream<Path> files = Files.list(saved)) {
            assertEquals(List.of("bomb.docx", "menu.html", "minutes.pdf", "offer.docx", "xxe.docx"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(home.resolve("bomb.docx")));
    }

    /**
     * The parsers' jar (target/postern-tika.jar) missing beside postern.jar: the attachment gets one sentence saying
     * so, the message's own text still reads, and no stack trace.
     */
    @Test
    void withoutTheParsersJarAnAttachmentSaysSoInOneSentenceAndTheMailStillReads(@TempDir Path copy) throws Exception {
        DOVECOT.deliver("alice", "INBOX", message());
        postern("read", "--raw", "1").assertExitCode(0); // cached whole, so read renders every attachment
        Path jar = Files.copy(PosternProcess.jar(), copy.resolve("postern.jar"));
        assertFalse(Files.exists(copy.resolve("postern-tika.jar")));
        PosternProcess.Result r = PosternProcess.command(PosternProcess.javaBinary(), "-XX:+UseSerialGC", "-jar", jar.toString(),
                        "--config", config().toString(), "read", "--preview", "1")
                .env(java.util.Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString()))
                .timeout(Duration.ofMinutes(2))
                .run()
                .assertNoStackTrace()
                .assertExitCode(0);
        String out = r.stdout();
        assertTrue(out.contains("Three documents and two traps."), r.describe());
        assertTrue(out.contains("--- Attachment [1] minutes.pdf (application/pdf, ") && out.contains("[attachment text is not "
                + "available now: postern-tika.jar is missing beside postern.jar; reinstall postern to read attachments as text]"),
                r.describe());
        assertFalse(out.contains("Board minutes, 3 March"), r.describe());
    }
}
