package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.ExitCode;
import dev.postern.model.LoginRefused;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * hunt32-V A1: an account whose login the server refused shows "login refused" (not "offline" after "connecting"), its
 * gate is shut so that nothing postern does by itself logs in again, and a login the user asks for still goes out and,
 * once it goes through, opens the gate.
 */
class RefusedLoginStateTest {
    private static final AccountConfig ACCOUNT = new AccountConfig("work", Protocol.IMAP, "h", 993, Security.TLS, "u",
            new PasswordSource.Literal("wrong"), null, false, Duration.ofSeconds(5), 1000);

    @Test
    void aRefusedLoginShutsTheGateAndTheUsersNextLoginOpensIt() throws Exception {
        AtomicBoolean refusing = new AtomicBoolean(true);
        AtomicInteger logins = new AtomicInteger();
        MailSession session = new MailSession() {
            boolean connected;

            @Override
            public void connect() {
                logins.incrementAndGet();
                if (refusing.get()) throw new LoginRefused("account work: the server rejected user 'u' or its password.", null);
                connected = true;
            }

            @Override public boolean isConnected() { return connected; }
            @Override public void close() { connected = false; }
        };
        try (AccountWorker w = new AccountWorker(ACCOUNT, () -> session, e -> { })) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> w.submit(s -> 1).get());
            assertInstanceOf(LoginRefused.class, e.getCause());
            assertEquals(ExitCode.CONFIG, ((LoginRefused) e.getCause()).exitCode());
            assertEquals(1, logins.get(), "refused once, not tried again on a fresh connection");
            assertEquals(ConnectionState.REFUSED, w.state());
            assertNotNull(w.gate().refused(), "what postern does by itself waits");
            assertTrue(w.offlineReason().contains("rejected user 'u'"), w.offlineReason());

            // What postern does by itself on the account's thread (the reader's check of a POP3 maildrop) does not log in.
            ExecutionException shut = assertThrows(ExecutionException.class, () -> w.submitUnattended(s -> 1).get());
            assertInstanceOf(LoginRefused.class, shut.getCause());
            assertEquals(1, logins.get(), "an unattended task sent no login while the gate is shut");

            refusing.set(false);
            assertEquals(1, w.submit(s -> 1).get(), "a task the user asked for still logs in");
            assertEquals(2, logins.get());
            assertNull(w.gate().refused(), "the gate is open again");
            assertEquals(ConnectionState.ONLINE, w.state());
            assertEquals(1, w.submitUnattended(s -> 1).get(), "and what postern does by itself goes on");
        }
    }
}
