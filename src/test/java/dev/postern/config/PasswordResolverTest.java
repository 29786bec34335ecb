package dev.postern.config;

import static org.junit.jupiter.api.Assertions.assertFalse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordResolverTest {
    private static AccountConfig account(PasswordSource p) {
        return new AccountConfig("work", Protocol.IMAP, "h", 993, Security.TLS, "u", p, null, false,
                Duration.ofSeconds(5), 1000);
    }

    @Test
    void commandYieldsItsFirstLine() {
        String pw = new PasswordResolver(Map.of()).resolve(account(new PasswordSource.Command("printf 's3cret\\nsecond line\\n'")));
        assertEquals("s3cret", pw);
    }

    @Test
    void failingCommandNamesTheAccount() {
        PosternException e = assertThrows(PosternException.class,
                () -> new PasswordResolver(Map.of()).resolve(account(new PasswordSource.Command("exit 3"))));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("account work: password_command 'exit 3' failed with exit code 3"), e.getMessage());
    }

    @Test
    void emptyOutputIsAnError() {
        PosternException e = assertThrows(PosternException.class,
                () -> new PasswordResolver(Map.of()).resolve(account(new PasswordSource.Command("true"))));
        assertTrue(e.getMessage().contains("printed nothing"), e.getMessage());
    }

    @Test
    void environmentVariable() {
        assertEquals("pw", new PasswordResolver(Map.of("MAILPW", "pw")).resolve(account(new PasswordSource.Env("MAILPW"))));
        PosternException e = assertThrows(PosternException.class,
                () -> new PasswordResolver(Map.of()).resolve(account(new PasswordSource.Env("MAILPW"))));
        assertTrue(e.getMessage().contains("MAILPW (password_env) is not set"), e.getMessage());
    }

    @Test
    void noSourceAndNobodyToAskIsAConfigErrorSayingWhatToSet() {
        PosternException e = assertThrows(PosternException.class,
                () -> new PasswordResolver(Map.of()).resolve(account(new PasswordSource.Prompt())));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("stdin is not a terminal"), e.getMessage());
        assertTrue(e.getMessage().contains("password_command or password_env in [accounts.work]"), e.getMessage());
    }

    @Test
    void typedPasswordIsAskedOncePerAccount() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        PasswordResolver r = new PasswordResolver(Map.of(), () -> a -> "typed" + asked.incrementAndGet());
        AccountConfig work = account(new PasswordSource.Prompt());
        assertEquals("typed1", r.resolve(work));
        assertEquals("typed1", r.resolve(work));
        assertEquals(1, asked.get());
    }

    @Test
    void aCancelledQuestionIsAskedAgainNextTime() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        PasswordResolver r = new PasswordResolver(Map.of(), () -> a -> asked.incrementAndGet() == 1 ? null : "pw");
        AccountConfig work = account(new PasswordSource.Prompt());
        PosternException e = assertThrows(PosternException.class, () -> r.resolve(work));
        assertTrue(e.getMessage().contains("no password was typed"), e.getMessage());
        assertEquals("pw", r.resolve(work));
    }

    private static boolean running(String marker) {
        return ProcessHandle.allProcesses().anyMatch(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false));
    }

    @Test
    void aHangingCommandIsStoppedAtItsDeadlineWithEverythingItStarted() {
        PasswordSource.Command hang = new PasswordSource.Command("sleep 97.31 | cat", Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        PosternException e = assertThrows(PosternException.class, () -> new PasswordResolver(Map.of()).resolve(account(hang)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(ms < 20_000, "took " + ms + " ms (the command sleeps 97 s; its deadline is 1 s)");
        assertTrue(e.getMessage().contains("password_command 'sleep 97.31 | cat' did not finish within 1 s"), e.getMessage());
        assertTrue(e.getMessage().contains("command_timeout_seconds"), e.getMessage());
        assertFalse(running("97.31"), "the command's processes are gone");
    }

    @Test
    void aCommandPrintingWithoutEndIsStoppedAtAMebibyteNotAtTheHeapsEnd() {
        PasswordSource.Command endless = new PasswordSource.Command("yes 'not a password 61.7'", Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        PosternException e = assertThrows(PosternException.class, () -> new PasswordResolver(Map.of()).resolve(account(endless)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("could not be read (it printed more than 1 MiB)"), e.getMessage());
        assertTrue(ms < 15_000, "stopped at the cap, not at the deadline: " + ms + " ms");
        assertFalse(running("61.7"), "the command is gone");
    }

    /**
     * `echo demo; sleep 60 &`: the shell ends at once, its child holding the output open. That was waited for until
     * the deadline (exit 78), and the child ran on (F17 of hunt 27). The first line is taken once the shell has ended,
     * and what it left in postern's process group is killed; a daemon that left the group (setsid) is spared.
     */
    @Test
    void aCommandThatLeavesAChildHoldingItsOutputGivesItsLineAndTheChildIsStopped() throws Exception {
        PasswordSource.Command bg = new PasswordSource.Command("echo demo; sleep 0.3; sleep 93.17 &", Duration.ofSeconds(8));
        long t0 = System.nanoTime();
        assertEquals("demo", new PasswordResolver(Map.of()).resolve(account(bg)));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000, "not the deadline");
        assertTrue(gone("93.17"), "the background child is stopped");
        String sig = UserCommand.shell("signature_command", "echo '-- me'; sleep 0.3; sleep 93.19 &", java.util.List.of(), Duration.ofSeconds(20));
        assertEquals("-- me\n", sig);
        assertTrue(gone("93.19"), "the signature command's child is stopped");
    }

    @Test
    void aDaemonTheCommandStartsOnItsOwnIsLeftRunning() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/setsid")));
        // The shell waits a moment after starting the agent, as a real agent's starter waits for it to be ready: a
        // setsid started in the background and killed before it had left the group (ci28d) is no agent yet.
        PasswordSource.Command agent = new PasswordSource.Command("echo demo; setsid sleep 93.23 & sleep 0.5", Duration.ofSeconds(20));
        try {
            long t0 = System.nanoTime();
            assertEquals("demo", new PasswordResolver(Map.of()).resolve(account(agent)));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000, "not the deadline");
            assertTrue(running("93.23"), "an agent in a session of its own is the user's, not postern's to stop");
        } finally {
            ProcessHandle.allProcesses().filter(h -> h.info().commandLine().map(c -> c.contains("93.23")).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean gone(String marker) throws InterruptedException {
        for (int i = 0; i < 40 && running(marker); i++) Thread.sleep(50); // a killed process is reaped by init
        return !running(marker);
    }
}
