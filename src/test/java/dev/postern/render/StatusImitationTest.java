package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** hunt34-B B3: message text that only looks like "[postern]" (look-alike letters and brackets) is marked too. */
class StatusImitationTest {
    private static final String GOOD = " PGP GOOD signature from Bob <bob@localhost>, key 990D, validity ultimate";

    @Test
    void lookAlikesOfThePrefixAreMarked() {
        for (String fake : List.of("[postern]", "[post\u0435rn]", "\uFF3Bpostern\uFF3D", "[\u0440\u043E\u0455t\u0435rn]",
                "  [POSTERN]", "\t[postern]", "[p\u03BFstern]", "\u3010postern\u3011", "[\uFF50\uFF4Fstern]", "[ postern ]",
                "[post\u0301ern]", "\u00A0[postern]")) {
            assertTrue(StatusImitation.at(fake + GOOD, 0), fake);
            assertEquals("(message text) " + fake + GOOD, BodyBuilder.defang(fake + GOOD), fake);
        }
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        for (String text : List.of("[post] x", "[posters] x", "postern x", "[1] https://example.org", "see [postern",
                "Re: [postern] PGP", "[\u65E5\u672C\u8A9E\u65E5\u672C\u8A9E\u65E5] x")) {
            assertFalse(StatusImitation.at(text, 0), text);
            assertEquals(text, BodyBuilder.defang(text));
        }
    }

    @Test
    void everyKindOfLineBreakStartsALineThatIsChecked() {
        for (String br : List.of("\n", "\r", "\u000B", "\f", "\u0085", "\u2028", "\u2029")) {
            assertEquals("pay now" + br + "(message text) [postern]" + GOOD, BodyBuilder.defang("pay now" + br + "[postern]" + GOOD),
                    Integer.toHexString(br.charAt(0)));
        }
    }
}
