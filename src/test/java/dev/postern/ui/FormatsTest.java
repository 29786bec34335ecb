package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FormatsTest {
    private final Formats formats = new Formats(Clock.fixed(Instant.parse("2026-06-15T12:00:00Z"), ZoneId.of("Europe/Berlin")));

    @Test
    void dateIsTimeTodayMonthDayThisYearElseFullDateInLocalZone() {
        assertEquals("14:00", formats.date(Instant.parse("2026-06-15T12:00:00Z")));
        assertEquals("Jun 14", formats.date(Instant.parse("2026-06-14T21:00:00Z")));
        // 22:30 UTC is already tomorrow in Berlin: the day is judged in the user's zone, not UTC.
        assertEquals("Jun 16", formats.date(Instant.parse("2026-06-15T22:30:00Z")));
        assertEquals("Jan 02", formats.date(Instant.parse("2026-01-02T10:00:00Z")));
        assertEquals("2025-12-31", formats.date(Instant.parse("2025-12-31T10:00:00Z")));
        assertEquals("", formats.date(null));
    }

    @Test
    void sizeIsHumanAndShort() {
        assertEquals("0B", Formats.size(0));
        assertEquals("1023B", Formats.size(1023));
        assertEquals("1.0K", Formats.size(1024));
        assertEquals("1.2K", Formats.size(1229));
        assertEquals("34K", Formats.size(34 * 1024));
        assertEquals("3.4M", Formats.size((long) (3.4 * 1024 * 1024)));
        assertEquals("1.0G", Formats.size(1024L * 1024 * 1024));
    }

    @Test
    void fromNameTakesDisplayNameElseAddress() {
        assertEquals("Ann Lee", Formats.fromName("Ann Lee <ann@example.org>"));
        assertEquals("Doe, John", Formats.fromName("\"Doe, John\" <john@example.org>"));
        assertEquals("bob@example.org", Formats.fromName("<bob@example.org>"));
        assertEquals("bob@example.org", Formats.fromName("bob@example.org"));
        assertEquals("", Formats.fromName(null));
    }
}
