package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.render.MessageRenderer;
import dev.postern.render.RenderedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one-pass address scans answer what the regular expressions they replace answered, on random text made of the
 * characters that matter, and a From of 200 KB without an '@' renders at once (the expressions took 84 s on 40 KB).
 */
class AddressScanTest {
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+[A-Za-z0-9]");
    private static final Pattern ANGLE = Pattern.compile("<([^<>@\\s]+@[^<>\\s]+)>");
    private static final Pattern BARE = Pattern.compile("[^\\s<>\"(),;:]+@[^\\s<>\"(),;:]+");

    private static String random(Random r) {
        String alphabet = "aZ9@@<>.-_ \t\"(),;:!é\u2028";
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(24); n > 0; n--) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return b.toString();
    }

    @Test
    void theScansFindWhatTheExpressionsFound() {
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            String s = random(r);
            Matcher d = DOT_ATOM.matcher(s);
            List<String> all = new ArrayList<>();
            while (d.find()) all.add(d.group());
            assertEquals(all, AddressScan.dotAtoms(s), s);
            assertEquals(all.isEmpty() ? null : all.get(0), AddressScan.dotAtom(s), s);
            Matcher a = ANGLE.matcher(s);
            assertEquals(a.find() ? a.group(1) : null, AddressScan.angled(s), s);
            Matcher b = BARE.matcher(s);
            assertEquals(b.find() ? b.group() : null, AddressScan.bare(s), s);
        }
        assertEquals("bob@example.org", AddressScan.angled("\"Bob\" <bob@example.org>"));
        assertEquals(List.of("a@x.org", "b@y.org"), AddressScan.dotAtoms("a@x.org, \"B\" <b@y.org>"));
    }

    @Test
    void aLongFromWithoutAnAtRendersAtOnce() {
        for (String from : List.of("a".repeat(200_000), "<".repeat(100_000) + "a".repeat(100_000), "a@" + "-".repeat(200_000),
                "<a" + "@".repeat(200_000), "=?utf-8?q?" + "a".repeat(200_000) + "?=")) {
            byte[] raw = ("From: " + from + "\r\nTo: b@example.org\r\nSubject: long\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8);
            RenderedMessage m = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> new MessageRenderer().render(raw));
            assertTrue(m.body().contains("hello"), m.body());
        }
    }
}
