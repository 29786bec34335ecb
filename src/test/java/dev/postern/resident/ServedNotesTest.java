package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.AppContext;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.e2e.PosternConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notes a command leaves for its user (a server's [ALERT], a move that left some behind, the offline queue's
 * replays) reach the client of a served command, as app/Main prints them in process; each once, and those of the
 * owner's earlier commands not again.
 */
class ServedNotesTest {
    @TempDir Path dir;

    /** An IMAP server with one empty INBOX whose login answer carries an [ALERT]. */
    private static ScriptedServer alerting() throws Exception {
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "* OK ready");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                String[] w = line.split(" ", 3);
                if (w.length < 2) return;
                String tag = w[0];
                switch (w[1].toUpperCase(Locale.ROOT)) {
                    case "CAPABILITY" -> ScriptedServer.say(out, "* CAPABILITY IMAP4rev1");
                    case "LOGIN" -> ScriptedServer.say(out, "* OK [ALERT] Maintenance tonight from 22:00");
                    case "LIST", "LSUB" -> ScriptedServer.say(out, "* " + w[1].toUpperCase(Locale.ROOT) + " () \"/\" INBOX");
                    case "STATUS" -> ScriptedServer.say(out, "* STATUS INBOX (MESSAGES 0 UNSEEN 0 UIDNEXT 1 UIDVALIDITY 7)");
                    case "LOGOUT" -> {
                        ScriptedServer.say(out, "* BYE");
                        ScriptedServer.say(out, tag + " OK bye");
                        return;
                    }
                    default -> { }
                }
                ScriptedServer.say(out, tag + " OK done");
            }
        });
    }

    private String served(AppContext ctx, Path cfg, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "--config";
        argv[1] = cfg.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Requests.run(ctx, null, new Wire.Request(cfg.toString(), dir.toString(), argv, new String[0], 0, 0),
                new ByteArrayInputStream(new byte[0]), out, err);
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8) + said);
        return said;
    }

    /**
     * {@code help COMMAND} sent to an owner (an older client, or the Perl one's fallback) prints the command's usage and
     * does nothing else: picocli alone took "help" for the reader's FOLDER and ran the command after it (hunt 33-Z, Z0:
     * {@code help retention} deleted mail, {@code help fetch} fetched). The server here is never reached.
     */
    @Test
    void helpSentToAnOwnerPrintsUsageAndRunsNothing() throws Exception {
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedServer imap = new ScriptedServer((s, in, out) -> connections.incrementAndGet())) {
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("t", "imap", "127.0.0.1", imap.port(), "plain", "zed", "pw", 5, null))
                    .toAbsolutePath().normalize();
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
                for (String command : new String[] {"folders", "fetch", "sync"}) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    int code = Requests.run(ctx, null, new Wire.Request(cfg.toString(), dir.toString(),
                            new String[] {"--config", cfg.toString(), "help", command}, new String[0], 0, 0),
                            new ByteArrayInputStream(new byte[0]), out, err);
                    String printed = out.toString(StandardCharsets.UTF_8);
                    assertEquals(0, code, printed + err.toString(StandardCharsets.UTF_8));
                    assertTrue(printed.contains("Usage: postern " + command), printed);
                }
            }
        }
        assertEquals(0, connections.get(), "asking for help reached the server");
    }

    @Test
    void aServedCommandsNotesReachItsClientOnce() throws Exception {
        try (ScriptedServer imap = alerting()) {
            Path cfg = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("t", "imap", "127.0.0.1", imap.port(), "plain", "zed", "pw", 5, null))
                    .toAbsolutePath().normalize();
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
                String first = served(ctx, cfg, "folders");
                assertTrue(first.contains("postern: account t: the server says: Maintenance tonight from 22:00"), first);
                String second = served(ctx, cfg, "folders");
                assertFalse(second.contains("Maintenance"), "an earlier command's note is not said again: " + second);
            }
        }
    }
}
