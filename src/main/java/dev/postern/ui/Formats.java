package dev.postern.ui;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How dates, sizes and senders look in the index; the clock is injected so tests do not depend on today. */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MMM dd", Locale.ENGLISH);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    private final Clock clock;
    /** The user's date_format, or null for the relative dates. */
    private final DateTimeFormatter pattern;

    Formats(Clock clock) { this(clock, null); }

    private Formats(Clock clock, DateTimeFormatter pattern) {
        this.clock = clock;
        this.pattern = pattern;
    }

    /** The same with the user's date pattern (a java.time pattern, English month names); null keeps relative dates. */
    Formats withDatePattern(String p) {
        return p == null ? this : new Formats(clock, DateTimeFormatter.ofPattern(p, Locale.ENGLISH));
    }

    /** Columns the date column needs: the widest of a few sample dates in the format. */
    int dateWidth() {
        if (pattern == null) return 10;
        int w = 0;
        for (String sample : new String[] {"2026-12-28T23:59:59Z", "2026-09-30T10:00:00Z", "2026-05-03T01:01:01Z"}) {
            w = Math.max(w, Cells.width(pattern.format(Instant.parse(sample).atZone(clock.getZone()))));
        }
        return Math.max(1, w);
    }

    /** Today: 14:05; this year: Mar 03; older (or in the future next year): 2023-03-03. With date_format, that pattern. */
    String date(Instant instant) {
        if (instant == null) return "";
        ZoneId zone = clock.getZone();
        ZonedDateTime t = instant.atZone(zone);
        if (pattern != null) return pattern.format(t);
        LocalDate today = LocalDate.now(clock);
        if (t.toLocalDate().equals(today)) return TIME.format(t);
        if (t.getYear() == today.getYear()) return MONTH_DAY.format(t);
        return FULL.format(t);
    }

    /** 512B, 1.2K, 34K, 3.4M, 1.0G: at most five columns. */
    static String size(long bytes) {
        if (bytes < 1024) return Math.max(0, bytes) + "B";
        String[] units = {"K", "M", "G", "T"};
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.valueOf(Math.round(v))) + units[u];
    }

    /** The display name of a From value ("Ann Lee <ann@x>" gives Ann Lee), else the address itself. */
    static String fromName(String from) {
        if (from == null) return "";
        String f = from.strip();
        int lt = f.lastIndexOf('<');
        if (lt > 0) {
            String name = f.substring(0, lt).strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replace("\\\"", "\"");
            }
            if (!name.isBlank()) return name;
        }
        if (lt >= 0) {
            int gt = f.indexOf('>', lt);
            return gt > lt ? f.substring(lt + 1, gt) : f.substring(lt + 1);
        }
        return f;
    }
}
