package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.pop3.Pop3Session;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * hunt36-K K4 on POP3: an owner's session whose server went silent. The check of the session (a NOOP, once the link
 * is idle past Pop3Session's 5 s) times out, then one fresh connection's greeting does: two time-outs, and the
 * sentence says "twice". Before, Angus's isOpen kept of the NOOP's time-out only a closed folder, and the fresh
 * connection's failure was said alone ("within N s" after twice N). Each wait is counted as what the server was asked
 * and never answered, not on a clock.
 */
class Pop3SilentCheckTwiceTest {
    @Test
    void aSilentServerAfterAnIdleLinkIsToldTwice() throws Exception {
        List<String> unanswered = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean silent = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            if (silent.get()) {
                unanswered.add("(connected, no greeting)");
                // A connection whose first byte is a TLS handshake record is postern's probe for a port that speaks TLS
                // from the start (after a greeting that never came), not a try of the silent server's: counted apart.
                if (in.read() == 0x16) {
                    unanswered.remove("(connected, no greeting)");
                    probes.incrementAndGet();
                }
                while (ScriptedServer.line(in) != null) { } // read, never answered
                return;
            }
            ScriptedServer.say(out, "+OK ready");
            for (String line; (line = ScriptedServer.line(in)) != null; ) {
                if (silent.get()) {
                    unanswered.add(line);
                    continue;
                }
                String verb = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                    case "CAPA" -> ScriptedServer.say(out, "+OK\r\nUSER\r\nUIDL\r\n.");
                    case "STAT" -> ScriptedServer.say(out, "+OK 0 0");
                    case "UIDL", "LIST" -> ScriptedServer.say(out, "+OK\r\n.");
                    case "QUIT" -> {
                        ScriptedServer.say(out, "+OK bye");
                        return;
                    }
                    default -> ScriptedServer.say(out, "+OK");
                }
            }
        })) {
            AccountConfig a = new AccountConfig("box", Protocol.POP3, "127.0.0.1", server.port(), Security.PLAIN, "bob",
                    new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(2), 0);
            try (AccountWorker w = new AccountWorker(a, () -> new Pop3Session(a, () -> "pw", uid -> Optional.empty()),
                    e -> { })) {
                assertEquals(1, w.submit(s -> 1).get(20, TimeUnit.SECONDS), "the session answered");
                Thread.sleep(5_500); // idle past Pop3Session's FRESH_NS: the check asks a NOOP (the link's idleness is the point)
                silent.set(true);
                ExecutionException e = assertThrows(ExecutionException.class, () -> w.submit(s -> 1).get(30, TimeUnit.SECONDS));
                PosternException p = assertInstanceOf(PosternException.class, e.getCause());
                assertEquals(List.of("NOOP", "(connected, no greeting)"), unanswered, "the check's NOOP, then one fresh connection");
                assertTrue(probes.get() <= 1, "at most one TLS probe of the silent port: " + probes.get());
                assertTrue(p.getMessage().contains("within 2 s, twice"), p.getMessage());
                assertEquals(ConnectionState.OFFLINE, w.state());
            }
        }
    }
}
