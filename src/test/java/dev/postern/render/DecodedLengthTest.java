package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A part's size counted in place (what the reader lists for an attachment it does not decode) is its decoded size. */
class DecodedLengthTest {
    @Test
    void theCountedSizeIsWhatDecodingMakesWhateverTheEncoding() {
        Random r = new Random(7);
        String[] encodings = {"base64", "quoted-printable", "7bit", null, "x-uuencode"};
        byte[] alphabet = "AZaz09+/=-_ \t\r\n=3D=\r\n=ZZ==!".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 2000; round++) {
            byte[] data = new byte[r.nextInt(200)];
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            int from = data.length == 0 ? 0 : r.nextInt(data.length);
            int to = from + (data.length == from ? 0 : r.nextInt(data.length - from + 1));
            String cte = encodings[r.nextInt(encodings.length)];
            byte[] whole = TransferDecoding.decode(java.util.Arrays.copyOfRange(data, from, to), cte);
            assertEquals(whole.length, TransferDecoding.decodedLength(data, from, to, cte), "round " + round + " " + cte);
            assertArrayEquals(whole, TransferDecoding.decode(data, from, to, cte), "round " + round + " " + cte);
        }
    }
}
