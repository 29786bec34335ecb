package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hunts 38-Q Q1 / 38-T T2: a query's day is the user's day; a server's answer is held to it three-valued. */
class QueryDaysTest {
    private static final Envelope TOKYO = envelope("2026-07-13T22:35:06Z"); // Date: Tue, 14 Jul 2026 07:35:06 +0900

    private static Envelope envelope(String instant) {
        return new Envelope(new MessageRef("a", "INBOX", 1, 1), "<x@y>", Instant.parse(instant), "ann@x", List.of(), List.of(),
                "s", 10, Flags.NONE, null, List.of(), null);
    }

    private static Query.OnDay since(String day, String zone) {
        return new Query.OnDay(LocalDate.parse(day), true, ZoneId.of(zone));
    }

    @Test
    void theDayIsTheZonesDay() {
        assertTrue(since("2026-07-14", "Asia/Tokyo").matches(TOKYO, e -> null));
        assertFalse(since("2026-07-14", "UTC").matches(TOKYO, e -> null));
        assertTrue(since("2026-07-13", "America/New_York").matches(TOKYO, e -> null));
        assertFalse(new Query.OnDay(LocalDate.parse("2026-07-13"), false, ZoneId.of("America/New_York")).matches(TOKYO, e -> null));
    }

    @Test
    void aServersAnswerIsDroppedOnlyWhereTheDatesAloneMakeTheQueryFalse() {
        Query subject = new Query.Contains(Query.Field.BODY, "s"); // unknown: the body may not be in the store
        Query lateSince = since("2026-07-14", "UTC"); // false for TOKYO
        assertFalse(lateSince.datesAllow(TOKYO));
        assertTrue(new Query.Not(lateSince).datesAllow(TOKYO));
        assertFalse(new Query.And(List.of(subject, lateSince)).datesAllow(TOKYO));
        assertTrue(new Query.Or(List.of(subject, lateSince)).datesAllow(TOKYO), "the server's body match stands");
        assertTrue(subject.datesAllow(TOKYO));
        assertFalse(new Query.Not(new Query.Or(List.of(since("2026-07-01", "UTC"), subject))).datesAllow(TOKYO));
        Query otherSubject = new Query.Contains(Query.Field.SUBJECT, "zzz"); // the envelope says no
        assertFalse(new Query.Or(List.of(otherSubject, lateSince)).datesAllow(TOKYO));
    }
}
