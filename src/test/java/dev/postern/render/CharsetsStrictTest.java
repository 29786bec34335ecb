package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Charsets#strict} answers as the JDK's decoder does with errors reported (the text, or null where
 * it threw), for every kind of byte string mail brings: valid and broken UTF-8, Latin-1, Japanese and
 * Chinese multi-byte text, cut in the middle of a character.
 */
class CharsetsStrictTest {
    private static String reference(byte[] b, int off, int len, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Test
    void answersAsTheDecoderThatThrows() {
        Random random = new Random(5);
        List<Charset> charsets = List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, Charsets.WINDOWS_1252,
                Charset.forName("Shift_JIS"), Charset.forName("ISO-2022-JP"), Charset.forName("GB18030"),
                StandardCharsets.UTF_16LE, StandardCharsets.US_ASCII);
        String[] texts = {"Grüße aus Köln", "日本語のメール", "Ελληνικά", "emoji \uD83D\uDCE7 mail", "plain ascii", "中文邮件主题"};
        int nulls = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] b;
            switch (round % 4) {
                case 0 -> {
                    b = new byte[random.nextInt(40)];
                    random.nextBytes(b);
                }
                case 1 -> b = texts[random.nextInt(texts.length)].getBytes(charsets.get(random.nextInt(charsets.size())));
                case 2 -> {
                    byte[] whole = texts[random.nextInt(texts.length)].getBytes(StandardCharsets.UTF_8);
                    b = java.util.Arrays.copyOf(whole, random.nextInt(whole.length + 1)); // cut anywhere
                }
                default -> {
                    b = texts[random.nextInt(texts.length)].repeat(1 + random.nextInt(30)).getBytes(StandardCharsets.UTF_8);
                    if (b.length > 0 && random.nextBoolean()) b[random.nextInt(b.length)] = (byte) (0x80 | random.nextInt(0x80));
                }
            }
            int off = b.length == 0 ? 0 : random.nextInt(Math.min(3, b.length) + 1);
            int len = b.length - off;
            for (Charset cs : charsets) {
                String expected = reference(b, off, len, cs);
                if (expected == null) nulls++;
                assertEquals(expected, Charsets.strict(b, off, len, cs), cs + " " + java.util.HexFormat.of().formatHex(b, off, off + len));
            }
        }
        assertEquals(true, nulls > 10_000, "invalid texts were tried: " + nulls);
        assertNull(Charsets.strict(new byte[] {(byte) 0xC3}, 0, 1, StandardCharsets.UTF_8), "a character cut at its end is invalid");
        assertEquals("ü", Charsets.strict(new byte[] {(byte) 0xC3, (byte) 0xBC}, 0, 2, StandardCharsets.UTF_8));
    }
}
