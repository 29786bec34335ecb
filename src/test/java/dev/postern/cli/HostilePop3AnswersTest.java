package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.cli.CliRun.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `postern fetch` against POP3 servers whose answers are out of the shape RFC 1939 gives them, one command's answer
 * at a time: whatever the answer, the fetch ends with 0 (the answer could be read around) or 75 naming the server as
 * at fault, in one sentence, never 70 ("unexpected error") and never a Java exception's name.
 */
class HostilePop3AnswersTest {
    @TempDir Path dir;

    static String message(int n) {
        return "From: bob@localhost\r\nSubject: message " + n + "\r\nMessage-ID: <m" + n + "@localhost>\r\n\r\nbody " + n + "\r\n";
    }

    /** The well-formed answers of a three-message maildrop, by command (with its argument where it has one). */
    static final Map<String, String> GOOD = Map.of(
            "STAT", "+OK 3 300",
            "LIST", "+OK\r\n1 100\r\n2 100\r\n3 100\r\n.",
            "UIDL", "+OK\r\n1 a\r\n2 b\r\n3 c\r\n.",
            "CAPA", "+OK\r\nUIDL\r\nTOP\r\nUSER\r\n.");

    /** Each case: "COMMAND=>answer" (\n stands for CRLF) replacing the good answer to COMMAND. */
    @ParameterizedTest
    @ValueSource(strings = {
        "STAT=>+OK",
        "STAT=>+OK x y",
        "STAT=>+OK -5 100",
        "STAT=>+OK 3",
        "STAT=>hello",
        "LIST=>+OK\n1 abc\n2 100\n3 100\n.",
        "LIST=>+OK\ngarbage\n.",
        "LIST=>+OK\n1 -7\n2 100\n3 100\n.",
        "LIST=>+OK\n9 100\n.",
        "UIDL=>+OK\n1\n2 b\n3 c\n.",
        "UIDL=>+OK\nabc def\n.",
        "UIDL=>+OK\n0 x\n1 a\n2 b\n3 c\n.",
        "UIDL=>+OK\n99 x\n1 a\n2 b\n3 c\n.",
        "UIDL=>+OK\n-1 x\n.",
        "UIDL=>-ERR no",
        "CAPA=>+OK\n" + "SASL\n.",
        "CAPA=>garbage",
        "RETR 2=>+OK",
        "RETR 2=>hello",
        "RETR 2=>-ERR",
        "TOP 1 0=>+OK\n.",
        "USER=>+OK\n.",
    })
    void anAnswerOutOfShapeIsReadAroundOrTheServersFault(String spec) throws Exception {
        String[] kv = spec.split("=>", 2);
        String answer = kv[1].replace("\n", "\r\n");
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK hostile");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                String cmd = line.split(" ")[0].toUpperCase(Locale.ROOT);
                if (line.equalsIgnoreCase(kv[0]) || cmd.equals(kv[0])) {
                    ScriptedServer.say(out, answer);
                    continue;
                }
                switch (cmd) {
                    case "STAT", "LIST", "UIDL", "CAPA" -> {
                        if (line.contains(" ")) {
                            int n = Integer.parseInt(line.split(" ")[1]);
                            ScriptedServer.say(out, n >= 1 && n <= 3 ? "+OK " + n + (cmd.equals("LIST") ? " 100" : " " + (char) ('a' + n - 1)) : "-ERR no such message");
                        } else {
                            ScriptedServer.say(out, GOOD.get(cmd));
                        }
                    }
                    case "RETR" -> ScriptedServer.say(out, "+OK\r\n" + message(Integer.parseInt(line.split(" ")[1])) + ".");
                    case "TOP" -> {
                        String m = message(Integer.parseInt(line.split(" ")[1]));
                        ScriptedServer.say(out, "+OK\r\n" + m.substring(0, m.indexOf("\r\n\r\n") + 4) + ".");
                    }
                    case "QUIT" -> {
                        ScriptedServer.say(out, "+OK bye");
                        return;
                    }
                    default -> ScriptedServer.say(out, "+OK");
                }
            }
        })) {
            Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                    CliRun.account("home", "pop3", server.port(), "alice", "secret"));
            Result r = CliRun.run(dir, cfg, "fetch");
            String err = r.err.strip();
            assertTrue(r.code == 0 || r.code == 75 || r.code == 66, spec + ": exit " + r.code + ": " + r.out + err);
            assertFalse(err.contains("unexpected error"), spec + ": " + err);
            assertFalse(err.contains("Exception"), spec + ": " + err);
            assertFalse(err.contains("\n"), spec + ": " + err);
            if (r.code == 75) assertTrue(err.contains("127.0.0.1:"), spec + ": " + err);
            Result list = CliRun.run(dir, cfg, "list", "--cached");
            assertTrue(list.code == 0, spec + ": the store opens after it: " + list.err);
        }
    }

    /** hunt37-J J16: an IMAP, SMTP or web server where the POP3 server was looked for was 75, "the server is faulty". */
    @ParameterizedTest
    @ValueSource(strings = {"* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR] Dovecot (Debian) ready.|IMAP",
        "220 mx.example ESMTP Postfix|SMTP", "HTTP/1.1 400 Bad Request|a web server"})
    void anotherProtocolsServerOnThePop3PortIsSaidNotToSpeakPop3(String spec) throws Exception {
        String[] g = spec.split("\\|");
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, g[0]);
            while (ScriptedServer.line(in) != null) ScriptedServer.say(out, g[0].startsWith("*") ? "x BAD unknown" : "500 what?");
        })) {
            Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                    CliRun.account("home", "pop3", server.port(), "alice", "secret"));
            Result r = CliRun.run(dir, cfg, "fetch");
            assertEquals(78, r.code, spec + ": " + r.err);
            assertTrue(r.err.contains("does not speak POP3 (server said: " + g[0] + "); check host and port")
                    && r.err.contains("it greets as " + g[1]), r.err);
        }
    }
}
