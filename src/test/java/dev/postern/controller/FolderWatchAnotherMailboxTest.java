package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.FolderWatcher;
import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * hunt38-M M2: push of an account whose config now names another mailbox than its stored mail came from
 * ({@link MailboxOrigins}) is refused a session; it was taken as a link's failure and tried again with back-off for as
 * long as the reader ran, a log line each time. Now it waits at the account's gate, asking for no session, until one
 * the user asked for goes through (after `postern store adopt`). Its waits are the test's own.
 */
class FolderWatchAnotherMailboxTest {
    private static final AccountConfig ACCOUNT = new AccountConfig("work", Protocol.IMAP, "h", 993, Security.TLS, "u",
            new PasswordSource.Literal("x"), null, false, Duration.ofSeconds(5), 1000);

    private static final class Server implements MailSession, FolderWatcher {
        final CountDownLatch idling;

        Server(CountDownLatch idling) { this.idling = idling; }

        @Override public void connect() { }
        @Override public boolean isConnected() { return true; }
        @Override public void close() { }
        @Override public boolean canIdle() { return true; }

        @Override
        public boolean awaitChange(String folder, Duration window) {
            idling.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE); // until the watch is closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new PosternException(dev.postern.model.ExitCode.TEMPFAIL, "closed");
        }
    }

    @Test
    void aWatchRefusedAsAnotherMailboxWaitsAtTheGateAskingForNoSession() throws Exception {
        AtomicBoolean another = new AtomicBoolean(true);
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch idling = new CountDownLatch(1);
        List<Long> pauses = new CopyOnWriteArrayList<>();
        AtomicLong clock = new AtomicLong();
        LoginGate gate = new LoginGate();
        FolderWatch watch = new FolderWatch(ACCOUNT, "INBOX", () -> {
            asked.incrementAndGet();
            if (another.get()) throw new MailboxChanged("account work now names another mailbox (user a -> u) ...");
            return new Server(idling);
        }, (a, f) -> { }, gate, e -> { }, pauses::add, clock::get).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (gate.waiting() == 0 && asked.get() < 5 && System.nanoTime() < until) Thread.sleep(5);
            assertEquals(1, gate.waiting(), "the watch waits at the gate");
            assertEquals(1, asked.get(), "one session asked for, refused before it connected");
            assertEquals(List.of(), pauses, "no back-off: it is not tried again at all");
            assertEquals("another mailbox", watch.mode());

            another.set(false); // `postern store adopt`, and a session the user asked for went through
            gate.open();
            assertTrue(idling.await(20, TimeUnit.SECONDS), "the watch idles again");
            assertEquals(2, asked.get());
        } finally {
            watch.close();
        }
    }
}
