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

    /**
     * An OutOfMemoryError in a task (a 283 MB message fetched whole under a 512 MB heap) is a heap too small, 74, said
     * with the remedy: it was "account a: internal error (OutOfMemoryError); see the log file.", 70 (hunt 39-S, S4).
     */
    @Test
    void anOutOfMemoryErrorInATaskIsAHeapTooSmallNotAnInternalError() throws Exception {
        AccountConfig a = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", 1, Security.PLAIN, "alice",
                new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(1), 0);
        AccountWorker w = new AccountWorker(a, () -> { throw new OutOfMemoryError("Java heap space"); }, e -> {});
        ExecutionException e = assertThrows(ExecutionException.class, () -> w.submit(s -> 1).get(5, TimeUnit.SECONDS));
        PosternException p = assertInstanceOf(PosternException.class, e.getCause());
        assertEquals(ExitCode.IOERR, p.exitCode());
        assertTrue(p.getMessage().startsWith("account t: this command needed more memory than postern may use here"),
                p.getMessage());
        assertTrue(p.getMessage().contains("POSTERN_JAVA_OPTS=\"-Xmx"), p.getMessage());
        assertTrue(w.local(() -> 2).get(5, TimeUnit.SECONDS) == 2);
    }

    /**
     * A slip inside the mail library while it reads a server's answer (Angus's NullPointerException on an untagged
     * FETCH before SELECT) is the server's fault, 75, in a task that reaches the library without ConnectionErrors too;
     * postern's own slip stays an internal error (70). Hunt 33 X11.
     */
    @Test
    void aSlipInTheLibraryReadingAnAnswerIsTheServersFaultAndOursStaysInternal() throws Exception {
        AccountConfig a = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", 1, Security.PLAIN, "alice",
                new PasswordSource.Literal("secret"), null, false, Duration.ofSeconds(1), 0);
        NullPointerException angus = new NullPointerException("Cannot invoke \"MessageCache.size()\"");
        angus.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.eclipse.angus.mail.imap.IMAPFolder", "handleResponse", "IMAPFolder.java", 1),
                new StackTraceElement("org.eclipse.angus.mail.iap.Protocol", "notifyResponseHandlers", "Protocol.java", 2),
                new StackTraceElement("dev.postern.backend.imap.ImapSession", "select", "ImapSession.java", 3)});
        AccountWorker w = new AccountWorker(a, () -> { throw angus; }, e -> {});
        ExecutionException e = assertThrows(ExecutionException.class, () -> w.submit(s -> 1).get(5, TimeUnit.SECONDS));
        PosternException p = assertInstanceOf(PosternException.class, e.getCause());
        assertEquals(ExitCode.TEMPFAIL, p.exitCode(), p.getMessage());
        assertTrue(p.getMessage().contains("the server at 127.0.0.1:1 sent an answer postern cannot read"), p.getMessage());

        NullPointerException ours = new NullPointerException("ours");
        ours.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("dev.postern.controller.HeaderSync", "sync", "HeaderSync.java", 1)});
        AccountWorker w2 = new AccountWorker(a, () -> { throw ours; }, x -> {});
        e = assertThrows(ExecutionException.class, () -> w2.submit(s -> 1).get(5, TimeUnit.SECONDS));
        assertEquals(ExitCode.SOFTWARE, assertInstanceOf(PosternException.class, e.getCause()).exitCode());
    }
}
