package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.cli.CliRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `postern send` to a submission server that garbles its greeting, EHLO or the login's answer (hunt33-X X3, X8, X14):
 * only a reply that refuses the login (535) is a refused login and only a greeting of another protocol is a wrong
 * port (78, nothing queued); a reply out of place, a greeting cut short or an EHLO that lost its AUTH line is the
 * server's fault (75, the message waits in the outbox); and postern, which has a password to log in with, never
 * sends without logging in.
 */
class HostileSmtpLoginTest {
    @TempDir Path dir;

    private static final String EHLO = "250-hostile\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME";

    /** The commands the server was sent (verbs; AUTH without its secret), for "nothing went out unauthenticated". */
    private final List<String> verbs = new CopyOnWriteArrayList<>();

    /** A submission server answering as usual (AUTH offered, 235 to it) but where {@code replies} says otherwise. */
    private ScriptedServer server(Map<String, String> replies) throws Exception {
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, replies.getOrDefault("GREETING", "220 hostile ESMTP"));
            boolean data = false;
            for (String line; (line = ScriptedServer.line(in)) != null; ) {
                if (data) {
                    if (!line.equals(".")) continue;
                    data = false;
                    ScriptedServer.say(out, "250 queued");
                    continue;
                }
                String verb = line.split("[ :]")[0].toUpperCase(Locale.ROOT);
                verbs.add(verb);
                String reply = replies.get(verb);
                if ("CLOSE".equals(reply)) return;
                if (reply != null) {
                    ScriptedServer.say(out, reply);
                    continue;
                }
                switch (verb) {
                    case "EHLO" -> ScriptedServer.say(out, EHLO);
                    case "AUTH" -> ScriptedServer.say(out, "235 2.7.0 ok");
                    case "DATA" -> {
                        ScriptedServer.say(out, "354 go");
                        data = true;
                    }
                    case "QUIT" -> {
                        ScriptedServer.say(out, "221 bye");
                        return;
                    }
                    default -> ScriptedServer.say(out, "250 ok");
                }
            }
        });
    }

    private int runs;

    /** A config of its own (its own store and outbox) for each send. */
    private Path config(int port) throws Exception {
        runs++;
        return CliRun.writeConfig(dir.resolve("config" + runs + ".toml"), dir.resolve("data" + runs),
                CliRun.account("test", "imap", dev.postern.ClosedPort.take(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + port
                        + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\ntimeout_seconds = 5\n");
    }

    private Result send(Map<String, String> replies) throws Exception {
        verbs.clear();
        try (ScriptedServer server = server(replies)) {
            return CliRun.runWithStdin(dir, config(server.port()), "body\n".getBytes(StandardCharsets.UTF_8), "send", "--to",
                    "bob@localhost", "-s", "kept");
        }
    }

    /** 75, one line, the message in the outbox. */
    private void queued(Result r, String what) throws Exception {
        String m = what + ": exit " + r.code() + ": " + r.err();
        assertEquals(75, r.code(), m);
        assertEquals(1, r.err().strip().lines().count(), m);
        assertFalse(r.err().contains("Exception") || r.err().contains("unexpected error"), m);
        Result outbox = CliRun.run(dir, dir.resolve("config" + runs + ".toml"), "outbox");
        assertTrue(outbox.out().contains("kept"), m + " / outbox: " + outbox.out());
    }

    /** hunt33-X X14: "250 PIPELINING" (the EHLO's last line, read late) as AUTH's answer is no refused password. */
    @Test
    void aReplyOutOfPlaceAtTheLoginIsTheServersFaultAndTheMessageWaits() throws Exception {
        for (String reply : List.of("250 PIPELINING", "354 go ahead", "220 hostile ESMTP")) {
            Result r = send(Map.of("AUTH", reply));
            queued(r, reply);
            assertFalse(r.err().contains("password") || r.err().contains("rejected") || r.err().contains("refused"), r.err());
            assertTrue(r.err().contains("answered the login at AUTH with a reply that does not answer it (it sent: " + reply
                    + ")"), r.err());
            assertFalse(verbs.contains("MAIL"), reply + ": " + verbs);
        }
        // A 535 still is a refused password: 78, not queued.
        Result wrong = send(Map.of("AUTH", "535 5.7.8 Authentication credentials invalid"));
        assertEquals(78, wrong.code(), wrong.err());
        assertTrue(wrong.err().contains("rejected user 'alice' or its password"), wrong.err());
    }

    /** hunt33-X X8: a greeting cut short is the server's trouble (75, queued); only another protocol's is a wrong port. */
    @Test
    void onlyAGreetingOfAnotherProtocolIsAWrongPort() throws Exception {
        for (String greeting : List.of("2\r\n421 bye", "22", "2x0 ready")) {
            Result r = send(Map.of("GREETING", greeting));
            queued(r, greeting);
            assertFalse(r.err().contains("does not speak SMTP"), r.err());
            assertTrue(r.err().contains("gave no SMTP answer in its greeting"), r.err());
        }
        for (String greeting : List.of("* OK [CAPABILITY IMAP4rev1] Dovecot ready.", "+OK Dovecot ready.",
                "HTTP/1.1 400 Bad Request")) {
            Result r = send(Map.of("GREETING", greeting));
            assertEquals(78, r.code(), greeting + ": " + r.err());
            assertTrue(r.err().contains("does not speak SMTP (it sent: " + greeting + "); check host and port"), r.err());
            assertTrue(CliRun.run(dir, dir.resolve("config" + runs + ".toml"), "outbox").out().contains("the outbox is empty"));
        }
    }

    /**
     * hunt33-X X3: with no AUTH offered postern went on unauthenticated, and the server's 530 to RCPT TO was "check the
     * address" (65). It sends nothing without logging in: 78 for a server that offers none, 75 when the EHLO reply looks
     * damaged (an AUTH line that lost its keyword) or was a 421; a 530 to the message is "requires a login", never the
     * address's fault.
     */
    @Test
    void nothingIsSentWithoutALogin() throws Exception {
        // A relay that offers no login at all (a local MTA, a test server) takes the message without one, as before.
        Result none = send(Map.of("EHLO", "250-relay\r\n250 8BITMIME"));
        assertEquals(0, none.code(), none.err());
        assertTrue(verbs.contains("MAIL"), verbs.toString());

        // ... also when it offers STARTTLS beside (Debian's default Postfix on port 25, a plain table: hunt 33-R, R3).
        Result tls = send(Map.of("EHLO", "250-relay\r\n250 STARTTLS"));
        assertEquals(0, tls.code(), tls.err());
        assertTrue(verbs.contains("MAIL"), verbs.toString());

        Result damaged = send(Map.of("EHLO", "250-hostile\r\n250-AUAIN LOGIN\r\n250 8BITMIME"));
        queued(damaged, "damaged EHLO");
        assertTrue(damaged.err().contains("offered no login (AUTH) in a reply to EHLO that looks damaged"), damaged.err());
        assertFalse(verbs.contains("MAIL"), verbs.toString());

        Result closing = send(Map.of("EHLO", "421 4.3.2 closing"));
        queued(closing, "421 to EHLO");
        assertTrue(closing.err().contains("is not taking mail now at EHLO (server said: 421 4.3.2 closing)"), closing.err());
        assertFalse(verbs.contains("HELO") || verbs.contains("MAIL"), verbs.toString());

        for (String verb : List.of("MAIL", "RCPT")) {
            Result required = send(Map.of(verb, "530 5.7.0 Authentication required."));
            assertEquals(78, required.code(), verb + ": " + required.err());
            assertTrue(required.err().contains("because it requires a login (server said: 530 5.7.0 Authentication"
                    + " required.); nothing was sent (postern logs in as user 'alice' wherever the server offers AUTH)"),
                    required.err());
            assertFalse(required.err().contains("check the address") || required.err().contains("would not help"),
                    required.err());
        }
    }
}
