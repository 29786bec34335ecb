package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Names in an ENVELOPE's addresses decode as a message's own headers do (render/Rfc2047, with postern's charset table),
 * not by Angus, whose decoder asked the JDK for the charset at every address and never remembered a miss: 2,000
 * addresses in unknown charsets cost seconds of a listing (hunt 34-E, left by E8).
 */
class EnvelopeNamesTest {
    private static FetchLine.Address address(String encodedName, String addr) {
        FetchLine.Address a = new FetchLine.Address();
        a.encoded(encodedName);
        a.address(addr);
        return a;
    }

    @Test
    void namesDecodeAsHeadersDo() {
        assertEquals("Jürgen <j@example.org>", ImapMapper.address(address("=?UTF-8?Q?J=C3=BCrgen?=", "j@example.org")));
        assertEquals("Zoë Ann <z@example.org>", ImapMapper.address(address("=?iso-8859-1?Q?Zo=EB?= Ann", "z@example.org")));
        assertEquals("plain <p@example.org>", ImapMapper.address(address("plain", "p@example.org")));
        assertEquals("p@example.org", ImapMapper.address(address(null, "p@example.org")));
    }

    @Test
    void tenThousandNamesInUnknownCharsetsAreQuick() {
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            String shown = ImapMapper.address(address("=?x-unknown-" + i + "?Q?a?=", "a" + i + "@b"));
            // Its text, as `read` shows the message's own From (Angus left the encoded word as it came).
            assertEquals("a <a" + i + "@b>", shown);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 5_000, ms + " ms for 10,000 names (Angus's decoder took about 2 ms a name)");
    }
}
