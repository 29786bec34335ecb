package dev.postern.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time zone postern shows and writes times in: the process's own, or, for a command a resident owner serves, its
 * client's (hunt 34-C, C4: a daemon started under TZ=Asia/Tokyo printed a LANG=C, TZ=UTC cron job's `list` in Tokyo
 * time, and a served `send` dated its mail so). Held per thread, set where a served command or reader runs; a thread of
 * the owner's own (an account's) keeps the process's zone.
 */
public final class Zones {
    private Zones() {}

    private static final ThreadLocal<ZoneId> CLIENT = new ThreadLocal<>();
    /** A POSIX TZ of a fixed offset ("JST-9", "UTC+14", "<+0530>-5:30"): the sign is west-positive. */
    private static final Pattern POSIX = Pattern.compile("(?:[A-Za-z]{3,}|<[^>]{1,16}>)([+-]?)(\\d{1,2})(?::(\\d{2}))?");

    /** The zone of the command running on this thread. */
    public static ZoneId zone() {
        ZoneId z = CLIENT.get();
        return z != null ? z : ZoneId.systemDefault();
    }

    /** A clock in {@link #zone()}. */
    public static Clock clock() {
        ZoneId z = CLIENT.get();
        return z != null ? Clock.system(z) : Clock.systemDefaultZone();
    }

    /** The client zone this thread serves, or null (the process's own): to carry to other threads with {@link #within}. */
    public static ZoneId client() {
        return CLIENT.get();
    }

    /**
     * {@code work} run in {@code client}'s zone ({@link #client()} as taken on the thread that served the command),
     * on whatever thread it runs: a served command's work that goes on on a pool's thread (a reply's attribution
     * line, a Date header) kept the owner's zone (hunt 38-T, T10).
     */
    public static <T> T within(ZoneId client, java.util.function.Supplier<T> work) {
        ZoneId was = CLIENT.get();
        serve(client);
        try {
            return work.get();
        } finally {
            serve(was);
        }
    }

    /** This thread serves a client in {@code zone} (null: the process's own) until {@link #serve} again. */
    public static void serve(ZoneId zone) {
        if (zone == null) CLIENT.remove(); else CLIENT.set(zone);
    }

    /**
     * The zone a postern started with {@code env} would have had, or null when it is this process's own (its TZ is
     * ours). As the JVM reads TZ: a zone's name (":" before it or not), a path into zoneinfo, a POSIX fixed offset;
     * no TZ is the system's zone (/etc/timezone, /etc/localtime); one it cannot read is UTC, as the JVM's GMT.
     */
    public static ZoneId of(Map<String, String> env) {
        String tz = env.get("TZ");
        if (java.util.Objects.equals(tz, System.getenv("TZ"))) return null;
        if (tz == null) return systemZone();
        tz = tz.strip();
        if (tz.startsWith(":")) tz = tz.substring(1);
        if (tz.isEmpty()) return ZoneOffset.UTC;
        if (tz.startsWith("/")) {
            int at = tz.indexOf("zoneinfo/");
            if (at < 0) return systemZone();
            tz = tz.substring(at + "zoneinfo/".length());
        }
        if (ZoneId.getAvailableZoneIds().contains(tz)) return ZoneId.of(tz);
        Matcher m = POSIX.matcher(tz);
        if (m.lookingAt()) {
            int h = Integer.parseInt(m.group(2));
            int min = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int sign = "-".equals(m.group(1)) ? 1 : -1;
            if (h <= 18 && min < 60 && h * 60 + min <= 18 * 60) return ZoneOffset.ofHoursMinutes(sign * h, sign * min);
        }
        return ZoneOffset.UTC;
    }

    /** The system's zone, without TZ. */
    private static ZoneId systemZone() {
        if (System.getenv("TZ") == null) return ZoneId.systemDefault();
        try {
            Path named = Path.of("/etc/timezone");
            if (Files.isRegularFile(named)) {
                String id = Files.readString(named).strip();
                if (ZoneId.getAvailableZoneIds().contains(id)) return ZoneId.of(id);
            }
            Path link = Path.of("/etc/localtime");
            if (Files.isSymbolicLink(link)) {
                String to = Files.readSymbolicLink(link).toString();
                int at = to.indexOf("zoneinfo/");
                String id = at < 0 ? "" : to.substring(at + "zoneinfo/".length());
                if (ZoneId.getAvailableZoneIds().contains(id)) return ZoneId.of(id);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // unreadable: UTC below, as the JVM without a zone
        }
        return ZoneOffset.UTC;
    }
}
