package dev.postern.backend.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A POP3 login refused with an RFC 2449/3206 response code: [SYS/TEMP] and [IN-USE] (a back end down, the maildrop
 * locked by another client) pass, 75; [AUTH] or no code at all is the credentials, 78.
 */
class Pop3LoginRefusalsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-ERR [SYS/TEMP] backend down, try later|TEMPFAIL",
        "-ERR [IN-USE] mailbox locked by another session|TEMPFAIL",
        "-ERR [LOGIN-DELAY] wait a minute|TEMPFAIL",
        "-ERR [AUTH] invalid password|CONFIG",
        "-ERR invalid password|CONFIG",
    })
    void aRefusedLoginIsToldByItsResponseCode(String reply, ExitCode expected) throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK ready");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                String verb = line.split(" ")[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "CAPA" -> ScriptedServer.say(out, "+OK\r\nUSER\r\nUIDL\r\n.");
                    case "PASS" -> ScriptedServer.say(out, reply);
                    case "QUIT" -> {
                        ScriptedServer.say(out, "+OK bye");
                        return;
                    }
                    default -> ScriptedServer.say(out, "+OK");
                }
            }
        })) {
            AccountConfig a = new AccountConfig("p", Protocol.POP3, "127.0.0.1", server.port(), Security.PLAIN, "alice",
                    new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(2), 0);
            PosternException e = assertThrows(PosternException.class,
                    () -> new Pop3Session(a, () -> "secret", uid -> Optional.empty()).connect());
            assertEquals(expected, e.exitCode(), e.getMessage());
            String said = reply.substring("-ERR ".length());
            assertTrue(e.getMessage().contains(said), e.getMessage());
            if (expected == ExitCode.TEMPFAIL) {
                assertTrue(e.getMessage().endsWith("try again later."), e.getMessage());
                assertFalse(e.getMessage().contains("password"), e.getMessage());
            } else {
                assertTrue(e.getMessage().contains("rejected user 'alice' or its password"), e.getMessage());
            }
        }
    }

    /**
     * STLS refused: a response code that says "for now" ([SYS/TEMP], [IN-USE]: RFC 3206) is 75, try again later, as for
     * the login; any other refusal is 78, use security = "tls". The server's words are said either way, and no password
     * goes out.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-ERR [SYS/TEMP] TLS not available now|TEMPFAIL",
        "-ERR [IN-USE] busy|TEMPFAIL",
        "-ERR TLS not configured|CONFIG",
    })
    void aRefusedStlsIsToldByItsResponseCode(String reply, ExitCode expected) throws Exception {
        java.util.List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK ready");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                commands.add(line);
                String verb = line.split(" ")[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "CAPA" -> ScriptedServer.say(out, "+OK\r\nUSER\r\nUIDL\r\nSTLS\r\n.");
                    case "STLS" -> ScriptedServer.say(out, reply);
                    case "QUIT" -> {
                        ScriptedServer.say(out, "+OK bye");
                        return;
                    }
                    default -> ScriptedServer.say(out, "+OK");
                }
            }
        })) {
            AccountConfig a = new AccountConfig("p", Protocol.POP3, "127.0.0.1", server.port(), Security.STARTTLS, "alice",
                    new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(2), 0);
            PosternException e = assertThrows(PosternException.class,
                    () -> new Pop3Session(a, () -> "secret", uid -> Optional.empty()).connect());
            assertEquals(expected, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains(reply.substring("-ERR ".length())), e.getMessage());
            assertTrue(e.getMessage().contains(expected == ExitCode.TEMPFAIL ? "try again later." : "use security = \"tls\""),
                    e.getMessage());
            assertTrue(commands.stream().noneMatch(c -> c.startsWith("PASS")), commands.toString());
        }
    }
}
