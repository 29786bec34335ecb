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
 * A broken POP3 server that gives an already-fetched message's UIDL to a new message as well: the stored message stays
 * stored once, and only the new one is fetched. And one that gives the UIDL of a message it deleted to the next new
 * message (it numbers them): that one is fetched before anything is deleted.
 */
class Pop3SharedUidlFetchTest {
    @TempDir Path dir;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    /** One message of the maildrop: its UIDL and its text. */
    record Msg(String uidl, String text) {}

    static Msg msg(String uidl, int n) {
        return new Msg(uidl, HostilePop3FetchTest.message(n));
    }

    /** A server listing {@code drop} in order (message n is drop[n-1]); TOP sends the header as RFC 1939 has it. */
    private ScriptedServer pop3(List<Msg> drop) throws IOException {
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK ready");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                commands.add(line);
                String[] w = line.split(" ");
                switch (w[0].toUpperCase(Locale.ROOT)) {
                    case "USER", "PASS", "NOOP", "RSET", "DELE" -> ScriptedServer.say(out, "+OK");
                    case "STAT" -> ScriptedServer.say(out, "+OK " + drop.size() + " " + drop.size() * 100);
                    case "UIDL", "LIST" -> {
                        StringBuilder b = new StringBuilder("+OK\r\n");
                        for (int i = 1; i <= drop.size(); i++) {
                            Msg m = drop.get(i - 1);
                            b.append(i).append(' ').append(w[0].equalsIgnoreCase("UIDL") ? m.uidl() : m.text().length()).append("\r\n");
                        }
                        out.write((b + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "TOP" -> {
                        String m = drop.get(Integer.parseInt(w[1]) - 1).text();
                        out.write(("+OK\r\n" + m.substring(0, m.indexOf("\r\n\r\n") + 4) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "RETR" -> {
                        out.write(("+OK\r\n" + drop.get(Integer.parseInt(w[1]) - 1).text() + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "QUIT" -> {
                        ScriptedServer.say(out, "+OK bye");
                        return;
                    }
                    default -> ScriptedServer.say(out, "-ERR unknown");
                }
            }
        });
    }

    private Result fetch(List<Msg> drop, String pop3Options) throws Exception {
        commands.clear();
        try (ScriptedServer server = pop3(drop)) {
            Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                    CliRun.account("home", "pop3", server.port(), "alice", "secret"), "[accounts.home.pop3]\n" + pop3Options);
            return CliRun.run(dir, cfg, "fetch");
        }
    }

    private long listed(String subject) throws Exception {
        Path cfg = dir.resolve("config.toml");
        Result list = CliRun.run(dir, cfg, "list", "--cached");
        assertEquals(0, list.code, list.err);
        return list.out.lines().filter(l -> l.contains(subject)).count();
    }

    private List<String> retrs() {
        return commands.stream().filter(c -> c.startsWith("RETR")).toList();
    }

    @Test
    void aStoredMessageWhoseUidlANewMessageSharesIsNotStoredAgain() throws Exception {
        Result first = fetch(List.of(msg("uid1", 1), msg("uid2", 2)), "");
        assertEquals(0, first.code, first.err);
        assertTrue(first.out.startsWith("home: 2 new"), first.out);
        // The new message comes first in the listing: which one is the stored one is told by its header.
        Result second = fetch(List.of(msg("uid1", 9), msg("uid1", 1), msg("uid2", 2)), "");
        assertEquals(0, second.code, second.err);
        assertTrue(second.out.startsWith("home: 1 new, 2 skipped"), second.out);
        assertEquals(List.of("RETR 1"), retrs());
        assertEquals(1, listed("message 1"));
        assertEquals(1, listed("message 9"));
        // And the next run, with the UIDL still shared, takes nothing again.
        Result third = fetch(List.of(msg("uid1", 1), msg("uid2", 2), msg("uid1", 9)), "");
        assertTrue(third.out.startsWith("home: 0 new, 3 skipped"), third.out);
        assertEquals(List.of(), retrs());
    }

    /** Hunt 41-H, H1: it was skipped as stored ("0 new, 1 skipped, 1 deleted") and deleted from the server unseen. */
    @Test
    void aUidlGivenAgainAfterItsMessageWasDeletedNamesANewMessage() throws Exception {
        String deletes = "keep_on_server = false\n";
        Result first = fetch(List.of(msg("1", 1)), deletes);
        assertEquals(0, first.code, first.err);
        assertTrue(first.out.startsWith("home: 1 new, 0 skipped, 1 deleted"), first.out);
        // The server deleted message 1 at that QUIT, and numbers the next new message 1 again.
        Result second = fetch(List.of(msg("1", 2)), deletes);
        assertEquals(0, second.code, second.err);
        assertTrue(second.out.startsWith("home: 1 new, 0 skipped, 1 deleted"), second.out);
        assertEquals(List.of("RETR 1"), retrs());
        assertTrue(commands.indexOf("RETR 1") < commands.indexOf("DELE 1"), commands.toString());
        assertEquals(1, listed("message 1"));
        assertEquals(1, listed("message 2"));
        // A server that said it deleted message 2 but lists it still, under the same UIDL: its header (TOP) is the stored
        // one's, so it is neither fetched nor stored twice, and is asked to delete it again.
        Result third = fetch(List.of(msg("1", 2)), deletes);
        assertEquals(0, third.code, third.err);
        assertTrue(third.out.startsWith("home: 0 new, 1 skipped, 1 deleted"), third.out);
        assertEquals(List.of(), retrs());
        assertEquals(1, listed("message 2"));
    }

    @Test
    void aMessageStoredHeaderOnlyIsTheFirstOfItsSharedUidl() throws Exception {
        Result first = fetch(List.of(msg("uid1", 1)), "headers_first = true\n");
        assertEquals(0, first.code, first.err);
        assertTrue(first.out.startsWith("home: 1 new (1 header-only)"), first.out);
        Result second = fetch(List.of(msg("uid1", 1), msg("uid1", 9)), "headers_first = true\n");
        assertEquals(0, second.code, second.err);
        assertTrue(second.out.startsWith("home: 1 new (1 header-only), 1 skipped"), second.out);
        assertEquals(1, listed("message 1"));
        assertEquals(1, listed("message 9"));
    }
}
