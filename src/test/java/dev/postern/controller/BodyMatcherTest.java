package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.postern.model.Envelope;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which cached bodies a re-listed folder gets back after a UIDVALIDITY change, and which it must not. */
class BodyMatcherTest {
    static final Instant DATE = Instant.parse("2026-03-01T10:00:00Z");
    static final Map<String, byte[]> BLOBS = Map.of("h10", new byte[10], "h12", new byte[12], "short", new byte[4]);

    private static Envelope env(long validity, long uid, String messageId, long size, Instant date, String hash) {
        return new Envelope(new MessageRef("a", "F", validity, uid), messageId, date, "x@y", List.of(), List.of(), "s",
                size, Flags.NONE, null, List.of(), hash);
    }

    private static String attached(List<Envelope> old, Envelope incoming) {
        BodyMatcher m = new BodyMatcher(old, h -> BLOBS.containsKey(h) ? OptionalLong.of(BLOBS.get(h).length) : OptionalLong.empty());
        return m.attach(List.of(incoming)).get(0).bodyHash();
    }

    @Test
    void sameMessageIdSizeAndDateWithABodyOfThatLengthIsReattached() {
        assertEquals("h10", attached(List.of(env(1, 7, "<m@x>", 10, DATE, "h10")), env(2, 1, "<m@x>", 10, DATE, null)));
    }

    @Test
    void anyDifferenceInTheKeyIsNoMatch() {
        List<Envelope> old = List.of(env(1, 7, "<m@x>", 10, DATE, "h10"));
        assertNull(attached(old, env(2, 1, "<other@x>", 10, DATE, null)));
        assertNull(attached(old, env(2, 1, "<m@x>", 11, DATE, null)));
        assertNull(attached(old, env(2, 1, "<m@x>", 10, DATE.plusSeconds(1), null)));
    }

    @Test
    void aStoredBodyShorterThanTheServersSizeIsNotTrusted() {
        // A partial stand-in (text only of a big message) must not pass for the whole message.
        assertNull(attached(List.of(env(1, 7, "<m@x>", 10, DATE, "short")), env(2, 1, "<m@x>", 10, DATE, null)));
    }

    @Test
    void twoDifferentBodiesUnderOneKeyAreAmbiguousAndNeitherIsUsed() {
        List<Envelope> old = List.of(env(1, 7, "<m@x>", 10, DATE, "h10"), env(1, 8, "<m@x>", 10, DATE, "h12"));
        assertNull(attached(old, env(2, 1, "<m@x>", 10, DATE, null)));
    }

    @Test
    void withoutAMessageIdNothingIsMatched() {
        assertNull(attached(List.of(env(1, 7, null, 10, DATE, "h10")), env(2, 1, null, 10, DATE, null)));
        assertNull(attached(List.of(env(1, 7, " ", 10, DATE, "h10")), env(2, 1, " ", 10, DATE, null)));
    }
}
