package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.CryptoEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hunt34-B B4: the reader's engine never lets gpg-agent start a pinentry (it took the reader's terminal and its
 * keys, for ever once gpg's deadline passed), for a key with a passphrase nor for a message encrypted with a
 * password, which any sender can make; it says how to unlock instead. A passphrase the agent holds still works.
 * Real gpg, with a pinentry that only leaves a mark that it was started.
 */
class PinentryTest {
    private static Path root;
    private static Path home;
    private static Path started;
    private static byte[] toKey;
    private static byte[] withPassword;

    @BeforeAll
    static void keys() throws IOException {
        GpgKeys.get(); // skips without gpg
        root = Files.createTempDirectory("pgp");
        home = root.resolve("h");
        Files.createDirectory(home, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        started = root.resolve("pinentry-started");
        Path pinentry = root.resolve("pinentry");
        Files.writeString(pinentry, "#!/bin/sh\ntouch '" + started + "'\nexit 1\n");
        pinentry.toFile().setExecutable(true);
        Files.writeString(home.resolve("gpg-agent.conf"), "allow-loopback-pinentry\npinentry-program " + pinentry + "\n");
        GpgKeys.ok(GpgKeys.gpg(home, null, "--pinentry-mode", "loopback", "--passphrase", "sekrit", "--quick-gen-key",
                "Carla <carla@example.org>", "ed25519", "sign", "never"), "gen");
        String fpr = GpgKeys.fingerprint(home, "carla@example.org");
        GpgKeys.ok(GpgKeys.gpg(home, null, "--pinentry-mode", "loopback", "--passphrase", "sekrit", "--quick-add-key", fpr,
                "cv25519", "encr", "never"), "add");
        byte[] text = "secret for carla\n".getBytes(StandardCharsets.UTF_8);
        toKey = GpgKeys.ok(GpgKeys.gpg(home, text, "--armor", "--trust-model", "always", "--encrypt", "-r", fpr), "encrypt");
        withPassword = GpgKeys.ok(GpgKeys.gpg(home, text, "--armor", "--pinentry-mode", "loopback", "--passphrase", "pw",
                "--no-symkey-cache", "--symmetric"), "symmetric");
        forget();
    }

    /** The agent forgets every passphrase it holds. */
    private static void forget() {
        GpgProcess.run(List.of("gpgconf", "--kill", "gpg-agent"), null, java.time.Duration.ofSeconds(10), 1 << 16,
                Map.of("GNUPGHOME", home.toString()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (home == null) return;
        forget();
        try (var files = Files.walk(root)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
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
}
