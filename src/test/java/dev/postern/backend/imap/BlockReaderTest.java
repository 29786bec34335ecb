package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ResponseInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockReader} in Angus's answer reader: the answers read are byte for byte those Angus's own reader reads from
 * the same connection, however the connection cuts its bytes up; what is buffered counts as available (Angus's
 * {@code hasResponse}); a failed read comes through; and the swap itself still takes (it fails if an Angus upgrade
 * renames the field, so the slower reader is noticed, not silently kept).
 */
class BlockReaderTest {

    /** A connection that hands out its bytes in pieces of 1..maxPiece, as a socket may. */
    private static final class Pieces extends InputStream {
        private final byte[] data;
        private final Random random;
        private final int maxPiece;
        private int at;

        Pieces(byte[] data, long seed, int maxPiece) {
            this.data = data;
            this.random = new Random(seed);
            this.maxPiece = maxPiece;
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (at >= data.length) return -1;
            int n = Math.min(Math.min(len, 1 + random.nextInt(maxPiece)), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public int available() {
            return 0; // as a TLS socket may say while bytes are on their way
        }
    }

    private static byte[] conversation() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("* OK [CAPABILITY IMAP4rev1] ready\r\n".getBytes(StandardCharsets.US_ASCII));
        Random r = new Random(7);
        for (int i = 1; i <= 300; i++) {
            byte[] literal = new byte[i % 50 == 0 ? BlockReader.SIZE * 3 + i : r.nextInt(400)];
            r.nextBytes(literal); // any octet, CR, LF and NUL among them, as a literal may hold
            out.writeBytes(("* " + i + " FETCH (UID " + i + " BODY[HEADER.FIELDS (References)] {" + literal.length + "}\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(literal);
            out.writeBytes((" FLAGS (\\Seen) ENVELOPE (NIL \"s\\r" + i + "\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (i % 37 == 0) out.writeBytes("* 5 EXISTS\r\n{0}\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("A1 OK done\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("* BYE cut off in the mid".getBytes(StandardCharsets.US_ASCII)); // no CRLF: the link dropped
        return out.toByteArray();
    }

    private static List<byte[]> answers(ResponseInputStream in) {
        List<byte[]> out = new ArrayList<>();
        while (true) {
            try {
                ByteArray a = in.readResponse(null);
                out.add(Arrays.copyOfRange(a.getBytes(), a.getStart(), a.getStart() + a.getCount()));
            } catch (IOException e) {
                out.add(("failed: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
                return out;
            }
        }
    }

    @Test
    void answersAreAngusOwnWhateverPiecesTheConnectionGives() {
        assertTrue(BlockReader.usable(), "Angus's ResponseInputStream.bin and Protocol.traceInput are where the swap expects them");
        byte[] data = conversation();
        List<byte[]> angus = answers(new ResponseInputStream(new Pieces(data, 1, 3000)));
        assertTrue(angus.size() > 300, "the conversation reads as answers: " + angus.size());
        for (int maxPiece : new int[] {1, 7, 512, 4096, BlockReader.SIZE, BlockReader.SIZE * 4}) {
            for (long seed = 1; seed <= 3; seed++) {
                Pieces connection = new Pieces(data, seed, maxPiece);
                ResponseInputStream r = new ResponseInputStream(connection);
                assertTrue(BlockReader.install(r, connection), "Angus's reader takes the block reader (field bin)");
                assertTrue(BlockReader.installed(r));
                List<byte[]> ours = answers(r);
                assertEquals(angus.size(), ours.size(), "pieces of up to " + maxPiece);
                for (int i = 0; i < angus.size(); i++) {
                    assertArrayEquals(angus.get(i), ours.get(i), "answer " + i + ", pieces of up to " + maxPiece);
                }
            }
        }
    }

    @Test
    void bufferedAnswersCountAsAvailable() throws IOException {
        byte[] two = "* 1 EXISTS\r\n* 2 EXISTS\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream connection = new java.io.ByteArrayInputStream(two); // both in one read
        ResponseInputStream r = new ResponseInputStream(connection);
        assertTrue(BlockReader.install(r, connection));
        r.readResponse(null);
        assertEquals(12, r.available(), "the second answer, already read from the connection, is available");
        r.readResponse(null);
        assertEquals(0, r.available());
    }

    /**
     * A source that says a byte is available while it has none to give (as {@code InflaterInputStream} after COMPRESS
     * does until its end): the answer that came is read with no further read of the connection, which would wait for
     * the server's next answer. Reading through a {@code BufferedInputStream}'s block read did, and every sync against
     * a COMPRESS server waited out its time-out.
     */
    @Test
    void anAnswerIsReadWithoutWaitingForMoreWhenTheSourceClaimsMore() throws IOException {
        byte[] data = "* 1 EXISTS\r\n* 2 FETCH (UID 9 BODY[] {3}\r\nabc)\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream inflating = new InputStream() {
            int at;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= data.length) throw new AssertionError("read past the answers that came: this would wait");
                int n = Math.min(Math.min(len, 20), data.length - at);
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }

            @Override
            public int available() {
                return 1;
            }
        };
        ResponseInputStream r = new ResponseInputStream(inflating);
        assertTrue(BlockReader.install(r, inflating));
        ByteArray first = r.readResponse(null);
        assertEquals("* 1 EXISTS\r\n", new String(first.getBytes(), first.getStart(), first.getCount(), StandardCharsets.US_ASCII));
        ByteArray second = r.readResponse(null);
        assertEquals("* 2 FETCH (UID 9 BODY[] {3}\r\nabc)\r\n",
                new String(second.getBytes(), second.getStart(), second.getCount(), StandardCharsets.US_ASCII));
    }

    @Test
    void aTimeOutComesThroughAndTheNextReadGoesOn() throws IOException {
        byte[] data = "* 1 EXISTS\r\n".getBytes(StandardCharsets.US_ASCII);
        int[] calls = {0};
        InputStream slow = new InputStream() {
            int at;

            @Override
            public int read() {
                throw new AssertionError("read a byte at a time");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (calls[0]++ == 0) throw new SocketTimeoutException("Read timed out");
                if (at >= data.length) return -1;
                int n = Math.min(len, data.length - at);
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
        ResponseInputStream r = new ResponseInputStream(slow);
        assertTrue(BlockReader.install(r, slow));
        assertThrows(SocketTimeoutException.class, () -> r.readResponse(null));
        ByteArray a = r.readResponse(null);
        assertEquals("* 1 EXISTS\r\n", new String(a.getBytes(), a.getStart(), a.getCount(), StandardCharsets.US_ASCII));
    }
}
