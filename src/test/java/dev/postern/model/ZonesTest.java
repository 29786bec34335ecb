package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client's TZ read as the JVM reads its own (checked against `TZ=... java` on Debian, Java 17). */
class ZonesTest {
    private static ZoneId of(String tz) {
        Map<String, String> env = new HashMap<>();
        env.put("TZ", tz);
        return Zones.of(env);
    }

    @Test
    void namesPathsAndPosixOffsetsAsTheJvmReadsThem() {
        assertEquals(ZoneId.of("Asia/Tokyo"), of("Asia/Tokyo"));
        assertEquals(ZoneId.of("Asia/Tokyo"), of(":Asia/Tokyo"));
        assertEquals(ZoneId.of("Europe/Berlin"), of("/usr/share/zoneinfo/Europe/Berlin"));
        assertEquals(ZoneId.of("EST5EDT"), of("EST5EDT"));
        assertEquals(ZoneOffset.ofHours(9), of("JST-9"));
        assertEquals(ZoneOffset.ofHours(-14), of("UTC+14")); // POSIX: west of Greenwich is positive
        assertEquals(ZoneOffset.ofHoursMinutes(5, 30), of("<+0530>-5:30"));
        assertEquals(ZoneOffset.UTC, of("garbage"));
        assertEquals(ZoneOffset.UTC, of(""));
    }

    @Test
    void theProcesssOwnTzIsNoChangeAndAThreadGoesBack() {
        Map<String, String> same = new HashMap<>();
        String own = System.getenv("TZ");
        if (own != null) same.put("TZ", own);
        assertNull(Zones.of(same));
        Zones.serve(ZoneId.of("Asia/Tokyo"));
        try {
            assertEquals(ZoneId.of("Asia/Tokyo"), Zones.zone());
            assertEquals(ZoneId.of("Asia/Tokyo"), Zones.clock().getZone());
        } finally {
            Zones.serve(null);
        }
        assertEquals(ZoneId.systemDefault(), Zones.zone());
    }
}
