package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.e2e.PosternConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served command shows times in its client's zone, not the owner's: a daemon started under one TZ printed a cron
 * job's `list` under another in its own (hunt 34-C, C4). The owner here is the test's JVM; the clients say TZ in the
 * environment their request carries, as both clients send it.
 */
class ServedZoneTest {
    @TempDir Path dir;

    private String served(AppContext ctx, Path cfg, String tz, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "--config";
        argv[1] = cfg.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Requests.run(ctx, null, new Wire.Request(cfg.toString(), dir.toString(), argv,
                tz == null ? new String[0] : new String[] {"TZ", tz}, 0, 80), new ByteArrayInputStream(new byte[0]), out, err);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listPrintsTheClientsZone() throws Exception {
        try (ScriptedServer server = ServedTerminalsTest.pop3()) {
            Path cfg = PosternConfig.write(dir.resolve("c.toml"), dir.resolve("data"),
                    PosternConfig.account("home", "pop3", "127.0.0.1", server.port(), "plain", "alice", "pw", 5, null))
                    .toAbsolutePath().normalize();
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
                served(ctx, cfg, null, "fetch");
                // The messages are dated Mon, 1 Jun 2026 10:00:00 +0000.
                String tokyo = served(ctx, cfg, "Asia/Tokyo", "list", "--cached");
                assertTrue(tokyo.contains("2026-06-01 19:00"), tokyo);
                String posix = served(ctx, cfg, "JST-9", "list", "--cached");
                assertTrue(posix.contains("2026-06-01 19:00"), posix);
                String utc = served(ctx, cfg, ":UTC", "list", "--cached");
                assertTrue(utc.contains("2026-06-01 10:00"), utc);
                // The thread that served a client goes back to the process's own zone.
                assertEquals(java.time.ZoneId.systemDefault(), dev.postern.model.Zones.zone());
            }
        }
    }

    /**
     * Hunt 38-T, T10: a served reply's Date header and attribution line, and a bounce's Resent-Date, were in the
     * owner's zone: the message is built on a pool's thread, which did not carry the client's.
     */
    @Test
    void servedAnswersAreDatedInTheClientsZone() throws Exception {
        try (ScriptedServer server = ServedTerminalsTest.pop3()) {
            Path cfg = PosternConfig.write(dir.resolve("c.toml"), dir.resolve("data"),
                    PosternConfig.account("home", "pop3", "127.0.0.1", server.port(), "plain", "alice", "pw", 5, null),
                    "[accounts.home.smtp]\nhost = \"127.0.0.1\"\nport = 1\nsecurity = \"plain\"\nfrom = \"alice@example.org\"\n")
                    .toAbsolutePath().normalize();
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
                served(ctx, cfg, null, "fetch");
                String uid = served(ctx, cfg, null, "list", "--cached", "--json").lines().findFirst().orElseThrow()
                        .replaceAll(".*\"uid\":(\\d+).*", "$1");
                for (String[] zone : new String[][] {{"Asia/Tokyo", "+0900", "19:00"}, {"UTC", "+0000", "10:00"}}) {
                    String reply = served(ctx, cfg, zone[0], "reply", "INBOX", uid, "--dry-run");
                    assertTrue(reply.lines().anyMatch(l -> l.startsWith("Date: ") && l.contains(zone[1])), zone[0] + ": " + reply);
                    assertTrue(reply.contains("at " + zone[2]), zone[0] + ": the attribution's time: " + reply);
                    String bounce = served(ctx, cfg, zone[0], "bounce", "INBOX", uid, "--to", "b@example.org", "--dry-run");
                    assertTrue(bounce.lines().anyMatch(l -> l.startsWith("Resent-Date: ") && l.contains(zone[1])), zone[0] + ": " + bounce);
                }
            }
        }
    }
}
