package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.compose.Built;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import dev.postern.model.LoginRefused;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * hunt32-V A3: a message queued because only the SMTP server was down was never sent while the reader stayed open
 * (only the IMAP link's return flushed the outbox). It is now tried on a timer, a minute doubling to 15 while it still
 * waits, and the status line says it waits; a refused login is not tried again by itself. The waits are the test's own.
 */
class OutboxRetryTest {
    /** An outbox of {@code waiting} messages whose SMTP server is down while {@code down}. */
    private static final class Box implements Outgoing {
        final AtomicInteger waiting = new AtomicInteger(1);
        final AtomicBoolean down = new AtomicBoolean(true);
        final AtomicBoolean refuses = new AtomicBoolean(false);
        final AtomicBoolean signInFails = new AtomicBoolean(false); // no token to log in with (65): no login tried
        final AtomicBoolean putsOff = new AtomicBoolean(false); // the server answers, and puts the message off (4xx)
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger delivered = new AtomicInteger();

        @Override public String fromAddress(String account) { return null; }
        @Override public Postman.Result send(String account, Built message) { throw new UnsupportedOperationException(); }
        @Override public String postpone(String account, byte[] raw) { throw new UnsupportedOperationException(); }
        @Override public List<String> completeAddress(String prefix, int limit) { return List.of(); }
        @Override public int waiting(String account) { return waiting.get(); }
        @Override public String editor() { return "true"; }

        @Override
        public synchronized Postman.FlushReport flush(String account) {
            flushes.incrementAndGet();
            int n = waiting.get();
            if (refuses.get()) {
                return new Postman.FlushReport(account, 0, n, "account work: the server at smtp.example:587 rejected user 'u' or its"
                        + " password (server said: 535 5.7.8 bad credentials); check user and the password source in the config.",
                        false, List.of(), null, List.of(), true);
            }
            if (signInFails.get()) {
                return new Postman.FlushReport(account, 0, n, "account work: the sign-in server 127.0.0.1:1 answered HTTP 200 with"
                        + " something that is not a JSON object; check the provider's endpoints in the config.",
                        false, List.of(), null, List.of(), true, dev.postern.model.ExitCode.DATAERR);
            }
            if (putsOff.get()) return new Postman.FlushReport(account, 0, n, "451 4.7.1 greylisted, try again later", false, List.of());
            if (down.get()) return new Postman.FlushReport(account, 0, n, "no answer", true, List.of());
            waiting.set(0);
            delivered.addAndGet(n);
            return new Postman.FlushReport(account, n, 0, null, false, List.of());
        }
    }

    @Test
    void waitingMailIsTriedOnATimerWithBackOffAndSentOnceTheServerIsBack() throws Exception {
        Box box = new Box();
        List<Long> pauses = new CopyOnWriteArrayList<>();
        List<String> said = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<OutboxRetry> retry = new AtomicReference<>();
        LoginGate gate = new LoginGate();
        FolderWatch.Pause pause = ms -> {
            pauses.add(ms);
            if (pauses.size() == 7) box.down.set(false); // the SMTP server is back before the 7th round
            if (pauses.size() == 9) {
                retry.get().close();
                done.countDown();
                throw new InterruptedException();
            }
        };
        // Set before it starts: its pauses take no time, so it can reach the ninth before a set after start() ran.
        retry.set(new OutboxRetry(List.of("work"), () -> box, a -> gate, said::add, pause));
        retry.get().start();
        assertTrue(done.await(20, TimeUnit.SECONDS), "the rounds ran: " + pauses);
        assertEquals(List.of(60_000L, 120_000L, 240_000L, 480_000L, 900_000L, 900_000L, 900_000L, 60_000L, 60_000L), pauses);
        assertEquals(1, box.delivered.get(), "sent once");
        assertEquals(7, box.flushes.get(), "not flushed again once nothing waits");
        assertEquals(List.of("1 message waits in the outbox of work; :outbox --flush sends it now.",
                "Sent 1 message(s) from the outbox of work."), said);
    }

    @Test
    void aRefusedLoginIsNotTriedAgainByItself() {
        Box box = new Box();
        LoginGate gate = new LoginGate();
        List<String> said = new ArrayList<>();
        OutboxRetry retry = new OutboxRetry(List.of("work"), () -> box, a -> gate, said::add, ms -> { });
        retry.round(); // the SMTP server is down: the message waits, said once
        // The SMTP server refused the login: once, then not again until the user flushes; the status line says why and
        // what to mend, though the count is the one said before (hunt 32-W W7: it said only "1 message waits").
        box.refuses.set(true);
        retry.round();
        retry.round();
        assertEquals(2, box.flushes.get());
        assertEquals(List.of("1 message waits in the outbox of work; :outbox --flush sends it now.",
                "1 message waits in the outbox of work, its SMTP login refused: the server at smtp.example:587 rejected user"
                        + " 'u' or its password (server said: 535 5.7.8 bad credentials); check user and the password source in"
                        + " the config, then :outbox --flush sends it."), said);
        retry.userFlushed("work");
        box.refuses.set(false);
        box.down.set(false);
        retry.round();
        assertEquals(3, box.flushes.get());
        assertEquals(1, box.delivered.get());
        // A message the server put off (451, greylisting) is its matter for now, not a refused login: tried at each round.
        box.waiting.set(1);
        box.putsOff.set(true);
        retry.round();
        retry.round();
        assertEquals(5, box.flushes.get(), "a message put off is tried again");
        box.putsOff.set(false);
        retry.round();
        assertEquals(2, box.delivered.get());
        // The IMAP login was refused (the same password, mostly): the outbox waits too.
        box.waiting.set(1);
        gate.refuse(new LoginRefused("account work: the server rejected user 'u' or its password.", null));
        retry.round();
        assertEquals(6, box.flushes.get());
    }

    /**
     * hunt34-B B1: a flush that met no login to try (the sign-in server's page where a token belongs) stops as at a
     * refused login, and the status line says the login failed, not that a server refused it.
     */
    @Test
    void aSignInThatFailsIsSaidAsSuchAndNotTriedAgainByItself() {
        Box box = new Box();
        box.signInFails.set(true);
        List<String> said = new ArrayList<>();
        OutboxRetry retry = new OutboxRetry(List.of("work"), () -> box, a -> new LoginGate(), said::add, ms -> { });
        retry.round();
        retry.round();
        assertEquals(1, box.flushes.get());
        assertEquals(List.of("1 message waits in the outbox of work, its SMTP login failed: the sign-in server 127.0.0.1:1"
                + " answered HTTP 200 with something that is not a JSON object; check the provider's endpoints in the config,"
                + " then :outbox --flush sends it."), said);
    }
}
