package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.cli.CliRun.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `postern fetch` (keep_on_server = false) against a POP3 server whose answers say what cannot be taken as said: a
 * message whose RETR ends at a line "." it did not dot-stuff, LIST sizes it does not keep to.
 */
class HostilePop3ListingTest {
    @TempDir Path dir;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    /** What RETR n sends between "+OK" and the final ".": the message dot-stuffed, unless a test puts another text. */
    private final Map<Integer, String> wire = new ConcurrentHashMap<>();
    /** LIST's octets for n: the message's (dot-stuffed, CRLF), unless a test puts another number. */
    private final Map<Integer, String> sizes = new ConcurrentHashMap<>();
    /** UIDL n: "uid-n", unless a test puts another. */
    private final Map<Integer, String> uidls = new ConcurrentHashMap<>();
    /** The answer to STAT, when a test puts one. */
    private volatile String stat;

    /** Message n; message 1 holds a line "." (sent ".." by a server that keeps to RFC 1939). */
    static String message(int n) {
        String body = n == 1 ? "before the dot\r\n.\r\nafter the dot\r\nand the end\r\n" : "body " + n + "\r\n";
        return "From: bob@localhost\r\nTo: alice@localhost\r\nSubject: message " + n + "\r\nMessage-ID: <m" + n
                + "@localhost>\r\n\r\n" + body;
    }

    static String stuffed(String m) {
        return m.replace("\r\n.", "\r\n..");
    }

    private ScriptedServer pop3(int count) throws IOException {
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK ready");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                commands.add(line);
                String[] w = line.split(" ");
                switch (w[0].toUpperCase(Locale.ROOT)) {
                    case "USER", "PASS", "NOOP", "RSET", "DELE" -> ScriptedServer.say(out, "+OK");
                    case "STAT" -> ScriptedServer.say(out, stat != null ? stat : "+OK " + count + " " + count * 100);
                    case "UIDL", "LIST" -> {
                        StringBuilder b = new StringBuilder("+OK\r\n");
                        for (int i = 1; i <= count; i++) {
                            b.append(i).append(' ').append(w[0].equalsIgnoreCase("UIDL") ? uidls.getOrDefault(i, "uid-" + i)
                                    : sizes.getOrDefault(i, "" + stuffed(message(i)).length())).append("\r\n");
                        }
                        out.write((b + ".\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                    case "RETR" -> {
                        int n = Integer.parseInt(w[1]);
                        String text = wire.getOrDefault(n, stuffed(message(n)));
                        out.write(("+OK\r\n" + text + ".\r\n").getBytes(StandardCharsets.ISO_8859_1));
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

    private Path config(int port) throws IOException {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                dev.postern.e2e.PosternConfig.account("home", "pop3", "127.0.0.1", port, "plain", "alice", "secret", 5, null),
                "[accounts.home.pop3]\nkeep_on_server = false\n");
    }

    private List<String> deletions() {
        return commands.stream().filter(c -> c.startsWith("DELE")).toList();
    }

    /**
     * A server that does not dot-stuff message 1's line "." ends its RETR there: the first lines were stored as the whole
     * message, never fetched again, and deleted from the server (hunt 33-X, X16). Now the rest, coming where the next
     * answer belongs, shows it cut short: it is that message's error, neither stored nor deleted, and fetched whole once
     * the server sends it whole.
     */
    @Test
    void aMessageEndedEarlyByAStrayDotIsNeitherStoredNorDeleted() throws Exception {
        wire.put(1, message(1));
        try (ScriptedServer server = pop3(3)) {
            Path cfg = config(server.port());
            Result r = CliRun.run(dir, cfg, "fetch", "--json");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"ok\":true,\"new\":2,"), r.out);
            assertTrue(r.out.contains("\"message_errors\":[\"account home: the server at 127.0.0.1:" + server.port()
                    + " ended message 1 early (108 octets of the 140 its LIST gave, and more of it followed the line \\\".\\\""
                    + " that ended it: \\\"after the dot\\\"); it is not stored and stays on the server; the others were"
                    + " fetched, and the next fetch tries it again.\"]"), r.out);
            assertEquals(List.of("DELE 2", "DELE 3"), deletions(), "the message cut short stays on the server");
            Result list = CliRun.run(dir, cfg, "list", "--cached");
            assertFalse(list.out.contains("message 1"), list.out);

            wire.clear();
            commands.clear();
            Result again = CliRun.run(dir, cfg, "fetch");
            assertEquals(0, again.code, again.out + again.err);
            assertTrue(again.out.startsWith("home: 1 new"), again.out);
            assertTrue(deletions().contains("DELE 1"), commands.toString());
            Result read = CliRun.run(dir, cfg, "read", "--raw", "INBOX", "3"); // stored third: UID 3
            assertTrue(read.out.contains("before the dot\r\n.\r\nafter the dot\r\nand the end"), read.out);
        }
    }

    /**
     * LIST sizes are not kept to by every server (estimates, bare-LF counts): a message that ends clean, the next answer
     * an answer, is taken whatever LIST said, and deleted as the policy says.
     */
    @Test
    void aMessageThatEndsCleanIsTakenWhateverListSaid() throws Exception {
        sizes.put(1, "9000");
        sizes.put(2, "40");
        try (ScriptedServer server = pop3(3)) {
            Result r = CliRun.run(dir, config(server.port()), "fetch", "--json");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"ok\":true,\"new\":3,"), r.out);
            assertTrue(r.out.contains("\"message_errors\":[]"), r.out);
            assertEquals(List.of("DELE 1", "DELE 2", "DELE 3"), deletions());
        }
    }

    /**
     * A STAT count Angus cannot read (past 2^31, a NUL in it, none) it takes as 0: "0 new", exit 0, while the server held
     * mail (hunt 33-X, X5). Now the server's fault, named with its words, 75; a maildrop that is empty stays "0 new".
     */
    @Test
    void aStatCountThatIsNoNumberIsTheServersFault() throws Exception {
        try (ScriptedServer server = pop3(3)) {
            Path cfg = config(server.port());
            for (String bad : List.of("+OK 4294967296 400", "+OK 3\0 400", "+OK")) {
                stat = bad;
                Result r = CliRun.run(dir, cfg, "fetch");
                assertEquals(75, r.code, bad + ": " + r.out + r.err);
                assertTrue(r.err.contains("the server at 127.0.0.1:" + server.port() + " answered STAT with a message count"
                        + " postern cannot read (server said: " + bad.replace('\0', '?') + "); a fault of the server"), r.err);
                assertFalse(r.err.strip().contains("\n"), r.err);
            }
            assertEquals(0, commands.stream().filter(c -> c.startsWith("RETR") || c.startsWith("DELE")).count(), commands.toString());
        }
        try (ScriptedServer server = pop3(0)) {
            stat = "+OK 0 0";
            Result r = CliRun.run(dir, config(server.port()), "fetch");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.startsWith("home: 0 new"), r.out);
        }
    }

    /**
     * A UIDL holding a NUL, a space or an 8-bit byte (RFC 1939: 0x21 to 0x7E) was stored as the message's id, and the next
     * fetch, its UIDL whole again, stored the message a second time (hunt 33-X, X6). Now that message is named, neither
     * fetched nor deleted, and fetched once when its UIDL comes as it should.
     */
    @Test
    void aUidlWithForbiddenBytesIsNamedAndTheMessageNotTakenTwice() throws Exception {
        uidls.put(2, "uid-\0-2");
        uidls.put(3, "uid- 3");
        uidls.put(4, "uid-\u00e9-4");
        try (ScriptedServer server = pop3(4)) {
            Path cfg = config(server.port());
            Result r = CliRun.run(dir, cfg, "fetch", "--json");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"ok\":true,\"new\":1,"), r.out);
            for (String shown : List.of("2 with a unique id (UIDL \\\"uid-?-2\\\")", "3 with a unique id (UIDL \\\"uid-?3\\\")",
                    "4 with a unique id (UIDL \\\"uid-?-4\\\")")) {
                assertTrue(r.out.contains("the server at 127.0.0.1:" + server.port() + " listed message " + shown
                        + " holding a space, a control or an 8-bit byte, which RFC 1939 forbids; it is not fetched and stays on"
                        + " the server, and the next fetch tries it again."), r.out);
            }
            assertEquals(List.of("DELE 1"), deletions(), "a message listed with a forbidden UIDL stays on the server");

            uidls.clear();
            commands.clear();
            Result again = CliRun.run(dir, cfg, "fetch");
            assertEquals(0, again.code, again.out + again.err);
            assertTrue(again.out.startsWith("home: 3 new"), again.out);
            Result list = CliRun.run(dir, cfg, "list", "--cached");
            for (int i = 1; i <= 4; i++) {
                assertEquals(1, list.out.split("message " + i + "\\b", -1).length - 1, "once: " + list.out);
            }
        }
    }
}
