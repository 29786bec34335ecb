package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A cached message with a big attachment is rendered, and its attachments listed, without decoding the attachment:
 * its size is counted in place. Hunt 30-L: a 53 MB message (37 MB attachment) took 259 MB to `read --preview`, the
 * renderer making a copy of the encoded part (50 MB), a decoding buffer (37 MB) and its trimmed copy (37 MB) only to
 * print "37.0M". Checked by the bytes the rendering thread allocates, not by time.
 */
class BigAttachmentMemoryTest {
    private static final int DECODED = 4 << 20;
    private static final byte[] ATTACHMENT = attachment();
    private static final byte[] MESSAGE = message(ATTACHMENT);

    private static byte[] attachment() {
        byte[] b = new byte[DECODED];
        new Random(30).nextBytes(b);
        return b;
    }

    private static byte[] message(byte[] attachment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(attachment.length * 4 / 3 + 4096);
        out.writeBytes(("From: big@example.org\r\nTo: b@example.org\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nbig one\r\n"
                + "--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=big.bin\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Base64.getMimeEncoder().encode(attachment));
        out.writeBytes("\r\n--B--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(
                Thread.currentThread().getId());
    }

    @Test
    void renderingListsTheAttachmentByItsExactSizeWithoutDecodingIt() {
        new MessageRenderer().render(MESSAGE); // classes loaded, nothing of them counted below
        long before = allocated();
        RenderedMessage m = new MessageRenderer().render(MESSAGE);
        long used = allocated() - before;

        assertEquals(DECODED, m.parts().get(0).size());
        assertTrue(m.body().contains("big one"), m.body());
        // Before: about 3.4 times the attachment (the encoded copy, the buffer, the trimmed array).
        assertTrue(used < MESSAGE.length / 10, "rendering a " + MESSAGE.length + "-byte message allocated " + used + " bytes");
    }

    @Test
    void listingAttachmentsDecodesOnlyTheOneAskedForAndOnlyOnce() {
        Attachments.of(MESSAGE).get(0).part(); // classes loaded, nothing of them counted below
        long before = allocated();
        List<Attachments.Attachment> listed = Attachments.of(MESSAGE);
        long listing = allocated() - before;
        assertEquals(DECODED, listed.get(0).part().size());
        assertTrue(listing < MESSAGE.length / 10, "listing allocated " + listing + " bytes");

        before = allocated();
        byte[] content = listed.get(0).content();
        long decoding = allocated() - before;
        assertArrayEquals(ATTACHMENT, content);
        assertTrue(decoding < DECODED + DECODED / 10, "decoding an " + DECODED + "-byte attachment allocated " + decoding);
        assertTrue(content == listed.get(0).content(), "decoded once, then kept");
    }

    @Test
    void askingWhetherABigMessageIsSignedMakesNoCopyOfIt() {
        MessageRenderer.needsWholeMessage(new byte[64]);
        long before = allocated();
        boolean signed = MessageRenderer.needsWholeMessage(MESSAGE);
        long used = allocated() - before;
        assertEquals(false, signed);
        assertTrue(used < 1 << 20, "allocated " + used);
        assertTrue(MessageRenderer.needsWholeMessage("Content-Type: Multipart/SIGNED; x".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(MessageRenderer.needsWholeMessage("content-type: application/PKCS7-mime".getBytes(StandardCharsets.US_ASCII)));
    }
}
