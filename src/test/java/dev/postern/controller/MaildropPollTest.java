package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.LinkDropped;
import dev.postern.model.LoginRefused;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * hunt32-V F1: a POP3 INBOX open in the reader is checked every poll_seconds, and a check that failed (the link cut under
 * a first fetch) is tried again with the IMAP watch's back-off, so the fetch resumes when the link is back; a refused
 * login is not tried again until the user's own login goes through. The waits are the test's own: no real time passes.
 */
class MaildropPollTest {
    /** Runs a poll whose checks answer from {@code outcomes} in turn (null: went through); returns its waits. */
    private static List<Long> waits(List<RuntimeException> outcomes, boolean failedBefore, int pollSeconds, LoginGate gate,
            AtomicInteger checks) throws Exception {
        List<Long> waits = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<MaildropPoll> poll = new AtomicReference<>();
        FolderWatch.Pause pause = ms -> {
            waits.add(ms);
            if (waits.size() > outcomes.size()) {
                poll.get().close();
                done.countDown();
                throw new InterruptedException();
            }
        };
        poll.set(new MaildropPoll("home", pollSeconds, () -> {
            RuntimeException e = outcomes.get(checks.getAndIncrement());
            return e == null ? CompletableFuture.completedFuture(1) : CompletableFuture.failedFuture(e);
        }, gate, pause, failedBefore));
        poll.get().start();
        assertTrue(done.await(20, TimeUnit.SECONDS), "the poll went through its rounds: " + waits);
        return waits;
    }

    private static RuntimeException cut() {
        return new LinkDropped("account home: the connection to h:110 was lost; try again later.", null);
    }

    @Test
    void aCheckThatFailedIsTriedAgainWithBackOffAndThenEveryPollInterval() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        List<RuntimeException> outcomes = java.util.Arrays.asList(cut(), cut(), cut(), null, null);
        // The reader's own first fetch was cut: the first check comes after 1 s, then 2 s, 4 s; once one went through,
        // a check every poll_seconds.
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 30_000L, 30_000L),
                waits(outcomes, true, 30, new LoginGate(), checks));
        assertEquals(5, checks.get());
    }

    @Test
    void withoutPollSecondsAMaildropIsCheckedEveryMinute() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        assertEquals(List.of(60_000L, 60_000L, 60_000L), waits(java.util.Arrays.asList(null, null), false, 0, new LoginGate(), checks));
        assertEquals(2, checks.get(), "mail delivered later is looked for by itself");
    }

    @Test
    void theBackOffStopsAtAMinute() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        List<RuntimeException> outcomes = java.util.Collections.nCopies(8, cut());
        assertEquals(List.of(60_000L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L),
                waits(outcomes, false, 0, new LoginGate(), checks));
    }

    @Test
    void aRefusedLoginIsNotTriedAgainUntilTheUsersLoginGoesThrough() throws Exception {
        LoginGate gate = new LoginGate();
        AtomicInteger checks = new AtomicInteger();
        LoginRefused refused = new LoginRefused("account home: the server rejected user 'u' or its password.", null);
        List<Long> waits = new CopyOnWriteArrayList<>();
        AtomicReference<MaildropPoll> poll = new AtomicReference<>();
        CountDownLatch atGate = new CountDownLatch(1);
        FolderWatch.Pause pause = ms -> waits.add(ms);
        poll.set(new MaildropPoll("home", 30, () -> {
            if (checks.getAndIncrement() == 0) {
                gate.refuse(refused); // as the worker does when its login is refused
                return CompletableFuture.failedFuture(refused);
            }
            poll.get().close();
            return CompletableFuture.completedFuture(1);
        }, gate, pause, false));
        poll.get().start();
        // The poll stops at the gate: no second login, however long it waits there.
        waitUntil(() -> gate.waiting() == 1);
        assertEquals(1, checks.get(), "the refused login was sent once");
        gate.open(); // the user's own login went through
        waitUntil(() -> checks.get() == 2);
        assertEquals(2, checks.get());
        assertEquals(List.of(30_000L, 0L), waits, "no back-off over a refusal: the gate is waited at");
    }

    /** Waits for a state the poll's thread reaches (not a time): bounded only so a broken poll fails the test. */
    private static void waitUntil(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "the poll did not get there");
            Thread.sleep(5);
        }
    }
}
