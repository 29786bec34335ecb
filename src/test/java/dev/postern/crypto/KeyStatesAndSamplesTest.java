package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.compose.Built;
import dev.postern.config.CryptoConfig;
import dev.postern.model.PosternException;
import dev.postern.render.CryptoEngine;
import dev.postern.render.MessageRenderer;
import dev.postern.render.Protection;
import dev.postern.render.RenderOptions;
import dev.postern.render.RenderedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Expired and revoked keys, the signed samples of the shared corpora, and a GnuPG that is not installed. */
class KeyStatesAndSamplesTest {
    static GpgKeys keys;

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
        ReadProtectedMailTest.keys = keys;
        ReadProtectedMailTest.renderer = new MessageRenderer(RenderOptions.defaults(), null, keys.engine());
    }

    static final byte[] INNER = ReadProtectedMailTest.INNER.getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureByAKeyThatHasSinceExpiredSaysSo() {
        String past = "--faked-system-time=20200101T000000!";
        GpgKeys.ok(GpgKeys.gpg(keys.home, null, past, "--passphrase", "", "--quick-gen-key", "Old <old@example.org>", "ed25519",
                "sign", "1d"), "old key");
        byte[] sig = GpgKeys.ok(GpgKeys.gpg(keys.home, INNER, past, "--armor", "--local-user", "old@example.org", "--detach-sign"), "old sig");
        RenderedMessage m = ReadProtectedMailTest.render(ReadProtectedMailTest.pgpSigned("Old <old@example.org>",
                ReadProtectedMailTest.INNER, new String(sig, StandardCharsets.US_ASCII)));
        Protection p = ReadProtectedMailTest.only(m);
        assertEquals(CryptoEngine.Status.EXPIRED_KEY, p.signature().status());
        assertFalse(p.trustworthySignature());
        assertTrue(m.body().contains("made by an EXPIRED key"), m.body());
    }

    @Test
    void signatureByARevokedKeySaysSo() throws Exception {
        GpgKeys.ok(GpgKeys.gpg(keys.home, null, "--passphrase", "", "--quick-gen-key", "Gone <gone@example.org>", "ed25519",
                "sign", "never"), "gone key");
        String fpr = GpgKeys.fingerprint(keys.home, "gone@example.org");
        byte[] sig = GpgKeys.ok(GpgKeys.gpg(keys.home, INNER, "--armor", "--local-user", fpr, "--detach-sign"), "gone sig");
        // gpg keeps a revocation certificate for every new key; its first line is guarded by a ':'.
        String rev = Files.readString(keys.home.resolve("openpgp-revocs.d").resolve(fpr + ".rev")).replace(":-----BEGIN", "-----BEGIN");
        GpgKeys.ok(GpgKeys.gpg(keys.home, rev.getBytes(StandardCharsets.US_ASCII), "--import"), "revoke");
        RenderedMessage m = ReadProtectedMailTest.render(ReadProtectedMailTest.pgpSigned("Gone <gone@example.org>",
                ReadProtectedMailTest.INNER, new String(sig, StandardCharsets.US_ASCII)));
        Protection p = ReadProtectedMailTest.only(m);
        assertEquals(CryptoEngine.Status.REVOKED_KEY, p.signature().status());
        assertTrue(m.body().contains("made by a REVOKED key"), m.body());
    }

    @Test
    void aSelfMadeSmimeCertificateClaimingBobIsNotTrusted() throws Exception {
        Path dir = Files.createTempDirectory("pge");
        Path cert = dir.resolve("evil.pem");
        Path key = dir.resolve("evil.key");
        GpgKeys.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "30", "-subj", "/CN=Bob/emailAddress=bob@example.org");
        byte[] sig = GpgKeys.openssl(INNER, "smime", "-sign", "-binary", "-outform", "DER", "-signer", cert.toString(),
                "-inkey", key.toString());
        RenderedMessage m = ReadProtectedMailTest.render(ReadProtectedMailTest.smimeSigned("Bob <bob@example.org>",
                ReadProtectedMailTest.INNER, sig));
        Protection p = ReadProtectedMailTest.only(m);
        assertEquals(CryptoEngine.Status.UNTRUSTED, p.signature().status(), m.body());
        assertFalse(p.trustworthySignature());
        assertFalse(m.body().contains("GOOD"), m.body());
        assertTrue(m.body().contains("matches, but the key is NOT TRUSTED (the certificate does not chain to a trusted root)"), m.body());
    }

    @Test
    void aPgpKeyNobodyCertifiedIsGoodWithAWarningAndNotTrustworthy() {
        // Mallory makes a key in her own home claiming Dave's address; it is imported here (validity unknown).
        GpgKeys.ok(GpgKeys.gpg(keys.strangerHome, null, "--passphrase", "", "--quick-gen-key", "Dave <dave@example.org>",
                "ed25519", "sign", "never"), "mallory's key");
        String fpr = GpgKeys.fingerprint(keys.strangerHome, "dave@example.org");
        GpgKeys.ok(GpgKeys.gpg(keys.home, GpgKeys.ok(GpgKeys.gpg(keys.strangerHome, null, "--armor", "--export", fpr), "export"),
                "--import"), "import");
        byte[] sig = GpgKeys.ok(GpgKeys.gpg(keys.strangerHome, INNER, "--armor", "--local-user", fpr, "--detach-sign"), "sign");
        RenderedMessage m = ReadProtectedMailTest.render(ReadProtectedMailTest.pgpSigned("Dave <dave@example.org>",
                ReadProtectedMailTest.INNER, new String(sig, StandardCharsets.US_ASCII)));
        Protection p = ReadProtectedMailTest.only(m);
        assertEquals(CryptoEngine.Status.GOOD, p.signature().status());
        assertEquals("unknown", p.signature().validity());
        assertFalse(p.fromMismatch());
        assertFalse(p.trustworthySignature());
        assertTrue(m.body().contains("validity unknown; WARNING: nothing you trust certifies that this key belongs to the signer"), m.body());
    }

    @Test
    void signedSamplesOfTheCorporaAreReadAndNoneClaimsAGoodSignature() throws Exception {
        Path dir = Path.of("src/test/resources/corpora/ruby-mail/emails/mime_emails");
        MessageRenderer r = new MessageRenderer(RenderOptions.defaults(), null, keys.engine());
        int protectedParts = 0;
        for (String name : List.of("sig_only_email.eml", "raw_email_with_nested_attachment.eml")) {
            RenderedMessage m = r.render(Files.readAllBytes(dir.resolve(name)));
            assertFalse(m.protections().isEmpty(), name + ": " + m.body());
            for (Protection p : m.protections()) {
                protectedParts++;
                assertNotEquals(CryptoEngine.Status.GOOD, p.signature().status(), name);
                assertTrue(m.body().contains(p.lines().get(0)), name + ": " + m.body());
            }
        }
        assertEquals(2, protectedParts);
        // The PGP sample's signature packet is deliberately broken (its CRC fails): not checked, and it says why.
        RenderedMessage pgp = r.render(Files.readAllBytes(dir.resolve("sig_only_email.eml")));
        assertEquals(CryptoEngine.Status.ERROR, pgp.protections().get(0).signature().status());
        assertTrue(pgp.body().contains("[postern] PGP signature NOT verified (no signature found (no OpenPGP data"), pgp.body());
    }

    @Test
    void withoutGnupgTheStatusLineSaysSoInOneSentenceAndSendingRefuses() {
        GnupgEngine none = new GnupgEngine("postern-no-such-gpg", "postern-no-such-gpgsm", Map.of());
        RenderedMessage m = new MessageRenderer(RenderOptions.defaults(), null, none).render(ReadProtectedMailTest.pgpSigned(
                "a@example.org", ReadProtectedMailTest.INNER, "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(CryptoEngine.Status.ERROR, ReadProtectedMailTest.only(m).signature().status());
        assertTrue(m.body().contains("signature NOT verified (postern-no-such-gpg is not installed or not on PATH"), m.body());
        assertTrue(m.body().contains("Meet at the café"), m.body());

        Built b = new Built("From: a@example.org\r\nTo: b@example.org\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII), "<id@x>",
                "a@example.org", List.of("b@example.org"));
        PosternException e = assertThrows(PosternException.class, () -> new MessageProtector(none).protect(b,
                new MessageProtector.Request(true, CryptoConfig.Encrypt.NEVER, CryptoEngine.Kind.PGP)));
        assertEquals(69, e.exitCode().code());
        assertTrue(e.getMessage().startsWith("postern-no-such-gpg is not installed"), e.getMessage());
    }
}
