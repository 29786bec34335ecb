package dev.postern.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsATokenResponse() throws Exception {
        Map<String, Object> m = Json.object("{\"access_token\":\"a\\u00e9\\n\",\"expires_in\":3599,\"ok\":true,"
                + "\"none\":null,\"list\":[1,-2.5e3,\"x\"],\"o\":{}}");
        assertEquals("a\u00e9\n", m.get("access_token"));
        assertEquals(new BigDecimal("3599"), m.get("expires_in"));
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertEquals(Json.NULL, m.get("none"));
        assertEquals(List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"), "x"), m.get("list"));
        assertEquals(Map.of(), m.get("o"));
    }

    @Test
    void refusesWhatIsNotStrictJson() {
        for (String bad : List.of("", "{", "{\"a\":1,}", "[1,]", "{\"a\":1} x", "{'a':1}", "{\"a\":01}",
                "{\"a\":\"\u0001\"}", "{\"a\":1,\"a\":2}", "<html>", "{\"a\":tru}", "{\"a\":\"\\x\"}",
                "[".repeat(40) + "]".repeat(40), "1.", "-")) {
            assertThrows(Json.Malformed.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void writesWhatItReads() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "q\"\\\u0001");
        m.put("n", 42L);
        m.put("l", List.of("a", "b"));
        m.put("skipped", null);
        String text = Json.write(m);
        assertEquals("{\"s\":\"q\\\"\\\\\\u0001\",\"n\":42,\"l\":[\"a\",\"b\"]}", text);
        Map<String, Object> back = Json.object(text);
        assertEquals("q\"\\\u0001", back.get("s"));
        assertEquals(List.of("a", "b"), back.get("l"));
    }
}
