package dev.postern.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt34-B B10: a provider that answers slow_down to every poll slows the polls to once a minute at most, and
 * the waiting ends at the code's expiry (600 s here), not up to a growing interval past it. The clock moves
 * by the waits.
 */
class DeviceFlowSlowDownTest {
    @TempDir Path dir;

    /** A clock the sleeper moves forward. */
    private static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-06T20:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void slowDownForEverWaitsAtMostAMinuteAndNeverPastTheExpiry() throws Exception {
        try (TestAuthServer server = new TestAuthServer("alice")) {
            server.devicePolls(Collections.nCopies(500, "slow_down").toArray(String[]::new));
            OAuth2Config c = new OAuth2Config(OAuth2Config.Provider.CUSTOM, "postern-test", null, server.url("/device"),
                    server.url("/authorize"), server.url("/token"), List.of("mail"), null, null, dir.resolve("work.json"),
                    Duration.ofSeconds(5));
            Moving clock = new Moving();
            Instant start = clock.now;
            List<Long> waits = new ArrayList<>();
            DeviceFlow flow = new DeviceFlow("work", c, new OAuthClient("work", c, clock), clock, ms -> {
                waits.add(ms);
                clock.now = clock.now.plusMillis(ms);
            });
            PosternException e = assertThrows(PosternException.class, () -> flow.run(new PrintWriter(new StringWriter())));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("the code expired before it was approved"), e.getMessage());
            assertTrue(waits.stream().allMatch(w -> w <= 60_000), waits.toString());
            assertEquals(Duration.ofSeconds(600), Duration.between(start, clock.now), "the waiting ends at the expiry: " + waits);
        }
    }
}
