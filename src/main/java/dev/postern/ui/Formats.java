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

    Formats(Clock clock) { this.clock = clock; }

    /** Today: 14:05; this year: Mar 03; older (or in the future next year): 2023-03-03. */
    String date(Instant instant) {
        if (instant == null) return "";
        ZoneId zone = clock.getZone();
        ZonedDateTime t = instant.atZone(zone);
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
