package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.compose.Built;
import dev.postern.config.CryptoConfig;
import dev.postern.crypto.LockedKey;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signature of a message sent from a postern that serves others (the reader's review screen, the shell, a send
 * the owner serves for a shell's {@code postern send}) never lets gpg-agent start a pinentry, though GPG_TTY is set:
 * one took the reader's terminal beside its screen, the passphrase's keys read as the reader's commands (hunt34-B's
 * B4 left signing out). A postern that serves nobody (a shell's own {@code postern send}) still lets gpg ask.
 */
class ServedSigningTest {
    private static Built fromCarla() {
        byte[] raw = ("From: Carla <" + LockedKey.ADDRESS + ">\r\nTo: " + LockedKey.ADDRESS + "\r\nSubject: s\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
        return new Built(raw, "<s@example.org>", LockedKey.ADDRESS, List.of(LockedKey.ADDRESS));
    }

    private static final CryptoConfig.Policy SIGN = new CryptoConfig.Policy(true, CryptoConfig.Encrypt.NEVER, CryptoConfig.Protocol.PGP);

    @Test
    void aServingPosternSignsWithoutAPinentryAndSaysHowToUnlock() {
        LockedKey key = LockedKey.get();
        key.forget();
        key.clearMark();
        Map<String, String> env = Map.of("GNUPGHOME", key.home.toString(), "GPG_TTY", "/dev/tty");
        PosternException e = assertThrows(PosternException.class, () -> new OutgoingServices(null, env, true).protect(fromCarla(), SIGN));
        assertFalse(key.pinentryStarted(), "gpg-agent started a pinentry in a postern that serves others");
        assertEquals(ExitCode.NOPERM, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("does not let gpg-agent start a pinentry"), e.getMessage());
    }

    @Test
    void aPosternServingNobodyStillLetsGpgAsk() {
        LockedKey key = LockedKey.get();
        key.forget();
        key.clearMark();
        Map<String, String> env = Map.of("GNUPGHOME", key.home.toString(), "GPG_TTY", "/dev/tty");
        PosternException e = assertThrows(PosternException.class, () -> new OutgoingServices(null, env, false).protect(fromCarla(), SIGN));
        assertTrue(key.pinentryStarted(), "a shell's own send lets gpg-agent ask (here a pinentry that fails): " + e.getMessage());
    }
}
