package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** UTF-7 (RFC 2152) bodies and encoded-words, as Exchange and old Outlook label them, read as text. */
class Utf7CharsetTest {
    private static String utf7(String ascii) {
        return new String(ascii.getBytes(StandardCharsets.ISO_8859_1), Utf7Charset.INSTANCE);
    }

    @Test
    void theExamplesOfRfc2152() {
        assertEquals("A\u2262\u0391.", utf7("A+ImIDkQ."));
        assertEquals("Hi Mom -\u263A-!", utf7("Hi Mom -+Jjo--!"));
        assertEquals("\u65E5\u672C\u8A9E", utf7("+ZeVnLIqe-"));
        assertEquals("Item 3 is \u00A31.", utf7("Item 3 is +AKM-1."));
        assertEquals("1 + 1 = 2", utf7("1 +- 1 = 2"));
        assertEquals("\uD83D\uDE01!", utf7("+2D3eAQ-!")); // a surrogate pair in one run
    }

    @Test
    void badUtf7IsReadLenientlyNeverThrown() {
        assertEquals("a+ b", utf7("a+ b")); // a '+' that starts no run
        assertEquals("a", utf7("+AGE")); // a run the text ends in
        assertEquals("+", utf7("+"));
        assertEquals("\uFFFDx", utf7("+2D0-x")); // a high surrogate alone
        assertEquals("\uFFFD", utf7("+3gE-")); // a low surrogate alone
        assertEquals("a\uFFFDb", new String(new byte[] {'a', (byte) 0xFC, 'b'}, Utf7Charset.INSTANCE));
        assertEquals(null, Charsets.strict(new byte[] {'a', (byte) 0xFC}, 0, 2, Utf7Charset.INSTANCE));
    }

    @Test
    void theLabelsExchangeSendsAreFoundEverywhere() throws Exception {
        String body = "Gr+APwA3w-e aus K+APY-ln +IKw";
        for (String label : new String[] {"unicode-1-1-utf-7", "UTF-7", "utf7", "x-unicode-2-0-utf-7"}) {
            assertEquals("Gr\u00FC\u00DFe aus K\u00F6ln \u20AC", Charsets.decode(body.getBytes(StandardCharsets.US_ASCII), label), label);
            assertSame(Utf7Charset.INSTANCE, Charset.forName(label), label); // through the provider, as MimeUtility looks
        }
        String b = Base64.getEncoder().encodeToString("Gr+APwA3w-e".getBytes(StandardCharsets.US_ASCII));
        assertEquals("Gr\u00FC\u00DFe", Rfc2047.decode("=?unicode-1-1-utf-7?B?" + b + "?="));
        assertEquals("Gr\u00FC\u00DFe", Rfc2047.decode("=?utf-7?Q?Gr+APwA3w-e?="));
        assertEquals("Gr\u00FC\u00DFe", jakarta.mail.internet.MimeUtility.decodeText("=?utf-7?Q?Gr+APwA3w-e?="));
    }
}
