package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.cli.CliRun.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POP3 server without TOP (optional in RFC 1939; hunt 37-I, I11): `headers_first`, `fetch --headers-only` and
 * `max_message_bytes` take each header from the head of RETR instead of failing every run with 75, `list` and `read`
 * work, and a header stored so holds the header only.
 */
class Pop3WithoutTopTest {
    @TempDir Path dir;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    /** Message {@code n}, its body {@code bodyLines} lines long. */
    static String message(int n, int bodyLines) {
        StringBuilder b = new StringBuilder(HostilePop3FetchTest.message(n));
        for (int i = 0; i < bodyLines; i++) b.append("body line ").append(i).append(" of message ").append(n).append("\r\n");
        return b.toString();
    }

    /** RFC 1939's required commands only: no CAPA, TOP or UIDL. */
    private ScriptedServer pop3(List<String> drop) throws IOException {
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK ready");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                commands.add(line);
                String[] w = line.split(" ");
                switch (w[0].toUpperCase(Locale.ROOT)) {
                    case "USER", "PASS", "NOOP", "RSET", "DELE" -> ScriptedServer.say(out, "+OK");
                    case "STAT" -> ScriptedServer.say(out, "+OK " + drop.size() + " " + drop.size() * 100);
                    case "LIST" -> {
                        StringBuilder b = new StringBuilder("+OK\r\n");
                        for (int i = 1; i <= drop.size(); i++) b.append(i).append(' ').append(drop.get(i - 1).length()).append("\r\n");
                        out.write((b + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "RETR" -> {
                        out.write(("+OK\r\n" + drop.get(Integer.parseInt(w[1]) - 1) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "QUIT" -> {
                        ScriptedServer.say(out, "+OK bye");
                        return;
                    }
                    default -> ScriptedServer.say(out, "-ERR unknown command");
                }
            }
        });
    }

    private Result run(ScriptedServer server, String pop3Options, String... args) throws Exception {
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("home", "pop3", server.port(), "alice", "secret"), "[accounts.home.pop3]\n" + pop3Options);
        return CliRun.run(dir, cfg, args);
    }

    private long count(String prefix) {
        return commands.stream().filter(c -> c.toUpperCase(Locale.ROOT).startsWith(prefix)).count();
    }

    @Test
    void headersFirstTakesTheHeadOfRetrAndReadBringsTheBody() throws Exception {
        List<String> drop = List.of(message(1, 3), message(2, 20_000));
        try (ScriptedServer server = pop3(drop)) {
            Result fetch = run(server, "headers_first = true\n", "fetch");
            assertEquals(0, fetch.code, fetch.out + fetch.err);
            assertTrue(fetch.out.startsWith("home: 2 new (2 header-only)"), fetch.out);
            assertEquals(1, count("TOP"), "TOP is asked once, then RETR stands in for it: " + commands);

            Result list = run(server, "headers_first = true\n", "list", "--cached");
            assertEquals(0, list.code, list.err);
            assertTrue(list.out.contains("message 1") && list.out.contains("message 2"), list.out);

            // The header stored, not the body: the body comes when the message is read.
            Result read = run(server, "headers_first = true\n", "read", "INBOX", "2");
            assertEquals(0, read.code, read.out + read.err);
            assertTrue(read.out.contains("body line 19999 of message 2"), read.out);

            Result again = run(server, "headers_first = true\n", "fetch");
            assertEquals(0, again.code, again.out + again.err);
            assertTrue(again.out.startsWith("home: 0 new, 2 skipped"), again.out);
        }
    }

    @Test
    void headersOnlyAndMaxMessageBytesWorkWithoutTop() throws Exception {
        List<String> drop = List.of(message(1, 1), message(2, 500));
        try (ScriptedServer server = pop3(drop)) {
            Result fetch = run(server, "max_message_bytes = 2000\n", "fetch");
            assertEquals(0, fetch.code, fetch.out + fetch.err);
            assertTrue(fetch.out.startsWith("home: 2 new (1 header-only)"), fetch.out);
            Result list = run(server, "max_message_bytes = 2000\n", "list");
            assertEquals(0, list.code, list.out + list.err);
            assertTrue(list.out.contains("message 2"), list.out);
        }
        commands.clear();
        try (ScriptedServer server = pop3(List.of(message(3, 2)))) {
            Result fetch = run(server, "", "fetch", "--headers-only");
            assertEquals(0, fetch.code, fetch.out + fetch.err);
            assertTrue(fetch.out.startsWith("home: 1 new (1 header-only)"), fetch.out);
        }
    }
}
