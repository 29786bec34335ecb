package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/** The masked question on a JLine terminal fed from given streams: what the person sees, and what is read. */
class TerminalPasswordPromptTest {
    private static final AccountConfig WORK = new AccountConfig("work", Protocol.IMAP, "imap.example.org", 993,
            Security.TLS, "alice", new PasswordSource.Prompt(), null, false, Duration.ofSeconds(5), 1000);

    /** Types {@code keys} once the question is on the screen, as a person would. */
    private static String ask(String keys, ByteArrayOutputStream screen, String[] answer) throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard);
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        Thread typist = new Thread(() -> {
            try {
                long end = System.nanoTime() + 10_000_000_000L;
                while (!screen.toString(StandardCharsets.UTF_8).contains("Password for") && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
                keyboard.flush();
                answered.await(); // a pipe whose writer thread has ended reads as broken
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        typist.start();
        // A terminal emulated in Java (line discipline, echo, signals), not a pty: Ctrl-C reaches the reader.
        try (Terminal t = new ExternalTerminal("test", "xterm", in, screen, StandardCharsets.UTF_8)) {
            LineReader reader = LineReaderBuilder.builder().terminal(t).build();
            try {
                answer[0] = TerminalPasswordPrompt.on(() -> reader).ask(WORK);
            } finally {
                answered.countDown();
            }
            t.flush();
        }
        typist.join();
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void asksNamingTheAccountAndEchoesOnlyMasks() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        String[] answer = new String[1];
        String shown = ask("s3cr3t-pw\r", screen, answer);
        assertEquals("s3cr3t-pw", answer[0], shown);
        assertTrue(shown.contains("Password for work (alice@imap.example.org): "), shown);
        assertFalse(shown.contains("s3cr3t"), "the password was echoed: " + shown);
        assertTrue(shown.contains("*********"), "no mask shown: " + shown);
    }

    /** Ctrl-C is an interrupt (130), as everywhere else, not "no password was typed" (78) that says to fix the config. */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void ctrlCInterruptsTheQuestion() throws Exception {
        String[] answer = {"unset"};
        dev.postern.model.PosternException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.postern.model.PosternException.class, () -> ask("abc\u0003", new ByteArrayOutputStream(), answer));
        assertEquals(130, e.exitCode().code(), e.getMessage());
        assertEquals("interrupted: the password for account work was not typed.", e.getMessage());
        assertEquals("unset", answer[0]);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void ctrlDOnAnEmptyLineCancelsTheQuestion() throws Exception {
        String[] answer = {"unset"};
        ask("\u0004", new ByteArrayOutputStream(), answer);
        assertNull(answer[0]);
    }
}
