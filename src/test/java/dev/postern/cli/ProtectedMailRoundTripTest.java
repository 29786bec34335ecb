package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import dev.postern.crypto.GpgKeys;
import dev.postern.crypto.GpgProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * postern signs and encrypts (PGP/MIME through gpg, S/MIME through gpgsm) → GreenMail's SMTP → the recipient's
 * inbox and the sender's Sent folder; gpg, openssl and postern itself read what arrived.
 */
class ProtectedMailRoundTripTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    static GpgKeys keys;
    @TempDir Path dir;
    private GreenMailUser alice;
    private Path config;
    private Path body;

    @BeforeAll
    static void keys() {
        keys = GpgKeys.get();
    }

    @BeforeEach
    void setUp() throws Exception {
        alice = greenMail.setUser("alice@example.org", "alice", "secret");
        greenMail.setUser("bob@example.org", "bob", "bob");
        greenMail.setUser("carol@example.org", "carol", "carol");
        greenMail.setUser("dave@example.org", "dave", "dave");
        config = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"Alice <alice@example.org>\"\n");
        body = dir.resolve("body.txt");
        Files.writeString(body, "The launch code is 0000.\nFrom now on, trailing space here: \n");
    }

    private Result run(String... args) {
        return CliRun.run(dir, config, keys.env(), args);
    }

    private MailFolder inbox(String email) throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(greenMail.getManagers().getUserManager().getUserByEmail(email));
    }

    private String arrivedAtBob() throws Exception {
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        return GreenMailUtil.getWholeMessage(inbox("bob@example.org").getMessages().get(0).getMimeMessage());
    }

    @Test
    void signedAndEncryptedPgpMimeIsReadableByBobWithGpgAndByAliceInSent() throws Exception {
        Result sent = run("send", "--to", "bob@example.org", "--subject", "plans", "--file", body.toString(), "--sign", "--encrypt");
        assertEquals(0, sent.code(), sent.err());
        String raw = arrivedAtBob();
        assertTrue(raw.contains("multipart/encrypted"), raw);
        assertFalse(raw.contains("launch code"), "plaintext on the wire: " + raw);

        // Bob's gpg decrypts it and finds Alice's good signature.
        String armor = armor(raw, "-----BEGIN PGP MESSAGE-----", "-----END PGP MESSAGE-----");
        GpgProcess.Result dec = GpgKeys.gpg(keys.home, armor.getBytes(StandardCharsets.US_ASCII), "--decrypt");
        assertEquals(0, dec.exit(), dec.log().toString());
        assertTrue(dec.has("GOODSIG"), dec.status().toString());
        assertTrue(new String(dec.out(), StandardCharsets.UTF_8).contains("The launch code is 0000."));

        // Alice's Sent copy: encrypted to her too, so postern reads it.
        Result read = run("read", "Sent", "1", "--json");
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().contains("\"signature\":{\"status\":\"good\",\"signer\":\"Alice <alice@example.org>\",\"key\":\""
                + keys.aliceFpr + "\""), read.out());
        assertTrue(read.out().contains("\"encrypted\":{\"to\":["), read.out());
        assertTrue(read.out().contains("\"decrypted\":true"), read.out());
        assertTrue(read.out().contains("Alice <alice@example.org>)") && read.out().contains("Bob <bob@example.org>)"), read.out());
        assertTrue(read.out().contains("The launch code is 0000."), read.out());

        Result text = run("read", "Sent", "1");
        assertTrue(text.out().contains("[postern] PGP encrypted to "), text.out());
        assertTrue(text.out().contains("[postern] PGP GOOD signature from Alice <alice@example.org>"), text.out());

        // Read twice, and the plaintext is in no file of the data directory (store, text cache, logs).
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(body)).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("launch code"), f.toString());
            }
        }
    }

    @Test
    void signedPgpMimeVerifiesWithGpgOverTheBytesThatArrived() throws Exception {
        Result sent = run("send", "--to", "bob@example.org", "--subject", "signed", "--file", body.toString(), "--sign");
        assertEquals(0, sent.code(), sent.err());
        String raw = arrivedAtBob();
        Matcher b = Pattern.compile("boundary=\"([^\"]+)\"").matcher(raw);
        assertTrue(b.find(), raw);
        assertTrue(raw.contains("micalg=pgp-sha"), raw);
        String delim = "--" + b.group(1);
        int start = raw.indexOf(delim + "\r\n") + delim.length() + 2;
        int end = raw.indexOf("\r\n" + delim, start);
        byte[] signed = raw.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
        Path sig = dir.resolve("sig.asc");
        Files.writeString(sig, armor(raw, "-----BEGIN PGP SIGNATURE-----", "-----END PGP SIGNATURE-----"));
        GpgProcess.Result v = GpgKeys.gpg(keys.home, signed, "--verify", sig.toString(), "-");
        assertTrue(v.has("GOODSIG") && v.has("VALIDSIG"), v.status() + " " + v.log());

        Result read = run("read", "Sent", "1", "--json");
        assertTrue(read.out().contains("\"signature\":{\"status\":\"good\""), read.out());
        assertTrue(read.out().contains("\"encrypted\":null"), read.out());
    }

    @Test
    void encryptingToARecipientWithoutAKeySaysWhoAndSendsNothing() throws Exception {
        Result r = run("send", "--to", "bob@example.org,carol@example.org", "--subject", "x", "--file", body.toString(), "--encrypt");
        assertEquals(65, r.code(), r.err());
        assertTrue(r.err().contains("no usable OpenPGP key for carol@example.org"), r.err());
        assertFalse(r.err().contains("bob@example.org"), r.err());
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void ifPossibleFromTheConfigSendsSignedWhenAKeyIsMissingAndSaysSo() throws Exception {
        Files.writeString(config, Files.readString(config).replace("[accounts.test.smtp]",
                "pgp_sign = true\npgp_encrypt = \"if-possible\"\n\n[accounts.test.smtp]"));
        Result r = run("send", "--to", "carol@example.org", "--subject", "x", "--file", body.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("not encrypted: no usable OpenPGP key for carol@example.org"), r.err());
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        String raw = GreenMailUtil.getWholeMessage(inbox("carol@example.org").getMessages().get(0).getMimeMessage());
        assertTrue(raw.contains("multipart/signed"), raw);
    }

    @Test
    void anIdentitysOwnDefaultsSignAndEncryptWithoutOptions() throws Exception {
        Files.writeString(config, Files.readString(config) + "\n[[accounts.test.identities]]\nname = \"Alice\"\n"
                + "address = \"alice@example.org\"\npgp_sign = true\npgp_encrypt = \"if-possible\"\n");
        Result r = run("send", "--to", "bob@example.org", "--subject", "by default", "--file", body.toString());
        assertEquals(0, r.code(), r.err());
        String raw = arrivedAtBob();
        assertTrue(raw.contains("multipart/encrypted"), raw);
        GpgProcess.Result dec = GpgKeys.gpg(keys.home, armor(raw, "-----BEGIN PGP MESSAGE-----", "-----END PGP MESSAGE-----")
                .getBytes(StandardCharsets.US_ASCII), "--decrypt");
        assertTrue(dec.has("DECRYPTION_OKAY") && dec.has("GOODSIG"), dec.status().toString());
        // --no-sign and --no-encrypt still win over the identity's defaults.
        greenMail.purgeEmailFromAllMailboxes();
        Result plain = run("send", "--to", "bob@example.org", "--subject", "plain", "--file", body.toString(), "--no-sign", "--no-encrypt");
        assertEquals(0, plain.code(), plain.err());
        String raw2 = arrivedAtBob();
        assertTrue(raw2.contains("The launch code is 0000.") && !raw2.contains("multipart/"), raw2);
    }

    @Test
    void smimeSignedAndEncryptedThroughGpgsmIsReadByOpensslAndByPostern() throws Exception {
        Result sent = run("send", "--to", "bob@example.org", "--subject", "smime", "--file", body.toString(), "--sign",
                "--encrypt", "--smime");
        assertEquals(0, sent.code(), sent.err());
        String raw = arrivedAtBob();
        assertTrue(raw.contains("application/pkcs7-mime; smime-type=enveloped-data"), raw);
        assertFalse(raw.contains("launch code"), raw);
        // Bob's openssl decrypts with his own certificate and key, then checks Alice's signature against the test CA.
        String b64 = raw.substring(raw.indexOf("\r\n\r\n") + 4).strip();
        byte[] der = Base64.getMimeDecoder().decode(b64);
        byte[] inner = GpgKeys.openssl(der, "smime", "-decrypt", "-inform", "DER", "-recip", keys.bobCert.toString(),
                "-inkey", keys.bobKey.toString());
        byte[] content = GpgKeys.openssl(inner, "smime", "-verify", "-CAfile", keys.caPem.toString());
        assertTrue(new String(content, StandardCharsets.UTF_8).contains("The launch code is 0000."));

        Result read = run("read", "Sent", "1", "--json");
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().contains("\"protocol\":\"smime\""), read.out());
        assertTrue(read.out().contains("\"decrypted\":true"), read.out());
        assertTrue(read.out().contains("\"status\":\"good\""), read.out());
        assertTrue(read.out().contains("The launch code is 0000."), read.out());
    }

    private String arrivedAt(String email) throws Exception {
        return GreenMailUtil.getWholeMessage(inbox(email).getMessages().get(0).getMimeMessage());
    }

    private static java.util.List<String> encTo(GpgProcess.Result r) {
        return r.status().stream().filter(l -> l.startsWith("ENC_TO ")).map(l -> l.split(" ")[1]).toList();
    }

    @Test
    void anAttachmentInsideAnEncryptedMessageIsListedSavedAndShownButKeptInClearNowhere() throws Exception {
        Path plan = dir.resolve("plan.csv");
        Files.writeString(plan, "door,code\nnorth,HIDDEN-4711\n");
        Result sent = run("send", "--to", "bob@example.org", "--subject", "attached", "--file", body.toString(),
                "--attach", plan.toString(), "--sign", "--encrypt");
        assertEquals(0, sent.code(), sent.err());

        Result read = run("read", "Sent", "1", "--json");
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().contains("plan.csv"), read.out());
        Path out = Files.createDirectory(dir.resolve("out"));
        Result all = run("attachment", "save", "Sent", "1", "--out", out.toString());
        assertEquals(0, all.code(), all.err());
        try (var saved = Files.list(out)) {
            Path f = saved.filter(p -> p.getFileName().toString().equals("plan.csv")).findFirst().orElseThrow(
                    () -> new AssertionError("plan.csv not saved: " + all.out()));
            // A text attachment travels in canonical (CRLF) form.
            assertEquals("door,code\nnorth,HIDDEN-4711\n", Files.readString(f).replace("\r\n", "\n"));
        }
        Matcher n = Pattern.compile("saved \\[(\\d+)\\] \\S*plan\\.csv").matcher(all.out());
        assertTrue(n.find(), all.out());
        Result show = run("attachment", "show", "Sent", "1", n.group(1));
        assertEquals(0, show.code(), show.err() + show.out());
        assertTrue(show.out().contains("HIDDEN-4711"), show.out());

        // Read, saved and shown: the attachment's text is in no file of the data directory (store, text cache, logs).
        try (var files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("HIDDEN-4711"), f.toString());
            }
        }
    }

    @Test
    void aPgpBccRecipientGetsACopyOfTheirOwnAndBobsCopyNamesNoThirdKey() throws Exception {
        Result sent = run("send", "--to", "bob@example.org", "--bcc", "dave@example.org", "--subject", "bcc",
                "--file", body.toString(), "--sign", "--encrypt");
        assertEquals(0, sent.code(), sent.err());
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        java.util.List<String> dave = GpgKeys.encryptionSubkeys(keys.home, keys.daveFpr);
        java.util.List<String> bob = GpgKeys.encryptionSubkeys(keys.home, keys.bobFpr);

        // Bob's copy is encrypted to Alice and Bob only: no Dave, and no hidden (all-zero) recipient that says someone was.
        GpgProcess.Result atBob = GpgKeys.gpg(keys.home, armor(arrivedAt("bob@example.org"), "-----BEGIN PGP MESSAGE-----",
                "-----END PGP MESSAGE-----").getBytes(StandardCharsets.US_ASCII), "--decrypt");
        assertTrue(atBob.has("DECRYPTION_OKAY") && atBob.has("GOODSIG"), atBob.status().toString());
        assertEquals(2, encTo(atBob).size(), atBob.status().toString());
        for (String id : encTo(atBob)) assertFalse(dave.contains(id) || id.matches("0+"), atBob.status().toString());

        // Dave's copy: encrypted to him (and Alice), signed, the same text; it names no Bcc header.
        String daveRaw = arrivedAt("dave@example.org");
        assertFalse(daveRaw.toLowerCase(java.util.Locale.ROOT).contains("bcc:"), daveRaw);
        GpgProcess.Result atDave = GpgKeys.gpg(keys.home, armor(daveRaw, "-----BEGIN PGP MESSAGE-----",
                "-----END PGP MESSAGE-----").getBytes(StandardCharsets.US_ASCII), "--decrypt");
        assertTrue(atDave.has("DECRYPTION_OKAY") && atDave.has("GOODSIG"), atDave.status().toString());
        assertTrue(encTo(atDave).stream().anyMatch(dave::contains), atDave.status().toString());
        assertTrue(encTo(atDave).stream().noneMatch(bob::contains), atDave.status().toString());
        assertTrue(new String(atDave.out(), StandardCharsets.UTF_8).contains("The launch code is 0000."));

        // One Sent copy (Bob's), readable by Alice.
        Result read = run("read", "Sent", "1");
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().contains("The launch code is 0000."), read.out());
        assertFalse(read.out().contains("dave"), read.out());
        assertTrue(run("read", "Sent", "2").code() != 0, "a second Sent copy was saved");
    }

    @Test
    void anEncryptedMessageWithBccIsNotQueuedWhenTheServerIsUnreachable() throws Exception {
        int closed = dev.postern.ClosedPort.take(); // refused, and no other fork's server can take it
        Files.writeString(config, Files.readString(config).replace("port = " + greenMail.getSmtp().getPort(), "port = " + closed));
        Result r = run("send", "--to", "bob@example.org", "--bcc", "dave@example.org", "--subject", "bcc",
                "--file", body.toString(), "--encrypt");
        assertEquals(75, r.code(), r.err());
        assertTrue(r.err().contains("NOT sent and not queued"), r.err());
        Result flush = run("send", "--flush");
        assertTrue(flush.out().contains("0 waiting"), flush.out() + flush.err());
        // Without Bcc the same message is queued as always.
        Result plain = run("send", "--to", "bob@example.org", "--subject", "no bcc", "--file", body.toString(), "--encrypt");
        assertEquals(75, plain.code(), plain.err());
        assertTrue(run("send", "--flush").out().contains("1 waiting"));
    }

    @Test
    void anSmimeBccRecipientGetsACopyOfTheirOwnThatBobsKeyCannotOpenAndViceVersa() throws Exception {
        Result sent = run("send", "--to", "bob@example.org", "--bcc", "dave@example.org", "--subject", "bcc",
                "--file", body.toString(), "--sign", "--encrypt", "--smime");
        assertEquals(0, sent.code(), sent.err());
        assertTrue(greenMail.waitForIncomingEmail(5000, 2));
        byte[] atBob = der(arrivedAt("bob@example.org"));
        byte[] atDave = der(arrivedAt("dave@example.org"));
        // Each copy opens with its own recipient's key, and the other's key is not among its recipients.
        GpgKeys.openssl(atBob, "smime", "-decrypt", "-inform", "DER", "-recip", keys.bobCert.toString(), "-inkey", keys.bobKey.toString());
        byte[] inner = GpgKeys.openssl(atDave, "smime", "-decrypt", "-inform", "DER", "-recip", keys.daveCert.toString(),
                "-inkey", keys.daveKey.toString());
        assertTrue(new String(GpgKeys.openssl(inner, "smime", "-verify", "-CAfile", keys.caPem.toString()), StandardCharsets.UTF_8)
                .contains("The launch code is 0000."));
        String bobRecipients = GpgKeys.openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", file(atBob));
        String daveSerial = serial(keys.daveCert);
        String bobSerial = serial(keys.bobCert);
        assertTrue(bobRecipients.contains(bobSerial), bobRecipients);
        assertFalse(bobRecipients.contains(daveSerial), "Dave's certificate is named in Bob's copy:\n" + bobRecipients);
        String daveRecipients = GpgKeys.openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", file(atDave));
        assertTrue(daveRecipients.contains(daveSerial) && !daveRecipients.contains(bobSerial), daveRecipients);
    }

    private static byte[] der(String raw) {
        return Base64.getMimeDecoder().decode(raw.substring(raw.indexOf("\r\n\r\n") + 4).strip());
    }

    private String file(byte[] b) throws Exception {
        Path f = Files.createTempFile(dir, "cms", ".der");
        Files.write(f, b);
        return f.toString();
    }

    /** The certificate's serial as `openssl cms -print` writes it ("0x" and upper-case hex). */
    private static String serial(Path cert) {
        String s = GpgKeys.openssl("x509", "-in", cert.toString(), "-noout", "-serial").strip();
        return "0x" + s.substring(s.indexOf('=') + 1).toUpperCase(java.util.Locale.ROOT);
    }

    @Test
    void replyTakesSignAndEncryptAndBobCanDecryptIt() throws Exception {
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()));
        m.setFrom("Bob <bob@example.org>");
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, "alice@example.org");
        m.setSubject("question");
        m.setText("Which door?");
        m.saveChanges();
        inbox("alice@example.org").appendMessage(m, new jakarta.mail.Flags(), new java.util.Date());
        Result r = run("reply", "INBOX", "1", "--body-file", body.toString(), "--sign", "--encrypt");
        assertEquals(0, r.code(), r.err());
        String raw = arrivedAtBob();
        assertTrue(raw.contains("Subject: Re: question"), raw);
        assertTrue(raw.contains("multipart/encrypted"), raw);
        GpgProcess.Result dec = GpgKeys.gpg(keys.home, armor(raw, "-----BEGIN PGP MESSAGE-----", "-----END PGP MESSAGE-----")
                .getBytes(StandardCharsets.US_ASCII), "--decrypt");
        assertTrue(dec.has("GOODSIG") && dec.has("DECRYPTION_OKAY"), dec.status().toString());
        String plain = new String(dec.out(), StandardCharsets.UTF_8);
        assertTrue(plain.contains("The launch code is 0000.") && plain.contains("> Which door?"), plain);
    }

    @Test
    void aLargeSignedMessageIsFetchedWholeSoItsSignatureCanBeChecked() throws Exception {
        Files.writeString(config, Files.readString(config).replace("[accounts.test.smtp]", "fetch_whole_below = 2000\n\n[accounts.test.smtp]"));
        String inner = "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\n"
                + "The figures are attached.\r\n--in\r\nContent-Type: application/octet-stream; name=data.bin\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(new byte[20_000])
                + "\r\n--in--\r\n";
        byte[] sig = GpgKeys.ok(GpgKeys.gpg(keys.home, inner.getBytes(StandardCharsets.US_ASCII), "--armor", "--local-user",
                "bob@example.org", "--detach-sign"), "sign");
        String raw = "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: figures\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/signed; boundary=\"b1\"; protocol=\"application/pgp-signature\"; micalg=pgp-sha256\r\n\r\n"
                + "--b1\r\n" + inner + "\r\n--b1\r\nContent-Type: application/pgp-signature\r\n\r\n"
                + new String(sig, StandardCharsets.US_ASCII) + "\r\n--b1--\r\n";
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        inbox("alice@example.org").appendMessage(m, new jakarta.mail.Flags(), new java.util.Date());
        Result read = run("read", "INBOX", "1");
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().contains("[postern] PGP GOOD signature from Bob <bob@example.org>"), read.out());
        assertTrue(read.out().contains("The figures are attached."), read.out());
    }

    private static String armor(String raw, String begin, String end) {
        int s = raw.indexOf(begin);
        int e = raw.indexOf(end, s);
        assertTrue(s >= 0 && e > s, raw);
        return raw.substring(s, e + end.length()) + "\n";
    }

    static Map<String, String> env() {
        return keys.env();
    }
}
