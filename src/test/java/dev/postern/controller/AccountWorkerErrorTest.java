package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An Error out of a backend task (a parser's StackOverflowError) ends that task as an internal error, not a hang. */
class AccountWorkerErrorTest {
    @Test
    void anErrorInATaskCompletesItAsAnInternalErrorAndTheWorkerGoesOn() throws Exception {
        AccountConfig a = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", 1, Security.PLAIN, "alice",
                new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(1), 0);
        AccountWorker w = new AccountWorker(a, () -> { throw new StackOverflowError(); }, e -> {});
        ExecutionException e = assertThrows(ExecutionException.class, () -> w.submit(s -> 1).get(5, TimeUnit.SECONDS));
        PosternException p = assertInstanceOf(PosternException.class, e.getCause());
        assertEquals(ExitCode.SOFTWARE, p.exitCode());
        assertEquals("account t: internal error (StackOverflowError); see the log file.", p.getMessage());
        assertFalse(p.getMessage().contains("\n"));
        // The account's thread still takes work.
        assertTrue(w.local(() -> 2).get(5, TimeUnit.SECONDS) == 2);
    }
}
