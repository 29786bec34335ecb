package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.cli.CliRun.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `postern fetch` against a POP3 server that will not send one message whole, or breaks part-way: the one message is
 * that message's error and the others are fetched on a fresh connection; a run that fails still reports what it stored.
 */
class Pop3MessageFaultFetchTest {
    @TempDir Path dir;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    /** RETR of a key is answered with the text of the message its value names (a server whose index is wrong). */
    private final Map<Integer, Integer> liar = new java.util.concurrent.ConcurrentHashMap<>();
    /** What UIDL n is: "uid-n" unless a test moves the server (a new UIDL format, the same messages). */
    private volatile String uidl = "uid-";

    interface Retr {
        void send(java.net.Socket s, OutputStream out) throws Exception;
    }

    static String message(int n) {
        return HostilePop3FetchTest.message(n);
    }

    /** RETR without end: 1 MiB chunks until the client closes the connection. */
    static final Retr ENDLESS = (s, out) -> {
        out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = ("x".repeat(1000) + "\r\n").repeat(1000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 1000; i++) out.write(chunk);
    };

    /** RETR answered with silence, until the client gives up. */
    static final Retr SILENT = (s, out) -> Thread.sleep(60_000);

    /** A server of {@code count} messages (UIDL "uid-n"); RETR of a number in {@code hostile} gets that instead. */
    private ScriptedServer pop3(int count, Map<Integer, Retr> hostile) throws IOException {
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK ready");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                commands.add(line);
                String[] w = line.split(" ");
                switch (w[0].toUpperCase(Locale.ROOT)) {
                    case "USER", "PASS", "NOOP", "RSET", "DELE" -> ScriptedServer.say(out, "+OK");
                    case "STAT" -> ScriptedServer.say(out, "+OK " + count + " " + count * 100);
                    case "UIDL", "LIST" -> {
                        StringBuilder b = new StringBuilder("+OK\r\n");
                        for (int i = 1; i <= count; i++) {
                            b.append(i).append(' ').append(w[0].equalsIgnoreCase("UIDL") ? uidl + i : message(i).length()).append("\r\n");
                        }
                        out.write((b + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "TOP" -> {
                        String m = message(Integer.parseInt(w[1]));
                        out.write(("+OK\r\n" + m.substring(0, m.indexOf("\r\n\r\n") + 4) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "RETR" -> {
                        int n = Integer.parseInt(w[1]);
                        int sent = liar.getOrDefault(n, n);
                        if (sent != n) {
                            out.write(("+OK\r\n" + message(sent) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            continue;
                        }
                        if (hostile.containsKey(n)) {
                            hostile.get(n).send(s, out);
                            return;
                        }
                        out.write(("+OK\r\n" + message(n) + ".\r\n").getBytes(StandardCharsets.US_ASCII));
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

    private Path config(int port, int timeoutSeconds) throws IOException {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                dev.postern.e2e.PosternConfig.account("home", "pop3", "127.0.0.1", port, "plain", "alice", "secret",
                        timeoutSeconds, null), "[accounts.home.pop3]\nkeep_on_server = false\n");
    }

    private long count(String prefix) {
        return commands.stream().filter(c -> c.startsWith(prefix)).count();
    }

    /**
     * A message whose RETR passes the cap on one answer (LIST called it small) no longer ends every run: the others are
     * fetched on a fresh connection, it is stored header-only and named, and the next run does not read it again.
     */
    @Test
    void aMessagePastTheAnswerCapIsStoredHeaderOnlyAndTheOthersAreFetched() throws Exception {
        try (AutoCloseable cap = dev.postern.backend.Pop3Caps.lowered(2 << 20);
                ScriptedServer server = pop3(3, Map.of(1, ENDLESS))) {
            Path cfg = config(server.port(), 5);
            Result r = CliRun.run(dir, cfg, "fetch", "--json");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"ok\":true,\"new\":3,\"header_only\":1"), r.out);
            assertTrue(r.out.contains("sent more than 2 MiB for message 1"), r.out);
            assertTrue(r.out.contains("only its header is stored"), r.out);
            assertEquals(2, count("USER"), "one reconnect: " + commands);
            assertEquals(List.of("DELE 2", "DELE 3"), commands.stream().filter(c -> c.startsWith("DELE")).toList(),
                    "a message not stored whole stays on the server");
            Result list = CliRun.run(dir, cfg, "list", "--cached");
            for (int i = 1; i <= 3; i++) assertTrue(list.out.contains("message " + i), list.out);

            commands.clear();
            Result again = CliRun.run(dir, cfg, "fetch");
            assertEquals(0, again.code, again.out + again.err);
            assertTrue(again.out.startsWith("home: 0 new"), again.out);
            assertEquals(0, count("RETR"), "the message past the cap is not read again: " + commands);
        }
    }

    /** A RETR that stalls past the time-out is that message's error: the others are fetched, the next run tries it. */
    @Test
    void aStalledRetrIsThatMessagesErrorAndTheNextRunTriesItAgain() throws Exception {
        try (ScriptedServer server = pop3(3, Map.of(2, SILENT))) {
            Path cfg = config(server.port(), 1);
            Result r = CliRun.run(dir, cfg, "fetch");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.startsWith("home: 2 new"), r.out);
            assertTrue(r.err.contains("did not send message 2 whole within 1 s"), r.err);
            assertFalse(r.err.contains("Exception"), r.err);
            Result list = CliRun.run(dir, cfg, "list", "--cached");
            assertTrue(list.out.contains("message 1") && list.out.contains("message 3"), list.out);
            assertFalse(list.out.contains("message 2"), list.out);
        }
        commands.clear();
        try (ScriptedServer server = pop3(3, Map.of())) {
            Path cfg = config(server.port(), 1);
            Result r = CliRun.run(dir, cfg, "fetch");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.startsWith("home: 1 new"), r.out);
            assertEquals(List.of("RETR 2"), commands.stream().filter(c -> c.startsWith("RETR")).toList());
        }
    }

    /** {@code --quiet} (cron's mode) drops the summary, never a failure: the message it could not fetch is said on stderr. */
    @Test
    void quietStillSaysTheMessageItCouldNotFetch() throws Exception {
        try (ScriptedServer server = pop3(3, Map.of(2, SILENT))) {
            Path cfg = config(server.port(), 1);
            Result r = CliRun.run(dir, cfg, "fetch", "--quiet");
            assertEquals(0, r.code, r.out + r.err);
            assertEquals("", r.out);
            assertTrue(r.err.contains("did not send message 2 whole within 1 s"), r.err);
        }
    }

    /** More such messages than a run allows end it, with what it stored told beside the failure. */
    @Test
    void manyStalledMessagesEndTheRunAfterAFew() throws Exception {
        try (ScriptedServer server = pop3(6, Map.of(1, SILENT, 2, SILENT, 3, SILENT, 5, SILENT))) {
            Result r = CliRun.run(dir, config(server.port(), 1), "fetch", "--json");
            assertEquals(75, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"ok\":false,\"new\":1,"), r.out);
            assertEquals(4, count("USER"), commands.toString());
        }
    }

    /** RETR answered with the message but no final dot: the server closes the link in the middle of it. */
    static final Retr CUT = (s, out) -> {
        out.write(("+OK\r\n" + message(1)).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    };

    /**
     * A server that closes the link in the middle of one message (Dovecot does, on a size mismatch) no longer blocks
     * every later message on every run: that message is named, postern logs in again and fetches the others, nothing
     * is deleted for it, and the next run tries it again.
     */
    @Test
    void aLinkLostInTheMiddleOfOneMessageIsThatMessagesError() throws Exception {
        try (ScriptedServer server = pop3(4, Map.of(2, CUT))) {
            Path cfg = config(server.port(), 5);
            Result r = CliRun.run(dir, cfg, "fetch", "--json");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"ok\":true,\"new\":3,"), r.out);
            assertTrue(r.out.contains("\"message_errors\":[\"account home: the connection to 127.0.0.1:" + server.port()
                    + " was lost in the middle of message 2; the others were fetched, and the next fetch tries it again.\"]"),
                    r.out);
            assertEquals(2, count("USER"), "one reconnect: " + commands);
            assertEquals(List.of("DELE 1", "DELE 3", "DELE 4"), commands.stream().filter(c -> c.startsWith("DELE")).toList(),
                    "the message not stored whole stays on the server");

            commands.clear();
            Result text = CliRun.run(dir, cfg, "fetch");
            assertEquals(0, text.code, text.out + text.err);
            assertTrue(text.err.contains("was lost in the middle of message 2;"), text.err);
            assertEquals(List.of("RETR 2"), commands.stream().filter(c -> c.startsWith("RETR")).toList(),
                    "tried again, the others not read twice: " + commands);
        }
        commands.clear();
        try (ScriptedServer server = pop3(4, Map.of())) {
            Result r = CliRun.run(dir, config(server.port(), 5), "fetch");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.startsWith("home: 1 new"), r.out);
            assertTrue(commands.contains("DELE 2"), commands.toString());
        }
    }

    /**
     * A run that ends part-way (here at the fourth message whose link breaks): the messages stored before it are
     * counted in the JSON and the text line, not reported as "0 new"; nothing is deleted.
     */
    @Test
    void aRunThatFailsPartWayReportsWhatItStored() throws Exception {
        try (ScriptedServer server = pop3(6, Map.of(3, CUT, 4, CUT, 5, CUT, 6, CUT))) {
            Path cfg = config(server.port(), 5);
            Result r = CliRun.run(dir, cfg, "fetch", "--json");
            assertEquals(75, r.code, r.out + r.err);
            int bytes = message(1).length() + message(2).length();
            assertTrue(r.out.contains("\"ok\":false,\"new\":2,\"header_only\":0,\"bodies\":0,\"skipped\":0,\"deleted\":0,"
                    + "\"delete_refused\":0,\"bytes\":" + bytes + ","), r.out);
            assertTrue(r.out.contains("\"exit\":75"), r.out);
            assertEquals(0, count("DELE"), commands.toString());
        }
        try (ScriptedServer server = pop3(7, Map.of(4, CUT, 5, CUT, 6, CUT, 7, CUT))) {
            Result r = CliRun.run(dir, config(server.port(), 5), "fetch");
            assertEquals(75, r.code, r.out + r.err);
            assertTrue(r.out.startsWith("home: failed after 1 new, "), r.out);
        }
    }

    /**
     * A server that answers RETR 3 with message 1's text: message 3 is not stored as message 1, nor deleted unseen
     * under keep_on_server = false; it is named, run after run, until the server sends its own text.
     */
    @Test
    void aRetrAnsweredWithAnotherMessagesTextIsNeitherStoredNorDeleted() throws Exception {
        liar.put(3, 1);
        try (ScriptedServer server = pop3(4, Map.of())) {
            Path cfg = config(server.port(), 5);
            Result r = CliRun.run(dir, cfg, "fetch", "--json");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"ok\":true,\"new\":3,"), r.out);
            assertTrue(r.out.contains("\"message_errors\":[\"account home: the server answered RETR 3 with the same text as"
                    + " message 1 of this run; it is not stored and stays on the server, and the next fetch tries it again.\"]"),
                    r.out);
            assertEquals(List.of("DELE 1", "DELE 2", "DELE 4"), commands.stream().filter(c -> c.startsWith("DELE")).toList());

            commands.clear();
            Result again = CliRun.run(dir, cfg, "fetch");
            assertEquals(0, again.code, again.out + again.err);
            assertTrue(again.err.contains("answered RETR 3 with the same text as a message fetched before (UID 1 in the store)"),
                    again.err);
            assertFalse(commands.contains("DELE 3"), commands.toString());

            liar.clear();
            commands.clear();
            Result fixed = CliRun.run(dir, cfg, "fetch");
            assertEquals(0, fixed.code, fixed.out + fixed.err);
            assertTrue(fixed.out.startsWith("home: 1 new"), fixed.out);
            assertTrue(commands.contains("DELE 3"), commands.toString());
            Result list = CliRun.run(dir, cfg, "list", "--cached");
            for (int i = 1; i <= 4; i++) assertTrue(list.out.contains("message " + i), list.out);
        }
    }

    /**
     * A server that gives every message a new UIDL (a server moved, its UIDL format changed), for an account that deletes
     * after some days: the same texts under the new UIDLs are these very messages (their old UIDLs are listed no more),
     * so they are taken as they are, once, not refused and fetched again at every run (hunt 31-T, T3).
     */
    @Test
    void theSameMessagesUnderNewUidlsAreTakenOnce() throws Exception {
        try (ScriptedServer server = pop3(3, Map.of())) {
            Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                    dev.postern.e2e.PosternConfig.account("home", "pop3", "127.0.0.1", server.port(), "plain", "alice", "secret",
                            5, null), "[accounts.home.pop3]\nkeep_on_server = true\ndelete_after_days = 30\n");
            assertEquals(0, CliRun.run(dir, cfg, "fetch").code);
            uidl = "moved-";
            Result r = CliRun.run(dir, cfg, "fetch", "--json");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"message_errors\":[]"), r.out);
            commands.clear();
            Result again = CliRun.run(dir, cfg, "fetch", "--json");
            assertEquals(0, again.code, again.out + again.err);
            assertEquals(0, count("RETR"), "nothing is fetched again: " + commands);
        }
    }

    /**
     * An account that deletes nothing takes two messages of the same bytes as they are, once (a duplicate the server
     * really holds was refused and fetched again at every run, hunt 31-T, T4): nothing can be deleted unseen there.
     */
    @Test
    void identicalTextsAreTakenWhenNothingIsDeleted() throws Exception {
        liar.put(2, 1);
        try (ScriptedServer server = pop3(3, Map.of())) {
            Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                    dev.postern.e2e.PosternConfig.account("home", "pop3", "127.0.0.1", server.port(), "plain", "alice", "secret",
                            5, null), "[accounts.home.pop3]\nkeep_on_server = true\n");
            Result r = CliRun.run(dir, cfg, "fetch", "--json");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"new\":3,") && r.out.contains("\"message_errors\":[]"), r.out);
            commands.clear();
            assertEquals(0, CliRun.run(dir, cfg, "fetch").code);
            assertEquals(0, count("RETR"), "nothing is fetched again: " + commands);
        }
    }

    /**
     * With headers first: a RETR for --bodies whose Message-ID is not the one of the header stored for it is not
     * stored over it, nor deleted; the message whose text it was is still fetched as itself.
     */
    @Test
    void aRetrWhoseMessageIdIsNotTheStoredHeadersIsNeitherStoredNorDeleted() throws Exception {
        try (ScriptedServer server = pop3(3, Map.of())) {
            Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                    dev.postern.e2e.PosternConfig.account("home", "pop3", "127.0.0.1", server.port(), "plain", "alice", "secret",
                            5, null), "[accounts.home.pop3]\nkeep_on_server = false\nheaders_first = true\n");
            assertEquals(0, CliRun.run(dir, cfg, "fetch").code);
            assertEquals(0, count("RETR"), commands.toString());
            liar.put(2, 3);
            commands.clear();
            Result r = CliRun.run(dir, cfg, "fetch", "--bodies", "--json");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("\"bodies\":2,"), r.out);
            assertTrue(r.out.contains("the server answered RETR 2 with a text whose Message-ID is not the one its header had;"),
                    r.out);
            assertEquals(List.of("DELE 1", "DELE 3"), commands.stream().filter(c -> c.startsWith("DELE")).toList());
        }
    }

    /**
     * `list` downloads a POP3 maildrop: a message it could not download is said on stderr, as fetch says it, not left
     * out of the rows without a word.
     */
    @Test
    void listSaysWhatItCouldNotDownload() throws Exception {
        try (ScriptedServer server = pop3(3, Map.of(2, CUT))) {
            Result r = CliRun.run(dir, config(server.port(), 5), "list");
            assertEquals(0, r.code, r.out + r.err);
            assertTrue(r.out.contains("message 1") && r.out.contains("message 3") && !r.out.contains("message 2"), r.out);
            assertTrue(r.err.contains("postern: account home: the connection to 127.0.0.1:" + server.port()
                    + " was lost in the middle of message 2; the others were fetched"), r.err);
        }
    }

    /** A server that greets with -ERR refuses to serve now: said in its words (control codes made harmless), exit 75. */
    @Test
    void aGreetingOfErrIsTheServersRefusalInItsWords() throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "-ERR [SYS/TEMP] maintenance \u001b[2J until noon");
            String line;
            while ((line = ScriptedServer.line(in)) != null) commands.add(line);
        })) {
            Result r = CliRun.run(dir, config(server.port(), 5), "fetch");
            assertEquals(75, r.code, r.out + r.err);
            String err = r.err.strip();
            assertTrue(err.contains("the server at 127.0.0.1:" + server.port() + " refused the connection (server said:"
                    + " [SYS/TEMP] maintenance ?[2J until noon); try again later."), err);
            assertFalse(err.contains("lost"), err);
            assertFalse(err.contains("\n"), err);
            assertTrue(commands.stream().noneMatch(c -> c.startsWith("PASS")), "no password sent: " + commands);
        }
    }
}
