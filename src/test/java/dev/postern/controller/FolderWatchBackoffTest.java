package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.FolderWatcher;
import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A server that logs the watcher in and then drops every IDLE at once (hunt28 G6: Gmail and Exchange under
 * load): the watcher used to start its back-off again at every login, so it connected every 1.4 s for ever,
 * the pace that gets accounts locked. The back-off now doubles across such links to a minute, and starts again
 * at 1 s only after a link that lasted a minute. The clock and the waits are the test's own: no real time passes.
 */
class FolderWatchBackoffTest {
    private static final AccountConfig ACCOUNT = new AccountConfig("work", Protocol.IMAP, "h", 993, Security.TLS, "u",
            new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(5), 1000);

    /** Logs in at once; each IDLE lasts {@code idleMillis.get()} of the fake clock and then the link drops. */
    private static final class DroppingServer implements MailSession, FolderWatcher {
        final AtomicLong clock;
        final AtomicLong idleMillis;
        final AtomicInteger logins;

        DroppingServer(AtomicLong clock, AtomicLong idleMillis, AtomicInteger logins) {
            this.clock = clock;
            this.idleMillis = idleMillis;
            this.logins = logins;
        }

        @Override public void connect() { logins.incrementAndGet(); }
        @Override public boolean isConnected() { return true; }
        @Override public void close() { }
        @Override public boolean canIdle() { return true; }

        @Override
        public boolean awaitChange(String folder, Duration window) {
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(idleMillis.get()));
            throw new PosternException(ExitCode.TEMPFAIL, "* BYE Connection is closed. 13");
        }
    }

    private static List<Long> pauses(long[] idleBeforeEachDrop) throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicLong idle = new AtomicLong(idleBeforeEachDrop[0]);
        AtomicInteger logins = new AtomicInteger();
        List<Long> pauses = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<FolderWatch> watch = new AtomicReference<>();
        FolderWatch.Pause pause = ms -> {
            pauses.add(ms);
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
            if (pauses.size() == idleBeforeEachDrop.length) {
                watch.get().close();
                done.countDown();
            } else {
                idle.set(idleBeforeEachDrop[pauses.size()]);
            }
        };
        watch.set(new FolderWatch(ACCOUNT, "INBOX", () -> new DroppingServer(clock, idle, logins), (a, f) -> { }, new LoginGate(), e -> { },
                pause, clock::get));
        watch.get().start();
        assertTrue(done.await(20, TimeUnit.SECONDS), "the watcher went through its drops: " + pauses);
        return pauses;
    }

    @Test
    void aServerThatDropsEveryIdleAtOnceIsAskedLessAndLessOften() throws Exception {
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L),
                pauses(new long[] {100, 100, 100, 100, 100, 100, 100, 100}));
    }

    @Test
    void aLinkThatLastedAMinuteStartsTheBackOffAgain() throws Exception {
        // Three quick drops, then a link that lasted 25 minutes, then quick drops again.
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 1_000L, 2_000L),
                pauses(new long[] {100, 100, 100, 25 * 60_000, 100}));
    }
}
