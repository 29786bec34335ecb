package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonWriter} appends the runs of a string that need no escape in one go: the text written is the same as
 * when every character was looked at and appended alone (the reference below, as the writer was), for every
 * UTF-16 unit and for surrogates paired, lone and reversed.
 */
class JsonWriterTest {

    /** The writer's string escaping as it was: one character at a time. */
    private static String reference(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    boolean pair = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                            : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                            || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c
                            || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !pair) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Test
    void everyCharacterIsWrittenAsBefore() {
        for (int c = 0; c <= 0xffff; c++) {
            String alone = String.valueOf((char) c);
            String amid = "ab" + (char) c + "cd";
            assertEquals(reference(alone), JsonWriter.write(alone), "U+" + Integer.toHexString(c));
            assertEquals(reference(amid), JsonWriter.write(amid), "U+" + Integer.toHexString(c) + " amid text");
        }
    }

    @Test
    void surrogatesPairedLoneAndReversed() {
        for (String s : List.of("\ud83d\ude00", "x\ud83d\ude00y", "\ud83d", "\ude00", "\ude00\ud83d", "a\ud83dz\ude00",
                "\ud83d\ud83d\ude00", "end \ud83d", "\ude00 start", "\"\\\n\r\t\u0000\u202e\u2066\u200f", "")) {
            assertEquals(reference(s), JsonWriter.write(s), s.codePoints().mapToObj(Integer::toHexString).toList().toString());
        }
    }

    @Test
    void mapsAndListsAroundThem() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", "x\u202ey");
        m.put("n", java.util.Arrays.asList(1, null, true, "\""));
        assertEquals("{\"a\":\"x\\u202ey\",\"n\":[1,null,true,\"\\\"\"]}", JsonWriter.write(m));
    }
}
