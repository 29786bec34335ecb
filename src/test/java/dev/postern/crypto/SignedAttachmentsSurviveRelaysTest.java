package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.MessageBuilder;
import dev.postern.config.CryptoConfig;
import dev.postern.render.CryptoEngine.Kind;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt 37-P P14: a signed message with attachments. Every part under the signature is quoted-printable or base64, so
 * an mbox delivery (">From ") and a relay that strips trailing blanks leave the signature good, for PGP/MIME (gpg
 * --verify) and S/MIME (gpgsm --verify); the parts still decode to what was attached.
 */
class SignedAttachmentsSurviveRelaysTest {
    static GpgKeys keys;
    @TempDir Path dir;

    private static final String BODY = "From me to you\ntrailing spaces   \n.\nend\n";
    private static final byte[] PATCH = "diff line   \nFrom x\n-old\t\n+new\n".getBytes(StandardCharsets.US_ASCII);
    /** A forwarded message whose text has a "From " line and a trailing blank. */
    private static final String FORWARDED = "From: carol@example.org\r\nSubject: old\r\n\r\nFrom the archive \r\nend\r\n";
    /** A forwarded signed message: its signed part must stay as it is (not what a signature of it would need). */
    private static final String INNER_SIGNED = "From: dave@example.org\r\nSubject: signed\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=\"in\"\r\n\r\n"
            + "--in\r\nContent-Type: text/plain\r\n\r\nsigned text=\r\n--in\r\nContent-Type: application/pgp-signature\r\n\r\n"
            + "-----BEGIN PGP SIGNATURE-----\r\n-----END PGP SIGNATURE-----\r\n--in--\r\n";

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
    }

    private Built signed(Kind kind) {
        Draft d = new Draft("Alice <alice@example.org>", List.of("bob@example.org"), List.of(), List.of(), "signed", BODY,
                List.of(new Draft.Attachment("trail.patch", null, null, PATCH),
                        new Draft.Attachment("old.eml", "message/rfc822", null, FORWARDED.getBytes(StandardCharsets.US_ASCII)),
                        new Draft.Attachment("signed.eml", "message/rfc822", null, INNER_SIGNED.getBytes(StandardCharsets.US_ASCII))),
                null, List.of(), false);
        Built plain = new MessageBuilder().build(d);
        MessageProtector.Outcome o = new MessageProtector(keys.engine()).protect(plain,
                new MessageProtector.Request(true, CryptoConfig.Encrypt.NEVER, kind));
        assertTrue(o.signed(), o.toString());
        return o.message();
    }

    /** What an mbox delivery and a blank-stripping relay do to every line of the message. */
    private static byte[] relayed(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\r\n", -1)) {
            line = line.replaceAll("[ \t]+$", "");
            if (line.startsWith("From ")) line = ">" + line;
            out.append(line).append("\r\n");
        }
        return out.substring(0, out.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The signed entity's bytes exactly as they stand between the first two delimiters (RFC 1847 2.1). */
    private static byte[] signedEntity(byte[] raw, String boundary) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        int start = s.indexOf("\r\n--" + boundary + "\r\n") + boundary.length() + 6;
        int end = s.indexOf("\r\n--" + boundary, start);
        return s.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
    }

    private void check(Kind kind) throws Exception {
        byte[] raw = relayed(signed(kind).raw());
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        assertTrue(m.isMimeType("multipart/signed"), m.getContentType());
        String boundary = new jakarta.mail.internet.ContentType(m.getContentType()).getParameter("boundary");
        Multipart signed = (Multipart) m.getContent();
        Path sig = dir.resolve("sig");
        Files.write(sig, signed.getBodyPart(1).getInputStream().readAllBytes());
        GpgProcess.Result r = kind == Kind.PGP
                ? GpgKeys.gpg(keys.home, signedEntity(raw, boundary), "--verify", sig.toString(), "-")
                : verifySmime(sig, signedEntity(raw, boundary));
        assertTrue(r.status().stream().anyMatch(l -> l.startsWith("GOODSIG ")), kind + " signature after the relays: " + r.status() + " " + r.log());
        Multipart mixed = (Multipart) signed.getBodyPart(0).getContent();
        for (int i = 0; i < 2; i++) {
            String enc = ((jakarta.mail.internet.MimeBodyPart) mixed.getBodyPart(i)).getEncoding();
            assertTrue(enc.equals("quoted-printable") || enc.equals("base64"), "part " + i + " goes " + enc);
        }
        assertEquals(BODY.replace("\n", "\r\n"), mixed.getBodyPart(0).getContent());
        BodyPart attached = mixed.getBodyPart(1);
        assertEquals(Part.ATTACHMENT, attached.getDisposition());
        assertArrayEquals(new String(PATCH, StandardCharsets.US_ASCII).replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII),
                attached.getInputStream().readAllBytes());
        MimeMessage forwarded = (MimeMessage) mixed.getBodyPart(2).getContent();
        assertEquals("From the archive \r\nend\r\n", forwarded.getContent());
        String whole = new String(raw, StandardCharsets.ISO_8859_1);
        assertTrue(whole.contains(INNER_SIGNED.substring(INNER_SIGNED.indexOf("--in\r\n"))), "the forwarded signed message is as it was");
    }

    private GpgProcess.Result verifySmime(Path sig, byte[] entity) throws Exception {
        Path data = dir.resolve("data");
        Files.write(data, entity);
        return GpgKeys.gpgsm(keys.home, null, "--verify", sig.toString(), data.toString());
    }

    @Test
    void pgpMimeSignatureOfAMessageWithAnAttachmentSurvivesFromQuotingAndBlankStripping() throws Exception {
        check(Kind.PGP);
    }

    @Test
    void smimeSignatureOfAMessageWithAnAttachmentSurvivesThemToo() throws Exception {
        check(Kind.SMIME);
    }
}
