package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Charsets#lookup} asks Java once, not at every encoded-word: Java searched its charset providers (a
 * ServiceLoader over the class path) again for each name it did not know, 0.5-7 ms a name, so a Subject of 10,000
 * encoded-words in made-up charsets took 12.7 s to read (hunt 34-E, E8).
 */
class CharsetsLookupTest {
    @Test
    void manyUnknownNamesCostNoProviderSearchEach() {
        // 50,000 names, most of them different: at 0.5 ms each (an idle machine) 25 s before, a few ms now.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 50_000; i++) {
                assertNull(Charsets.lookup((i % 2 == 0 ? "x-p" : "x-made-up-") + i));
                assertNull(Charsets.lookup(i % 2 == 0 ? "x-p" : "x-q"));
            }
        });
        assertEquals("aba", Rfc2047.decode("=?x-p?Q?a?= =?x-q?Q?b?= =?x-p?Q?a?="));
    }

    @Test
    void knownNamesAnswerAsJavaDoesAfterAnUnknownOne() {
        assertNull(Charsets.lookup("x-no-such-charset"));
        assertNull(Charsets.lookup("not a legal name!"));
        for (String name : List.of("utf-8", "UTF-16LE", "koi8-r", "cp1252", "windows-1250", "iso_8859-15", "ISO-2022-JP",
                "Big5-HKSCS", "ibm850", "x-MacRoman", "euc-jp", "GB18030", "tis-620")) {
            assertEquals(Charset.forName(name), Charsets.lookup(name), name);
        }
        assertEquals(Charset.forName("x-windows-949"), Charsets.lookup("ks_c_5601-1987"));
        assertEquals(Charset.forName("GBK"), Charsets.lookup("gb2312"));
        assertEquals(Charset.forName("windows-31j"), Charsets.lookup("Shift_JIS"));
        assertEquals(StandardCharsets.US_ASCII, Charsets.lookup("us-ascii"));
        assertEquals(Utf7Charset.INSTANCE, Charsets.lookup("utf-7"));
    }

    /** IANA's Hebrew and Arabic labels that name the text's direction: read as windows-1252 before (hunt 39-I, I7). */
    @Test
    void hebrewAndArabicLabelsWithADirectionAreTheirCharsets() {
        for (String name : List.of("iso-8859-8-i", "ISO-8859-8-I", "iso-8859-8-e", "csISO88598I")) {
            assertEquals(Charset.forName("ISO-8859-8"), Charsets.lookup(name), name);
        }
        for (String name : List.of("iso-8859-6-i", "ISO-8859-6-E")) assertEquals(Charset.forName("ISO-8859-6"), Charsets.lookup(name), name);
        assertEquals("\u05e9\u05dc\u05d5\u05dd", Rfc2047.decode("=?iso-8859-8-i?B?+ezl7Q==?="));
    }
}
