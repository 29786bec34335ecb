package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.crypto.GpgKeys;
import dev.postern.crypto.GpgProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's "done means", in the finished jar's reader on a real terminal (tmux) against Dovecot: Alice (keys in a
 * throwaway GNUPGHOME made here; an S/MIME CA and certificates made with openssl) reads Bob's encrypted and signed
 * message in the pager with its status lines, replies from the review screen with S and E on, Bob's copy (through
 * SMTP into Dovecot) decrypts and verifies with gpg (openssl for S/MIME), and Alice reads her Sent copy in the pager,
 * status lines and all. Once with OpenPGP (gpg), once with S/MIME (gpgsm).
 */
@Tag("e2e")
@Timeout(240)
class CryptoReaderTmuxIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    static GpgKeys keys;
    @TempDir Path dir;

    @BeforeAll
    static void keys() {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        keys = GpgKeys.create("localhost");
    }

    private static String headers(String subject, String id) {
        return "From: Bob <bob@localhost>\r\nTo: Alice <alice@localhost>\r\nSubject: " + subject
                + "\r\nDate: Tue, 1 Dec 2026 1" + (id.startsWith("pgp") ? "0" : "1") + ":00:00 +0000\r\nMessage-ID: <" + id + "@localhost>\r\nMIME-Version: 1.0\r\n";
    }

    /** Bob's PGP/MIME message to Alice, signed and encrypted by gpg. */
    private static byte[] pgpFromBob() {
        String inner = "Content-Type: text/plain; charset=utf-8\r\n\r\nWhere do we meet? (PGP)\r\n";
        byte[] armor = GpgKeys.ok(GpgKeys.gpg(keys.home, inner.getBytes(StandardCharsets.US_ASCII), "--armor", "--encrypt",
                "--sign", "--local-user", "<bob@localhost>", "--recipient", "<alice@localhost>", "--recipient", "<bob@localhost>"),
                "encrypt as bob");
        return (headers("plans by PGP", "pgp-1")
                + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"enc\"\r\n\r\n"
                + "--enc\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n"
                + "--enc\r\nContent-Type: application/octet-stream\r\n\r\n" + new String(armor, StandardCharsets.US_ASCII)
                + "\r\n--enc--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Bob's S/MIME message to Alice, signed and encrypted by openssl. */
    private static byte[] smimeFromBob() {
        byte[] inner = "Content-Type: text/plain; charset=utf-8\r\n\r\nWhere do we meet? (S/MIME)\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] signed = GpgKeys.openssl(inner, "smime", "-sign", "-signer", keys.bobCert.toString(), "-inkey", keys.bobKey.toString());
        byte[] enc = GpgKeys.openssl(signed, "smime", "-encrypt", "-aes256", keys.aliceCert.toString());
        String e = new String(enc, StandardCharsets.US_ASCII).replace("\r\n", "\n").replace("\n", "\r\n")
                .replaceFirst("(?m)^MIME-Version: 1.0\r\n", "");
        return (headers("plans by S/MIME", "smime-1") + e).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void replySignedAndEncryptedFromTheReviewScreenWithGpgAndWithGpgsm() throws Exception {
        long start = System.nanoTime();
        DOVECOT.deliver("alice", "INBOX", pgpFromBob());
        DOVECOT.deliver("alice", "INBOX", smimeFromBob());
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i '0,/^$/s//\\nBehind the old mill./' \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        try (SmtpToDovecot relay = new SmtpToDovecot(DOVECOT)) {
            // OpenPGP: Bob's message decrypted in the pager, the reply encrypted to Bob and to Alice herself.
            String atBob = replyInTheReader(relay, "pgp", "plans by PGP", "Where do we meet? (PGP)", new String[] {
                "[postern] PGP encrypted to ", "(Alice <alice@localhost>)", ": decrypted",
                "[postern] PGP GOOD signature from Bob <bob@localhost>, key " + keys.bobFpr}, new String[] {
                "[postern] PGP encrypted to ", "[postern] PGP GOOD signature from Alice <alice@localhost>, key " + keys.aliceFpr});
            assertTrue(atBob.contains("multipart/encrypted"), atBob);
            assertFalse(atBob.contains("old mill"), "plaintext on the wire: " + atBob);
            int s = atBob.indexOf("-----BEGIN PGP MESSAGE-----");
            int e = atBob.indexOf("-----END PGP MESSAGE-----");
            GpgProcess.Result dec = GpgKeys.gpg(keys.home, atBob.substring(s, e + 25).getBytes(StandardCharsets.US_ASCII), "--decrypt");
            assertEquals(0, dec.exit(), dec.log().toString());
            assertTrue(dec.has("DECRYPTION_OKAY") && dec.has("GOODSIG") && dec.has("VALIDSIG"), dec.status().toString());
            assertTrue(new String(dec.out(), StandardCharsets.UTF_8).contains("Behind the old mill."));

            // S/MIME: the same through gpgsm; Bob's openssl decrypts the reply and checks Alice's signature against the CA.
            String smimeAtBob = replyInTheReader(relay, "smime", "plans by S/MIME", "Where do we meet? (S/MIME)", new String[] {
                "[postern] S/MIME encrypted to ", ": decrypted", "[postern] S/MIME GOOD signature from "}, new String[] {
                "[postern] S/MIME encrypted to ", "[postern] S/MIME GOOD signature from "});
            assertTrue(smimeAtBob.contains("application/pkcs7-mime; smime-type=enveloped-data"), smimeAtBob);
            assertFalse(smimeAtBob.contains("old mill"), smimeAtBob);
            byte[] der = Base64.getMimeDecoder().decode(smimeAtBob.substring(smimeAtBob.indexOf("\r\n\r\n") + 4).strip());
            byte[] inner = GpgKeys.openssl(der, "smime", "-decrypt", "-inform", "DER", "-recip", keys.bobCert.toString(),
                    "-inkey", keys.bobKey.toString());
            byte[] content = GpgKeys.openssl(inner, "smime", "-verify", "-CAfile", keys.caPem.toString());
            assertTrue(new String(content, StandardCharsets.UTF_8).contains("Behind the old mill."));
        }
        System.out.println("CryptoReaderTmuxIT: " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms (both protocols)");
    }

    /**
     * Starts the reader on Alice's INBOX with {@code crypto_protocol = protocol}, opens {@code subject} and checks its
     * status lines, replies with S and E on, then opens the reply in Sent and checks its; returns what reached Bob.
     */
    private String replyInTheReader(SmtpToDovecot relay, String protocol, String subject, String text, String[] inbox,
                                    String[] sent) throws Exception {
        Path config = PosternConfig.write(dir.resolve("config-" + protocol + ".toml"), dir.resolve("data-" + protocol),
                PosternConfig.dovecot(DOVECOT, "alice", 20),
                "crypto_protocol = \"" + protocol + "\"\n\n[accounts.e2e.smtp]\nhost = \"127.0.0.1\"\nport = " + relay.port()
                        + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@localhost>\"\n");
        int before = relay.received.size();
        String cmd = "env HOME=" + dir + " XDG_STATE_HOME=" + dir.resolve("state") + " XDG_CONFIG_HOME=" + dir.resolve("cfg")
                + " GNUPGHOME=" + keys.home + " EDITOR=" + dir.resolve("editor.sh") + " " + PosternProcess.launcherJava()
                + " -jar " + PosternProcess.jar() + " --config " + config + "; echo EXIT=$?; sleep 60";
        Tmux tmux = Tmux.start("postern-crypto-" + protocol, 120, 30, cmd).poll(Duration.ofMillis(50));
        try {
            tmux.waitFor("the index", p -> p.contains(subject), Duration.ofSeconds(60));
            // The newest first: the S/MIME message is on top, the PGP one below it.
            if (protocol.equals("pgp")) tmux.keys("j");
            tmux.keys("Enter");
            String pager = tmux.waitFor("the decrypted text", p -> p.contains(text), Duration.ofSeconds(60));
            for (String line : inbox) assertTrue(pager.contains(line), "missing \"" + line + "\" in the pager:\n" + pager);
            assertTrue(pager.indexOf(inbox[0]) < pager.indexOf(text), "status lines above the text:\n" + pager);

            tmux.keys("r");
            // A reply to mail that came encrypted starts encrypted (pgp_reply_encrypt, hunt 34-B B6); E goes round
            // the three settings and back.
            tmux.waitFor("the review screen", p -> p.contains("sign: no, encrypt: yes") && p.contains("Original: came encrypted"),
                    Duration.ofSeconds(30));
            tmux.keys("S");
            tmux.waitFor("sign on", p -> p.contains("sign: yes, encrypt: yes"), Duration.ofSeconds(10));
            tmux.keys("E");
            tmux.waitFor("encrypt off", p -> p.contains("sign: yes, encrypt: no"), Duration.ofSeconds(10));
            tmux.keys("E");
            tmux.waitFor("encrypt if possible", p -> p.contains("encrypt: if every recipient has a key"), Duration.ofSeconds(10));
            tmux.keys("E");
            tmux.waitFor("encrypt on", p -> p.contains("sign: yes, encrypt: yes"), Duration.ofSeconds(10));
            tmux.keys("y");
            tmux.waitFor("sent", p -> p.contains("Sent to bob@localhost") && p.contains("copy in Sent"), Duration.ofSeconds(60));

            tmux.keys("q");
            tmux.waitFor("the index", p -> !p.contains(text) && p.contains(subject), Duration.ofSeconds(10));
            tmux.keys("c");
            tmux.waitFor("the folder prompt", p -> p.contains("Open folder:"), Duration.ofSeconds(10));
            tmux.keys("Sent", "Enter");
            tmux.waitFor("Sent", p -> p.contains("Re: " + subject), Duration.ofSeconds(30));
            tmux.keys("Enter");
            String copy = tmux.waitFor("the Sent copy decrypted", p -> p.contains("Behind the old mill."), Duration.ofSeconds(60));
            for (String line : sent) assertTrue(copy.contains(line), "missing \"" + line + "\" in the Sent copy:\n" + copy);
            tmux.keys("q");
            tmux.waitFor("the index", p -> !p.contains("Behind the old mill."), Duration.ofSeconds(10));
            tmux.keys("q");
            tmux.waitFor("EXIT=0", p -> p.contains("EXIT=0"), Duration.ofSeconds(30));
        } finally {
            tmux.close();
        }
        assertEquals(before + 1, relay.received.size(), "one message sent");
        SmtpToDovecot.Received r = relay.received.get(before);
        assertTrue(r.rcpts().contains("bob@localhost"), r.rcpts().toString());
        return new String(r.data(), StandardCharsets.US_ASCII);
    }
}
