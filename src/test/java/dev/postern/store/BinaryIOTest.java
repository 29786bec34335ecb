package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The store's string form: the same bytes whichever way {@link BinaryIO#encodeString} takes, and back again. */
class BinaryIOTest {
    /** The char-by-char form the store has always written (a surrogate alone, 3 bytes each). */
    private static byte[] reference(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
        return out.toByteArray();
    }

    @Test
    void everyKindOfTextIsWrittenAsBeforeAndReadBack() throws Exception {
        String[] parts = {"a", "Z", "7", " ", "?", "\u00e9", "\u00ff", "\u2013", "\u6771", "\ud83d\ude00", "\ud800", "\udfff",
                "\u0000", "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff", "=?utf-8?B?", "\r\n"};
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(12);
            for (int j = 0; j < n; j++) b.append(parts[r.nextInt(parts.length)]);
            String s = b.toString();
            byte[] bytes = BinaryIO.encodeString(s);
            assertArrayEquals(reference(s), bytes, s);
            assertEquals(s, BinaryIO.decodeString(bytes));
        }
    }
}
