package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawHeadersTest {
    @Test
    void unfoldsEveryHeaderStopsAtTheBodyAndSanitises() {
        byte[] raw = ("Received: from a\r\n\tby b; Mon, 1 Jan 2026\r\nX-Evil: \u001b[2Jgone\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\n"
                + "not a header line\r\n\r\nBody: not a header\r\n").getBytes(StandardCharsets.UTF_8);
        List<RenderedMessage.Header> h = RawHeaders.parse(raw);
        assertEquals(3, h.size());
        assertEquals("Received", h.get(0).name());
        assertEquals("from a by b; Mon, 1 Jan 2026", h.get(0).value());
        assertTrue(!h.get(1).value().contains("\u001b"), "escape sequences never reach the terminal");
        assertEquals("=?UTF-8?Q?caf=C3=A9?=", h.get(2).value(), "raw, as sent");
    }

    @Test
    void boundedAndLenient() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) sb.append("X-").append(i).append(": v\n");
        assertEquals(RawHeaders.MAX_HEADERS, RawHeaders.parse(sb.toString().getBytes(StandardCharsets.UTF_8)).size());
        assertEquals(0, RawHeaders.parse(new byte[0]).size());
        assertEquals(0, RawHeaders.parse(null).size());
        assertEquals(1, RawHeaders.parse("A: b".getBytes(StandardCharsets.UTF_8)).size());
    }
}
