package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TransferDecoding#decode(InputStream, String, java.io.OutputStream)}, what saves a large part as it arrives
 * (hunt 38-A, A1), gives exactly the bytes the whole-array decoder gives, however the input is cut into reads: base64
 * with garbage, padding in the middle and no line ends; quoted-printable with escapes, soft breaks, trailing blanks and
 * broken escapes falling across reads, and a line longer than the decoder holds at once.
 */
class StreamingDecodeTest {
    /** Hands out {@code data} in reads of 1 to {@code max} bytes. */
    private static InputStream chopped(byte[] data, int max, long seed) {
        Random r = new Random(seed);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(max)));
            }
        };
    }

    private static void same(byte[] encoded, String cte) throws IOException {
        same(encoded, cte, 1, 3, 7, 100, 70_000);
    }

    private static void same(byte[] encoded, String cte, int... reads) throws IOException {
        byte[] whole = TransferDecoding.decode(encoded, cte);
        for (int max : reads) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n = TransferDecoding.decode(chopped(encoded, max, max), cte, out);
            assertArrayEquals(whole, out.toByteArray(), cte + " in reads of up to " + max);
            assertEquals(whole.length, n);
        }
    }

    @Test
    void base64GivesTheWholeDecodersBytesHoweverItIsRead() throws IOException {
        byte[] data = new byte[200_003];
        new Random(1).nextBytes(data);
        String b64 = java.util.Base64.getMimeEncoder().encodeToString(data);
        same(b64.getBytes(StandardCharsets.US_ASCII), "base64");
        same(("QUJD=REVG*!\r\n" + b64.substring(0, 5000) + "==junk" + b64.substring(5000, 9000)).getBytes(StandardCharsets.US_ASCII),
                " Base64 ");
        same(java.util.Base64.getEncoder().encode(data), "base64"); // one line, no line ends
    }

    @Test
    void quotedPrintableGivesTheWholeDecodersBytesHoweverItIsRead() throws IOException {
        StringBuilder qp = new StringBuilder();
        Random r = new Random(2);
        String[] tokens = {"=41", "=c3=a9", "=\r\n", "= \t\r\n", "=\n", "abc", " ", "\t", "  \r\n", "=4", "=zz", "=", "\r\n", "\n",
                "x=", "=3D", "plain text "};
        for (int i = 0; i < 40_000; i++) qp.append(tokens[r.nextInt(tokens.length)]);
        same(qp.toString().getBytes(StandardCharsets.ISO_8859_1), "quoted-printable");
        same((qp + "trailing =").getBytes(StandardCharsets.ISO_8859_1), "quoted-printable");
        // A line of 3 MB without an end: decoded in pieces, cut where no escape or blank run is split.
        StringBuilder longLine = new StringBuilder();
        while (longLine.length() < 3 << 20) longLine.append(r.nextBoolean() ? "=41" : "=c3=a9").append("ab  =20 \t=");
        same(longLine.toString().getBytes(StandardCharsets.ISO_8859_1), "quoted-printable", 5, 70_000);
    }

    @Test
    void anotherEncodingPassesThrough() throws IOException {
        same("line one\r\n=41 stays\r\n".getBytes(StandardCharsets.US_ASCII), "8bit");
        same(new byte[0], null);
    }
}
