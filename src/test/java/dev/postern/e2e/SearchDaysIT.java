package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunts 38-Q (Q1) and 38-T (T2): {@code since:}/{@code before:} meant three different days: the server's
 * SENTSINCE the Date header's own day (in the zone it was written in), the store the UTC day, the list the user's.
 * Now one: the user's day (TZ), online as offline, the day the list shows. Dovecot answers the server search.
 */
@Tag("e2e")
class SearchDaysIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private static byte[] mail(String subject, String date) {
        return ("From: Ann <ann@example.org>\r\nTo: bob@postern.test\r\nSubject: " + subject + "\r\nDate: " + date
                + "\r\nMessage-ID: <" + subject + "@days.test>\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private PosternProcess.Result postern(Path config, String tz, String... args) {
        return PosternProcess.withConfig(home, config, args).env("TZ", tz).timeout(Duration.ofMinutes(2)).run()
                .assertNoStackTrace().assertExitCode(0);
    }

    private static TreeSet<String> subjects(String json) {
        TreeSet<String> out = new TreeSet<>();
        json.lines().forEach(l -> out.add(l.replaceAll(".*\"subject\":\"([^\"]*)\".*", "$1")));
        out.remove("");
        return out;
    }

    @Test
    void aDayIsTheUsersDayOnTheServerAndInTheStore() throws IOException {
        DOVECOT.deliver("bob", "Days", mail("tokyo", "Tue, 14 Jul 2026 07:35:06 +0900")); // 2026-07-13 22:35 UTC
        DOVECOT.deliver("bob", "Days", mail("berlin", "Fri, 01 Jan 2027 00:30:00 +0100")); // 2026-12-31 23:30 UTC
        DOVECOT.deliver("bob", "Days", mail("utc", "Fri, 01 Jan 2027 00:00:10 +0000"));
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "e2e", "bob", DOVECOT.imapPort(), 10));
        postern(config, "UTC", "sync", "--folder", "Days");
        // {TZ, query, what the user's days take}
        List<String[]> cases = List.of(
                new String[] {"UTC", "since:2026-07-14", "[berlin, utc]"},
                new String[] {"UTC", "before:2026-07-14", "[tokyo]"},
                new String[] {"Asia/Tokyo", "since:2026-07-14", "[berlin, tokyo, utc]"},
                new String[] {"UTC", "since:2027-01-01", "[utc]"},
                new String[] {"Europe/Berlin", "since:2027-01-01", "[berlin, utc]"},
                new String[] {"America/New_York", "since:2027-01-01", "[]"},
                new String[] {"America/New_York", "-since:2026-12-31", "[tokyo]"},
                new String[] {"UTC", "since:2027-01-01 or subject:tokyo", "[tokyo, utc]"});
        for (String[] c : cases) {
            String server = subjects(postern(config, c[0], "search", "--json", "--folder", "Days", c[1]).stdout()).toString();
            String local = subjects(postern(config, c[0], "search", "--local", "--json", "--folder", "Days", c[1]).stdout()).toString();
            assertEquals(c[2], server, "server, TZ=" + c[0] + " " + c[1]);
            assertEquals(c[2], local, "store, TZ=" + c[0] + " " + c[1]);
        }
    }
}
