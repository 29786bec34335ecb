package dev.postern.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.compose.Built;
import dev.postern.config.CryptoConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.CryptoEngine.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt34-B B5: signing trusted gpg's exit code and stdout. A gpg that exits 0 printing random bytes had them sent as
 * the "OpenPGP digital signature"; encryption had no END_ENCRYPTION check either. A signature counts only with gpg's
 * SIG_CREATED and an armored signature, encryption only with END_ENCRYPTION and an armored message (S/MIME: a DER
 * structure); else one sentence and nothing made. The broken programs wrap the real gpg and gpgsm (its status lines
 * and exit code kept, or taken away).
 */
class BrokenGpgSigningTest {
    static GpgKeys keys;
    @TempDir Path dir;

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
    }

    private static Built message() {
        byte[] raw = ("From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
        return new Built(raw, "<s@example.org>", "alice@example.org", List.of("bob@example.org"));
    }

    /** An executable {@code name} in the test's directory running {@code body} (sh). */
    private Path program(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private MessageProtector with(Path gpg, Path gpgsm) {
        return new MessageProtector(new GnupgEngine(gpg.toString(), gpgsm.toString(), keys.env()));
    }

    private static PosternException refused(MessageProtector p, boolean sign, boolean encrypt, Kind kind) {
        return assertThrows(PosternException.class, () -> p.protect(message(), new MessageProtector.Request(sign,
                encrypt ? CryptoConfig.Encrypt.ALWAYS : CryptoConfig.Encrypt.NEVER, kind)));
    }

    @Test
    void randomBytesWithExitZeroAreNoSignatureAndNoEncryption() throws Exception {
        // Reads its input, prints 3000 random bytes on stdout and stderr, exits 0; --list-keys is left to the real one.
        String garbage = "case \" $* \" in *\" --list-keys \"*) exec REAL \"$@\";; esac\ncat >/dev/null\n"
                + "head -c 3000 /dev/urandom\nhead -c 3000 /dev/urandom >&2\nexit 0";
        MessageProtector p = with(program("gpg", garbage.replace("REAL", "gpg")), program("gpgsm", garbage.replace("REAL", "gpgsm")));
        PosternException sign = refused(p, true, false, Kind.PGP);
        assertEquals(ExitCode.UNAVAILABLE, sign.exitCode(), sign.getMessage());
        assertTrue(sign.getMessage().startsWith("gpg did not sign as alice@example.org: it exited 0 without the SIG_CREATED"
                + " status line"), sign.getMessage());
        assertTrue(sign.getMessage().endsWith("nothing was sent."), sign.getMessage());
        PosternException enc = refused(p, false, true, Kind.PGP);
        assertTrue(enc.getMessage().startsWith("gpg did not encrypt: it exited 0 without the END_ENCRYPTION status line"),
                enc.getMessage());
        assertTrue(refused(p, true, false, Kind.SMIME).getMessage().startsWith("gpgsm did not sign as alice@example.org: it"
                + " exited 0 without the SIG_CREATED"));
        // gpgsm says nothing of an encryption that worked: its output's shape is what is checked.
        assertTrue(refused(p, false, true, Kind.SMIME).getMessage().startsWith("gpgsm did not encrypt: its output is not S/MIME"
                + " enveloped-data"));
    }

    @Test
    void theRightStatusLinesWithOtherBytesOnStdoutAreRefusedToo() throws Exception {
        // The real gpg's status lines and exit code, its output swapped for random bytes.
        String swapped = "REAL \"$@\" >/dev/null\nrc=$?\ncase \" $* \" in *\" --list-keys \"*) exit $rc;; esac\n"
                + "head -c 600 /dev/urandom\nexit $rc";
        String listing = "case \" $* \" in *\" --list-keys \"*) exec REAL \"$@\";; esac\n";
        MessageProtector p = with(program("gpg", listing.replace("REAL", "gpg") + swapped.replace("REAL", "gpg")),
                program("gpgsm", listing.replace("REAL", "gpgsm") + swapped.replace("REAL", "gpgsm")));
        PosternException sign = refused(p, true, false, Kind.PGP);
        assertEquals(ExitCode.UNAVAILABLE, sign.exitCode(), sign.getMessage());
        assertTrue(sign.getMessage().contains("its output is not an ASCII-armored OpenPGP signature"), sign.getMessage());
        assertTrue(refused(p, true, true, Kind.PGP).getMessage().contains("its output is not an ASCII-armored OpenPGP message"));
        PosternException smime = refused(p, true, false, Kind.SMIME);
        assertTrue(smime.getMessage().contains("its output is not S/MIME signed-data"), smime.getMessage());
        assertTrue(refused(p, false, true, Kind.SMIME).getMessage().contains("its output is not S/MIME enveloped-data"));
        // The genuine programs still work through the same wrapper shape.
        MessageProtector real = with(program("gpg2", "exec gpg \"$@\""), program("gpgsm2", "exec gpgsm \"$@\""));
        MessageProtector.Outcome o = real.protect(message(), new MessageProtector.Request(true, CryptoConfig.Encrypt.ALWAYS, Kind.PGP));
        assertTrue(o.signed() && o.encrypted(), o.toString());
        MessageProtector.Outcome s = real.protect(message(), new MessageProtector.Request(true, CryptoConfig.Encrypt.ALWAYS, Kind.SMIME));
        assertTrue(s.signed() && s.encrypted(), s.toString());
    }
}
