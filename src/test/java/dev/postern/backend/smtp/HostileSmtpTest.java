package dev.postern.backend.smtp;

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
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** SMTP servers whose replies have no end, over a loopback socket through Angus's SMTP code and postern's socket. */
class HostileSmtpTest {
    private static final byte[] RAW = "From: a@localhost\r\nTo: b@localhost\r\nSubject: x\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private static void send(int port) {
        AccountConfig a = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", port, Security.PLAIN, "alice",
                new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(5), 0);
        new SmtpSender(a, () -> "secret").send(RAW, "a@localhost", List.of("b@localhost"));
    }

    /** A server whose EHLO reply has {@code lines} continuation lines; otherwise a plain MTA. */
    private static ScriptedServer mta(int lines) throws IOException {
        return new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "220 hostile ESMTP");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                String cmd = line.split(" ")[0].toUpperCase(Locale.ROOT);
                switch (cmd) {
                    case "EHLO" -> ehlo(out, lines);
                    case "AUTH" -> ScriptedServer.say(out, "235 ok");
                    case "DATA" -> {
                        ScriptedServer.say(out, "354 go on");
                        while (!".".equals(ScriptedServer.line(in))) { /* the message */ }
                        ScriptedServer.say(out, "250 queued");
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

    private static void ehlo(OutputStream out, int lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append("250-X-FILLER-").append(i).append("\r\n");
            if (b.length() > 1 << 16) {
                out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
                b.setLength(0);
            }
        }
        out.write((b + "250 AUTH PLAIN\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void aReplyOfAHundredThousandLinesIsRefusedAndTwentyThousandAreNot() throws Exception {
        // 100,000 short lines, about 1.9 MB: past the 1 MiB a reply may carry.
        try (ScriptedServer server = mta(100_000)) {
            PosternException e = assertThrows(PosternException.class, () -> send(server.port()));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("sent more than 1 MiB in one answer"), e.getMessage());
            assertTrue(e.getMessage().contains("a fault of the server"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        // 20,000 lines (about 360 KB) are sent through.
        try (ScriptedServer server = mta(20_000)) {
            long t0 = System.nanoTime();
            send(server.port());
            assertTrue(System.nanoTime() - t0 < 15_000_000_000L);
        }
    }

    @Test
    void aReplyLineWithoutEndIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            out.write("220 ".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "z".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) out.write(chunk);
            out.flush();
        })) {
            PosternException e = assertThrows(PosternException.class, () -> send(server.port()));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("sent more than 64 KiB in one line"), e.getMessage());
        }
    }

    @Test
    void aServerAnswering250ToDataBeforeTheDataHasNotTakenTheMessage() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "220 hostile ESMTP");
            String line;
            while ((line = ScriptedServer.line(in)) != null) {
                seen.add(line);
                if (line.toUpperCase(Locale.ROOT).startsWith("QUIT")) {
                    ScriptedServer.say(out, "221 bye");
                    return;
                }
                String v = line.toUpperCase(Locale.ROOT);
                ScriptedServer.say(out, v.startsWith("EHLO") ? "250-hostile\r\n250 AUTH PLAIN" : v.startsWith("AUTH") ? "235 ok" : "250 ok");
            }
        })) {
            PosternException e = assertThrows(PosternException.class, () -> send(server.port()));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("250 ok"), e.getMessage());
            assertFalse(seen.contains("Subject: x"), "the message was not sent after a wrong answer: " + seen);
        }
    }
}
