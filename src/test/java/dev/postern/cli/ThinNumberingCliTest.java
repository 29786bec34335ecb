package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large message's attachments are numbered alike read text-first (from the server's structure) and once stored (from
 * its bytes) (hunt 38-A, A4): a forwarded message's own attachments are listed after it either way, and a text part the
 * message shows (a text/calendar) is listed neither way. Before, `attachment save 2` saved another part once the body
 * had arrived. Against Dovecot, which gives a forwarded message's parts by section: AttachmentAtScaleIT.
 */
public class ThinNumberingCliTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());
    private static final Pattern LISTED = Pattern.compile("(?m)^\\s*\\[(\\d+)\\] (.+?)  (\\S+)");

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

    /** The forwarded message's own attachment, and the outer message's report. */
    public static final byte[] INNER = "%PDF-1.4 the inner one\n".repeat(40).getBytes(StandardCharsets.US_ASCII);
    static final byte[] REPORT = new byte[6000];

    static {
        new Random(4).nextBytes(REPORT);
    }

    public static String message() {
        String forwarded = "From: Carol <carol@example.org>\r\nSubject: the original\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\nOriginal words.\r\n"
                + "--in\r\nContent-Type: application/pdf; name=\"inner.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"inner.pdf\"\r\n\r\n" + Base64.getMimeEncoder().encodeToString(INNER)
                + "\r\n--in--\r\n";
        return "From: Bob <bob@example.org>\r\nTo: alice@localhost\r\nSubject: fwd with a report\r\n"
                + "Date: Mon, 7 Dec 2026 00:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"out\"\r\n\r\n"
                + "--out\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
                + "--out\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
                + "--out\r\nContent-Type: message/rfc822\r\n\r\n" + forwarded
                + "--out\r\nContent-Type: application/octet-stream; name=\"report.bin\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"report.bin\"\r\n\r\n" + Base64.getMimeEncoder().encodeToString(REPORT)
                + "\r\n--out--\r\n";
    }

    private long deliver(String raw) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        return inbox.appendMessage(m, new Flags(), new Date());
    }

    private Result run(String... args) {
        return CliRun.run(dir, config, Map.of(), args);
    }

    /** "N name type" of each attachment `read` lists. */
    public static List<String> listed(String out) {
        List<String> rows = new ArrayList<>();
        Matcher m = LISTED.matcher(out);
        while (m.find()) rows.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        return rows;
    }

    @Test
    void attachmentsAreNumberedAlikeBeforeAndAfterTheBodyIsStored() throws Exception {
        long uid = deliver(message());
        Result thin = run("read", "--preview", String.valueOf(uid));
        assertEquals(0, thin.code, thin.err);
        // GreenMail answers NO to a forwarded message's header by section (BODY[3.HEADER]), so the stand-in cannot be
        // made and the message is read whole: numbered as stored, as AttachmentAtScaleIT sees Dovecot's stand-in numbered.
        Path before = Files.createDirectory(dir.resolve("before"));
        Result savedThin = run("attachment", "save", "INBOX", String.valueOf(uid), "2", "--out", before.toString());
        assertEquals(0, savedThin.code, savedThin.err);

        assertEquals(0, run("read", "--raw", String.valueOf(uid)).code); // the body stored
        Result whole = run("read", "--preview", String.valueOf(uid));
        assertEquals(0, whole.code, whole.err);
        List<String> after = listed(whole.out);
        assertEquals(List.of("1 (no name) message/rfc822", "2 inner.pdf application/pdf", "3 report.bin application/octet-stream"),
                after, whole.out);
        assertEquals(after, listed(thin.out), "numbered alike read text-first: " + thin.out);

        assertArrayEquals(INNER, Files.readAllBytes(before.resolve("inner.pdf")), "attachment 2 read text-first: " + savedThin.out);
        Path stored = Files.createDirectory(dir.resolve("after"));
        Result savedWhole = run("attachment", "save", "INBOX", String.valueOf(uid), "3", "--out", stored.toString());
        assertEquals(0, savedWhole.code, savedWhole.err);
        assertArrayEquals(REPORT, Files.readAllBytes(stored.resolve("report.bin")));
    }
}
