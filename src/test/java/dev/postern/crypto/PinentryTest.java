package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.compose.Built;
import dev.postern.config.CryptoConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.CryptoEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hunt34-B B4: the reader's engine never lets gpg-agent start a pinentry (it took the reader's terminal and its
 * keys, for ever once gpg's deadline passed), for a key with a passphrase nor for a message encrypted with a
 * password, which any sender can make; it says how to unlock instead. A passphrase the agent holds still works.
 * Real gpg, with a pinentry that only leaves a mark that it was started.
 */
class PinentryTest {
    private static LockedKey key;
    private static Path home;
    private static Path started;
    private static byte[] toKey;
    private static byte[] withPassword;

    @BeforeAll
    static void keys() {
        key = LockedKey.get();
        home = key.home;
        started = key.started;
        byte[] text = "secret for carla\n".getBytes(StandardCharsets.UTF_8);
        toKey = GpgKeys.ok(GpgKeys.gpg(home, text, "--armor", "--trust-model", "always", "--encrypt", "-r", key.fingerprint), "encrypt");
        withPassword = GpgKeys.ok(GpgKeys.gpg(home, text, "--armor", "--pinentry-mode", "loopback", "--passphrase", "pw",
                "--no-symkey-cache", "--symmetric"), "symmetric");
        forget();
    }

    /** The agent forgets every passphrase it holds. */
    private static void forget() {
        key.forget();
    }

    private static GnupgEngine reader() {
        return GnupgEngine.forEnvironment(Map.of("GNUPGHOME", home.toString(), "GPG_TTY", "/dev/tty")).withoutPinentry();
    }

    @Test
    void aKeyWithAPassphraseStartsNoPinentryAndSaysHowToUnlock() throws IOException {
        Files.deleteIfExists(started);
        CryptoEngine.Opened o = reader().decrypt(CryptoEngine.Kind.PGP, toKey);
        assertFalse(o.ok(), o.toString());
        assertFalse(Files.exists(started), "gpg-agent started a pinentry");
        assertTrue(o.detail().contains("the key needs its passphrase") && o.detail().contains("gpg --decrypt"), o.detail());
    }

    @Test
    void aMessageEncryptedWithAPasswordStartsNoPinentry() throws IOException {
        Files.deleteIfExists(started);
        CryptoEngine.Opened o = reader().decrypt(CryptoEngine.Kind.PGP, withPassword);
        assertFalse(o.ok(), o.toString());
        assertFalse(Files.exists(started), "gpg-agent started a pinentry");
        assertTrue(o.detail().contains("encrypted with a password"), o.detail());
    }

    @Test
    void aPassphraseTheAgentHoldsIsUsed() {
        GpgKeys.ok(GpgKeys.gpg(home, toKey, "--pinentry-mode", "loopback", "--passphrase", "sekrit", "--decrypt"), "unlock");
        try {
            CryptoEngine.Opened o = reader().decrypt(CryptoEngine.Kind.PGP, toKey);
            assertTrue(o.ok(), o.toString());
        } finally {
            forget();
        }
    }

    private static Built fromCarla() {
        byte[] raw = ("From: Carla <carla@example.org>\r\nTo: carla@example.org\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
        return new Built(raw, "<s@example.org>", "carla@example.org", List.of("carla@example.org"));
    }

    /**
     * A signature made in a postern that serves others (a send from the reader's review screen, or a shell's send the
     * owner serves) started a pinentry too: on the reader's terminal beside its screen, or on the owner's for a
     * served send. It is refused now, 77, with how to unlock the key; signed and signed-and-encrypted alike.
     */
    @Test
    void signingWithALockedKeyStartsNoPinentryAndSaysHowToUnlock() {
        for (CryptoConfig.Encrypt encrypt : List.of(CryptoConfig.Encrypt.NEVER, CryptoConfig.Encrypt.ALWAYS)) {
            forget();
            try {
                Files.deleteIfExists(started);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            PosternException e = assertThrows(PosternException.class, () -> new MessageProtector(reader()).protect(fromCarla(),
                    new MessageProtector.Request(true, encrypt, CryptoEngine.Kind.PGP)));
            assertFalse(Files.exists(started), "gpg-agent started a pinentry (" + encrypt + ")");
            assertEquals(ExitCode.NOPERM, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().startsWith("gpg could not sign as carla@example.org: the secret key needs its passphrase")
                    && e.getMessage().contains("echo | gpg --sign --local-user carla@example.org > /dev/null")
                    && e.getMessage().endsWith("nothing was sent."), e.getMessage());
        }
    }

    @Test
    void signingWithAPassphraseTheAgentHoldsWorksWithoutAPinentry() {
        key.unlock();
        try {
            MessageProtector.Outcome o = new MessageProtector(reader()).protect(fromCarla(),
                    new MessageProtector.Request(true, CryptoConfig.Encrypt.NEVER, CryptoEngine.Kind.PGP));
            assertTrue(o.signed(), o.toString());
            assertTrue(new String(o.message().raw(), StandardCharsets.ISO_8859_1).contains("BEGIN PGP SIGNATURE"));
        } finally {
            forget();
        }
    }
}
