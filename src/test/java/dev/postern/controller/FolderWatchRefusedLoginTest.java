package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.FolderWatcher;
import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.LoginRefused;
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
 * hunt32-V A1: a server that refuses the password ([AUTHENTICATIONFAILED]) was sent it again by push once a minute for
 * as long as the reader was open (servers lock the account after a few). Now the watch stops at the first refusal,
 * says so, sends nothing until a login the user asked for goes through, and then watches again. Its waits are the
 * test's own: a watch that backs off and logs in again is seen at once, with no real time passing.
 */
class FolderWatchRefusedLoginTest {
    private static final AccountConfig ACCOUNT = new AccountConfig("work", Protocol.IMAP, "h", 993, Security.TLS, "u",
            new PasswordSource.Literal("wrong"), null, false, Duration.ofSeconds(5), 1000);

    /** Refuses the login while {@code refusing}; then logs in and idles until the watch is closed. */
    private static final class Server implements MailSession, FolderWatcher {
        final AtomicBoolean refusing;
        final AtomicInteger logins;
        final CountDownLatch idling;

        Server(AtomicBoolean refusing, AtomicInteger logins, CountDownLatch idling) {
            this.refusing = refusing;
            this.logins = logins;
            this.idling = idling;
        }

        @Override
        public void connect() {
            logins.incrementAndGet();
            if (refusing.get()) {
                throw new LoginRefused("account work: the server rejected user 'u' or its password (server said:"
                        + " [AUTHENTICATIONFAILED] Authentication failed.); check user and the password source in the config.", null);
            }
        }

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
    void aRefusedLoginIsNotSentAgainUntilALoginTheUserAskedForGoesThrough() throws Exception {
        AtomicBoolean refusing = new AtomicBoolean(true);
        AtomicInteger logins = new AtomicInteger();
        CountDownLatch idling = new CountDownLatch(1);
        List<Long> pauses = new CopyOnWriteArrayList<>();
        List<PosternException> told = new CopyOnWriteArrayList<>();
        AtomicLong clock = new AtomicLong();
        LoginGate gate = new LoginGate();
        FolderWatch watch = new FolderWatch(ACCOUNT, "INBOX", () -> new Server(refusing, logins, idling), (a, f) -> { },
                gate, told::add, pauses::add, clock::get).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // A watch that backs off and tries again runs through its (fake) pauses at once: many logins, no wait.
            while (gate.waiting() == 0 && logins.get() < 5 && System.nanoTime() < until) Thread.sleep(5);
            assertEquals(1, gate.waiting(), "the watch waits at the gate after the refusal");
            assertEquals(1, logins.get(), "the refused password was sent once");
            assertEquals(List.of(), pauses, "no back-off: it is not tried again at all");
            assertEquals("login refused", watch.mode());
            assertEquals(1, told.size(), "the account is told why it is offline");
            assertTrue(told.get(0).getMessage().contains("rejected user 'u'"), told.get(0).getMessage());

            // The user fixed the password and a login of theirs went through: the watch logs in again, once.
            refusing.set(false);
            gate.open();
            assertTrue(idling.await(20, TimeUnit.SECONDS), "the watch idles again");
            assertEquals(2, logins.get());
            assertEquals("IDLE", watch.mode());
        } finally {
            watch.close();
        }
    }
}
