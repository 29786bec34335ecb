package dev.postern.backend.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.Links;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The envelope and DATA octets as a server gets them (hunt 37-P, P1 and P2): a loopback SMTP server that offers
 * 8BITMIME and SMTPUTF8 or not, and records every command line and the DATA as octets.
 */
class EnvelopeBytesTest {
    /** A server offering what {@code extensions} names; {@code lines} gets each command line (octets as chars), DATA its octets. */
    private static final class Sink implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final ScriptedServer server;

        Sink(String... extensions) throws IOException {
            server = new ScriptedServer((s, in, out) -> {
                ScriptedServer.say(out, "220 sink ESMTP");
                String line;
                while ((line = ScriptedServer.line(in)) != null) {
                    lines.add(line);
                    String v = line.toUpperCase(Locale.ROOT);
                    if (v.startsWith("EHLO")) {
                        StringBuilder b = new StringBuilder("250-sink\r\n");
                        for (String e : extensions) b.append("250-").append(e).append("\r\n");
                        ScriptedServer.say(out, b + "250 AUTH PLAIN");
                    } else if (v.startsWith("AUTH")) {
                        ScriptedServer.say(out, "235 ok");
                    } else if (v.startsWith("DATA")) {
                        ScriptedServer.say(out, "354 go on");
                        readData(in);
                        ScriptedServer.say(out, "250 queued");
                    } else if (v.startsWith("QUIT")) {
                        ScriptedServer.say(out, "221 bye");
                        return;
                    } else {
                        ScriptedServer.say(out, "250 ok");
                    }
                }
            });
        }

        private void readData(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                byte[] so = b.toByteArray();
                int n = so.length;
                if (n >= 5 && so[n - 5] == '\r' && so[n - 4] == '\n' && so[n - 3] == '.' && so[n - 2] == '\r' && so[n - 1] == '\n') {
                    synchronized (data) {
                        data.write(so, 0, n - 3);
                    }
                    return;
                }
            }
        }

        String command(String verb) {
            return lines.stream().filter(l -> l.toUpperCase(Locale.ROOT).startsWith(verb)).findFirst().orElse(null);
        }

        byte[] data() {
            synchronized (data) {
                return data.toByteArray();
            }
        }

        void send(byte[] raw, String from, List<String> to, boolean asIs) {
            AccountConfig a = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", server.port(), Security.PLAIN, "alice",
                    new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(5), 0);
            new SmtpSender(a, () -> "secret").send(raw, from, to, () -> { }, new Links(), asIs);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static final byte[] ASCII = "From: alice@example.org\r\nTo: x@example.org\r\nSubject: x\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private static String octets(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aDomainInUnicodeGoesAsItsALabel() throws Exception {
        try (Sink sink = new Sink("8BITMIME")) {
            sink.send(ASCII, "alice@example.org", List.of("bob@bücher.example"), false);
            assertEquals("RCPT TO:<bob@xn--bcher-kva.example>", sink.command("RCPT"));
            assertEquals("MAIL FROM:<alice@example.org>", sink.command("MAIL"));
        }
    }

    @Test
    void aLocalPartInUnicodeIsRefusedBeforeMailFromByAServerWithoutSmtputf8() throws Exception {
        // Angus's own "allowutf8 set but server doesn't advertise SMTPUTF8" must not reach the root (stderr) handler.
        List<java.util.logging.LogRecord> atRoot = new CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) { atRoot.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        java.util.logging.Logger.getLogger("").addHandler(h);
        try (Sink sink = new Sink("8BITMIME")) {
            SmtpFailure e = assertThrows(SmtpFailure.class,
                    () -> sink.send(ASCII, "alice@example.org", List.of("jörg@example.org"), false));
            assertEquals(ExitCode.DATAERR, e.exitCode(), e.getMessage());
            assertEquals(SmtpFailure.Kind.REFUSED, e.kind());
            assertTrue(e.getMessage().contains("does not offer SMTPUTF8, which the address jörg@example.org needs"), e.getMessage());
            assertEquals(null, sink.command("MAIL"), sink.lines.toString());
            assertEquals(null, sink.command("RCPT"), sink.lines.toString());
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(h);
        }
        // Angus names its logger by the transport's package (Submission's: dev.postern.backend.smtp).
        assertTrue(atRoot.stream().noneMatch(r -> String.valueOf(r.getLoggerName()).matches("(org\\.eclipse\\.angus|dev\\.postern).*")),
                atRoot.stream().map(java.util.logging.LogRecord::getMessage).toList().toString());
    }

    @Test
    void aLocalPartInUnicodeGoesInUtf8WithSmtputf8ToAServerOfferingIt() throws Exception {
        byte[] raw = ("From: alice@example.org\r\nTo: J <jörg@bücher.example>\r\nSubject: x\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        try (Sink sink = new Sink("8BITMIME", "SMTPUTF8")) {
            sink.send(raw, "alice@example.org", List.of("jörg@bücher.example"), false);
            assertEquals("MAIL FROM:<alice@example.org> SMTPUTF8 BODY=8BITMIME", sink.command("MAIL"));
            assertEquals(octets("RCPT TO:<jörg@xn--bcher-kva.example>"), sink.command("RCPT"));
            assertEquals(new String(raw, StandardCharsets.ISO_8859_1), new String(sink.data(), StandardCharsets.ISO_8859_1));
        }
        try (Sink sink = new Sink("SMTPUTF8")) { // as GreenMail: SMTPUTF8 without 8BITMIME in its EHLO, which RFC 6531 implies
            sink.send(raw, "alice@example.org", List.of("jörg@bücher.example"), false);
            assertEquals("MAIL FROM:<alice@example.org> SMTPUTF8", sink.command("MAIL"));
            assertEquals(new String(raw, StandardCharsets.ISO_8859_1), new String(sink.data(), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void eightBitDataGoesWithBody8bitmimeToAServerOfferingIt() throws Exception {
        byte[] raw = ("From: alice@example.org\r\nTo: x@example.org\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nBody café\r\n").getBytes(StandardCharsets.UTF_8);
        try (Sink sink = new Sink("8BITMIME")) {
            sink.send(raw, "alice@example.org", List.of("x@example.org"), false);
            assertEquals("MAIL FROM:<alice@example.org> BODY=8BITMIME", sink.command("MAIL"));
            assertEquals(new String(raw, StandardCharsets.ISO_8859_1), new String(sink.data(), StandardCharsets.ISO_8859_1));
        }
        try (Sink sink = new Sink()) { // ASCII needs no BODY parameter
            sink.send(ASCII, "alice@example.org", List.of("x@example.org"), false);
            assertEquals("MAIL FROM:<alice@example.org>", sink.command("MAIL"));
        }
    }

    @Test
    void eightBitPartsAreMadeSevenBitForAServerWithoutIt() throws Exception {
        String inner = "From: carol@example.org\r\nX-Raw: raw é\r\nSubject: inner\r\n\r\nInner café\r\n";
        byte[] raw = ("From: alice@example.org\r\nTo: x@example.org\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nnote é\r\n"
                + "--b1\r\nContent-Type: message/rfc822; name=orig.eml\r\nContent-Transfer-Encoding: 8bit\r\n"
                + "Content-Disposition: attachment; filename=orig.eml\r\n\r\n" + inner + "--b1--\r\n").getBytes(StandardCharsets.UTF_8);
        try (Sink sink = new Sink()) {
            sink.send(raw, "alice@example.org", List.of("x@example.org"), false);
            assertEquals("MAIL FROM:<alice@example.org>", sink.command("MAIL"));
            byte[] got = sink.data();
            for (byte b : got) assertTrue(b >= 0, new String(got, StandardCharsets.ISO_8859_1));
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(got));
            assertEquals("fwd", m.getSubject());
            MimeMultipart mp = (MimeMultipart) m.getContent();
            BodyPart text = mp.getBodyPart(0);
            assertEquals("quoted-printable", ((jakarta.mail.internet.MimeBodyPart) text).getEncoding());
            assertEquals("note é", text.getContent()); // the CRLF before a boundary is the boundary's
            BodyPart eml = mp.getBodyPart(1);
            assertTrue(eml.getContentType().startsWith("application/octet-stream"), eml.getContentType());
            assertEquals("orig.eml", eml.getFileName());
            assertEquals(inner.substring(0, inner.length() - 2), new String(eml.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBounceOfEightBitDataIsRefusedByAServerWithoutIt() throws Exception {
        byte[] raw = ("Resent-From: alice@example.org\r\nFrom: carol@example.org\r\nTo: x@example.org\r\n\r\ncafé\r\n")
                .getBytes(StandardCharsets.UTF_8);
        try (Sink sink = new Sink()) {
            SmtpFailure e = assertThrows(SmtpFailure.class, () -> sink.send(raw, "alice@example.org", List.of("x@example.org"), true));
            assertEquals(ExitCode.DATAERR, e.exitCode(), e.getMessage());
            assertEquals(SmtpFailure.Kind.REFUSED, e.kind());
            assertTrue(e.getMessage().contains("does not offer 8BITMIME and the message holds 8-bit data and a bounce goes as it is"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertEquals(null, sink.command("MAIL"), sink.lines.toString());
        }
        try (Sink sink = new Sink("8BITMIME")) {
            sink.send(raw, "alice@example.org", List.of("x@example.org"), true);
            assertEquals("MAIL FROM:<alice@example.org> BODY=8BITMIME", sink.command("MAIL"));
            assertEquals(new String(raw, StandardCharsets.ISO_8859_1), new String(sink.data(), StandardCharsets.ISO_8859_1));
        }
    }
}
