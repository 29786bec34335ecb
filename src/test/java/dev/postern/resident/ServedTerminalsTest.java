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
 * A served command decides on its client's terminals, as its request's flags say, never on the owner's. A served {@code fetch} draws its progress bar when the client's stderr is a terminal, as its request's flags say, and
 * never otherwise: it decided on the owner's own stderr, so cron's mail got carriage returns and escape sequences
 * whenever the user's reader owned the mail (hunt 33-Y, Y3). The test's own stderr is a pipe, like a daemon's.
 */
class ServedTerminalsTest {
    @TempDir Path dir;

    private static String message(int n) {
        return "From: a@example.org\r\nTo: b@example.org\r\nSubject: progress " + n + "\r\nMessage-ID: <p" + n
                + "@example.org>\r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\n\r\nbody " + n + "\r\n";
    }

    /** A POP3 maildrop of three messages. */
    static ScriptedServer pop3() throws Exception {
        int count = 3;
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK ready");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                String[] w = line.split(" ");
                switch (w[0].toUpperCase(Locale.ROOT)) {
                    case "STAT" -> ScriptedServer.say(out, "+OK " + count + " " + count * 200);
                    case "UIDL", "LIST" -> {
                        StringBuilder b = new StringBuilder("+OK\r\n");
                        for (int i = 1; i <= count; i++) {
                            b.append(i).append(' ').append(w[0].equalsIgnoreCase("UIDL") ? "uid-" + i : message(i).length()).append("\r\n");
                        }
                        out.write((b + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "TOP", "RETR" -> {
                        out.write(("+OK\r\n" + message(Integer.parseInt(w[1])) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "QUIT" -> {
                        ScriptedServer.say(out, "+OK bye");
                        return;
                    }
                    case "CAPA" -> ScriptedServer.say(out, "-ERR no");
                    default -> ScriptedServer.say(out, "+OK");
                }
            }
        });
    }

    /** What a served {@code fetch} wrote on its client's stderr, given the client's terminal flags. */
    private String fetchedStderr(String name, int flags) throws Exception {
        try (ScriptedServer server = pop3()) {
            Path cfg = PosternConfig.write(dir.resolve(name + ".toml"), dir.resolve(name),
                    PosternConfig.account("home", "pop3", "127.0.0.1", server.port(), "plain", "alice", "pw", 5, null))
                    .toAbsolutePath().normalize();
            try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = Requests.run(ctx, null, new Wire.Request(cfg.toString(), dir.toString(),
                        new String[] {"--config", cfg.toString(), "fetch"}, new String[0], flags, 80),
                        new ByteArrayInputStream(new byte[0]), out, err);
                String said = err.toString(StandardCharsets.UTF_8);
                assertEquals(0, code, out.toString(StandardCharsets.UTF_8) + said);
                assertTrue(out.toString(StandardCharsets.UTF_8).contains("3 new"), out.toString(StandardCharsets.UTF_8) + said);
                return said;
            }
        }
    }

    @Test
    void theBarFollowsTheClientsStderrNotTheOwners() throws Exception {
        String toTerminal = fetchedStderr("tty", Wire.FLAG_STDIN_TTY | Wire.FLAG_STDOUT_TTY | Wire.FLAG_STDERR_TTY);
        assertTrue(toTerminal.contains("\r[") && toTerminal.contains("\u001b[K"), "the client's terminal gets the bar: " + toTerminal);
        String piped = fetchedStderr("pipe", Wire.FLAG_STDIN_TTY | Wire.FLAG_STDOUT_TTY);
        assertFalse(piped.contains("\r") || piped.contains("\u001b"), "a piped stderr gets no bar: " + piped);
    }

    /**
     * {@code read --raw} refuses to write a message's bytes (escape sequences and all) to the client's terminal, as in
     * process; it looked at the owner's stdout instead (a daemon's /dev/null let them through). The refusal comes before
     * anything is read, so no server is needed.
     */
    @Test
    void readRawRefusesTheClientsTerminal() throws Exception {
        Path cfg = PosternConfig.write(dir.resolve("raw.toml"), dir.resolve("raw"),
                PosternConfig.account("home", "pop3", "127.0.0.1", 9, "plain", "alice", "pw", 5, null)).toAbsolutePath().normalize();
        try (AppContext ctx = new AppContext(Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString()), cfg)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Requests.run(ctx, null, new Wire.Request(cfg.toString(), dir.toString(),
                    new String[] {"--config", cfg.toString(), "read", "--raw", "INBOX", "1"}, new String[0], Wire.FLAG_STDOUT_TTY, 80),
                    new ByteArrayInputStream(new byte[0]), out, err);
            String said = err.toString(StandardCharsets.UTF_8);
            assertEquals(64, code, said);
            assertTrue(said.contains("refusing to write raw message bytes to a terminal"), said);
        }
    }
}
