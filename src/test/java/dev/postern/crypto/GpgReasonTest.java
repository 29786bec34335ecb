package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reason a check failed is gpgsm's error, not its notices of what it set up in a fresh home: the first S/MIME check
 * of a session said "no signature found (directory '/home/u/.gnupg' created)" (hunt 33-Z, Z13).
 */
class GpgReasonTest {
    private static GpgProcess.Result logged(String... log) {
        return new GpgProcess.Result(1, new byte[0], List.of(), List.of(log), false, false, null);
    }

    @Test
    void theNoticesOfAFreshHomeAreNoReason() {
        assertEquals(" (ksba_cms_parse failed: Invalid CMS object)", GnupgEngine.why(logged(
                "gpgsm: directory '/tmp/h/.gnupg' created",
                "gpgsm: keybox '/tmp/h/.gnupg/pubring.kbx' created",
                "gpg: /tmp/h/.gnupg/trustdb.gpg: trustdb created",
                "gpgsm: ksba_cms_parse failed: Invalid CMS object")));
    }

    @Test
    void onlyNoticesLeaveNoReason() {
        assertEquals("", GnupgEngine.why(logged("gpgsm: directory '/tmp/h/.gnupg' created")));
    }

    /** hunt34-B B8: a broken or wrapped gpg's escapes and control bytes never reach the terminal. */
    @Test
    void gpgsOwnWordsAreOneCleanLine() {
        String why = GnupgEngine.why(logged("gpg: bad \u001b]0;PWNED\u0007\u001b[31mRED\u001b[0m \u001b[2J\u0000 done"));
        assertFalse(why.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)), why);
        assertTrue(why.contains("bad") && why.contains("done"), why);
    }

    /** hunt34-B B9: the line that says what failed is the reason, not gpg's first notice; gpgsm's "DBG:" is dropped. */
    @Test
    void theFailureIsTheReasonNotTheFirstNotice() {
        assertEquals(" (public key decryption failed: Bad passphrase)", GnupgEngine.why(logged(
                "gpg: encrypted with 255-bit ECDH key, ID B8AB1C35A3E3F557, created 2026-12-06",
                "      \"Alice PP <alice@localhost>\"",
                "gpg: public key decryption failed: Bad passphrase",
                "gpg: decryption failed: No secret key")));
        assertEquals(" (ksba_cms_parse failed: End of file)", GnupgEngine.why(logged("gpgsm: DBG: ksba_cms_parse failed: End of file")));
    }

    /** hunt34-B B4/B9: no pinentry could be started, or it was cancelled: said in words, with the way to unlock. */
    @Test
    void aPassphraseThatCouldNotBeAskedForIsSaidSo() {
        GpgProcess.Result noTty = new GpgProcess.Result(2, new byte[0], List.of("ERROR pkdecrypt_failed 83918873",
                "BEGIN_DECRYPTION", "DECRYPTION_FAILED", "END_DECRYPTION"),
                List.of("gpg: public key decryption failed: Inappropriate ioctl for device"), false, false, null);
        String why = GnupgEngine.decryptFailure(dev.postern.render.CryptoEngine.Kind.PGP, noTty, true);
        assertTrue(why.startsWith("the key needs its passphrase and gpg could not ask for it"), why);
        GpgProcess.Result sym = new GpgProcess.Result(2, new byte[0], List.of("ERROR get_passphrase 67108949",
                "CANCELED_BY_USER", "BEGIN_DECRYPTION", "DECRYPTION_FAILED"), List.of(), false, false, null);
        assertTrue(GnupgEngine.decryptFailure(dev.postern.render.CryptoEngine.Kind.PGP, sym, false)
                .startsWith("it is encrypted with a password, not to a key, and the reader does not start a pinentry"));
        GpgProcess.Result smime = new GpgProcess.Result(2, new byte[0], List.of(), List.of("gpgsm: DBG: ksba_cms_parse failed: End of file"),
                false, false, null);
        assertEquals("gpgsm could not decrypt it (ksba_cms_parse failed: End of file)",
                GnupgEngine.decryptFailure(dev.postern.render.CryptoEngine.Kind.SMIME, smime, true));
    }
}
