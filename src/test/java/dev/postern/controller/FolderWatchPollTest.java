package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.FolderWatcher;
import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.ImapOptions;
import dev.postern.config.PasswordSource;
import dev.postern.config.Pop3Options;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * hunt35-C, C3: a polling watch refreshes through the account's own session, yet it logged in a connection of its own
 * that then carried nothing (and sat in CLOSE_WAIT once the server dropped it). A watch the user asked to poll
 * opens no connection; one that found the server without IDLE closes the one it asked on. The waits are the test's own.
 */
class FolderWatchPollTest {
    private static AccountConfig account(int pollSeconds) {
        return new AccountConfig("work", Protocol.IMAP, "h", 993, Security.TLS, "u", new PasswordSource.Literal("pw"), null,
                false, Duration.ofSeconds(5), 1000, Pop3Options.DEFAULTS, new ImapOptions(false, pollSeconds));
    }

    /** A server without IDLE: counts logins and closes. */
    private static final class NoIdle implements MailSession, FolderWatcher {
        final AtomicInteger logins;
        final AtomicInteger closes;

        NoIdle(AtomicInteger logins, AtomicInteger closes) {
            this.logins = logins;
            this.closes = closes;
        }

        @Override public void connect() { logins.incrementAndGet(); }
        @Override public boolean isConnected() { return logins.get() > closes.get(); }
        @Override public void close() { closes.incrementAndGet(); }
        @Override public boolean canIdle() { return false; }
        @Override public boolean awaitChange(String folder, Duration window) { throw new AssertionError("no IDLE here"); }
    }

    /** Runs a watch through three polls; the sessions made, their logins and closes at the time of the third refresh. */
    private static int[] threePolls(AccountConfig a) throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger logins = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        List<Long> pauses = new CopyOnWriteArrayList<>();
        AtomicInteger refreshes = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        int[] seen = new int[3];
        AtomicReference<FolderWatch> watch = new AtomicReference<>();
        watch.set(new FolderWatch(a, "INBOX", () -> {
            made.incrementAndGet();
            return new NoIdle(logins, closes);
        }, (acc, f) -> {
            if (refreshes.incrementAndGet() == 3) {
                seen[0] = made.get();
                seen[1] = logins.get();
                seen[2] = closes.get();
                watch.get().close();
                done.countDown();
            }
        }, new LoginGate(), e -> { }, pauses::add, System::nanoTime));
        watch.get().start();
        assertTrue(done.await(20, TimeUnit.SECONDS), "three polls: " + pauses);
        assertEquals(Duration.ofSeconds(a.imap().pollInterval()).toMillis(), pauses.get(0));
        assertEquals("poll", watch.get().mode());
        return seen;
    }

    @Test
    void aWatchTheUserAskedToPollOpensNoConnection() throws Exception {
        int[] seen = threePolls(account(2));
        assertEquals(0, seen[0], "sessions made by the watch");
    }

    @Test
    void aWatchThatFoundNoIdleClosesTheConnectionItAskedOn() throws Exception {
        int[] seen = threePolls(account(0));
        assertEquals(1, seen[1], "logins: one, to ask the server");
        assertEquals(1, seen[2], "that session is closed before the polls, not kept unused");
    }
}
