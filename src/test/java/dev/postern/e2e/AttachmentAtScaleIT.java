package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large attachment of a message read text-first (hunt 38-A, A1; hunt 38-L, L4), end to end against Dovecot: saved
 * by a postern whose heap (64 MB) is smaller than the part (40 MB, 54 MB as base64 on the wire), which held the part
 * three times over before and ran out of memory; the file is the attachment byte for byte; a second save of it
 * downloads it no more (the part is kept decoded in the data directory).
 */
@Tag("e2e")
class AttachmentAtScaleIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static final int SIZE = 40 << 20;

    @TempDir Path home;

    private static byte[] message(byte[] big) {
        String boundary = "b-scale";
        ByteArrayOutputStream out = new ByteArrayOutputStream(big.length * 4 / 3 + 4096);
        out.writeBytes(("From: Bob <bob@example.org>\r\nTo: alice@localhost\r\nSubject: the big scan\r\n"
                + "Date: Mon, 7 Dec 2026 00:00:00 +0000\r\nMessage-ID: <scale@example.org>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nThe scan is attached.\r\n--" + boundary + "\r\n"
                + "Content-Type: application/octet-stream; name=\"scan.bin\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"scan.bin\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Base64.getMimeEncoder().encode(big));
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private Path config() throws Exception {
        return PosternConfig.write(home.resolve("config.toml"), home.resolve("data"), PosternConfig.dovecot(DOVECOT, "alice", 60));
    }

    /** {@code postern ARGS} in a JVM whose heap is at most {@code heap}. */
    private PosternProcess.Result postern(String heap, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(PosternProcess.javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xmx" + heap, "-jar", PosternProcess.jar().toString()));
        argv.addAll(List.of(PosternConfig.argv(config(), args)));
        return PosternProcess.command(argv.toArray(String[]::new))
                .env("HOME", home.toString()).env("XDG_STATE_HOME", home.resolve("state").toString())
                .timeout(Duration.ofMinutes(3)).run().assertNoStackTrace();
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return d.digest();
    }

    @Test
    void aPartLargerThanTheHeapIsSavedWholeAndASecondSaveDownloadsNothing() throws Exception {
        byte[] big = new byte[SIZE];
        new Random(38).nextBytes(big);
        byte[] want = MessageDigest.getInstance("SHA-256").digest(big);
        DOVECOT.deliver("alice", "INBOX", message(big));
        big = null;

        PosternProcess.Result listed = postern("256m", "read", "--preview", "1").assertExitCode(0);
        assertTrue(listed.stdout().contains("[1] scan.bin") && listed.stdout().contains("(not downloaded)"), listed.describe());

        Path first = Files.createDirectory(home.resolve("first"));
        PosternProcess.Result saved = postern("64m", "attachment", "save", "INBOX", "1", "1", "--out", first.toString());
        saved.assertExitCode(0);
        Path file = first.resolve("scan.bin");
        assertEquals(SIZE, Files.size(file), saved.describe());
        assertArrayEquals(want, sha256(file), "the saved file is the attachment, byte for byte");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        // The part was kept: saved again (another process), it does not cross the wire again.
        Path second = Files.createDirectory(home.resolve("second"));
        List<SessionBytes> before = DOVECOT.sessionBytes();
        postern("64m", "attachment", "save", "INBOX", "1", "1", "--out", second.toString()).assertExitCode(0);
        long bytes = DOVECOT.imapBytesOutSince("alice", before);
        assertArrayEquals(want, sha256(second.resolve("scan.bin")));
        assertTrue(bytes < 1_000_000, "the second save moved " + bytes + " bytes from the server");
    }

    /**
     * Hunt 38-A, A4, against Dovecot's structure: a message read text-first lists a forwarded message's own attachments
     * after it, and no text/calendar it shows, as it does once stored; attachment 2 is the forwarded PDF either way,
     * fetched alone by its section inside the forwarded message.
     */
    @Test
    void attachmentsAreNumberedAlikeFromTheServersStructureAndFromTheStoredBytes() throws Exception {
        String raw = dev.postern.cli.ThinNumberingCliTest.message();
        DOVECOT.deliver("bob", "INBOX", raw.getBytes(StandardCharsets.ISO_8859_1));
        Path cfg = PosternConfig.write(home.resolve("small.toml"), home.resolve("data2"), PosternConfig.dovecot(DOVECOT, "bob", 60)
                + "fetch_whole_below = 1000\n");
        java.util.function.Function<String[], PosternProcess.Result> run = args -> PosternProcess.withConfig(home, cfg, args)
                .timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
        String uid = "1"; // bob's only message
        PosternProcess.Result thin = run.apply(new String[] {"read", "--preview", uid}).assertExitCode(0);
        assertTrue(thin.stdout().contains("(not downloaded)") && thin.stdout().contains("Original words."), thin.describe());
        Path before = Files.createDirectory(home.resolve("before"));
        run.apply(new String[] {"attachment", "save", "INBOX", uid, "2", "--out", before.toString()}).assertExitCode(0);
        assertArrayEquals(dev.postern.cli.ThinNumberingCliTest.INNER, Files.readAllBytes(before.resolve("inner.pdf")));

        run.apply(new String[] {"read", "--raw", uid}).assertExitCode(0); // stored whole
        PosternProcess.Result whole = run.apply(new String[] {"read", "--preview", uid}).assertExitCode(0);
        List<String> after = dev.postern.cli.ThinNumberingCliTest.listed(whole.stdout());
        assertEquals(List.of("1 (no name) message/rfc822", "2 inner.pdf application/pdf", "3 report.bin application/octet-stream"),
                after, whole.describe());
        assertEquals(after, dev.postern.cli.ThinNumberingCliTest.listed(thin.stdout()), thin.describe());
    }
}
