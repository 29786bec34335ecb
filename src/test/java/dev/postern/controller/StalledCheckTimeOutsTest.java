package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.LinkDropped;
import dev.postern.model.LoginRefused;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * hunt32-V A2 and G1, on a scripted server whose time-outs are counted, not waited: a body asked for on a link that went
 * silent is told after two time-outs at most (the check of the connection in use, then a fresh connection's greeting),
 * and its sentence says twice, where it took three saying one; the account shows offline from the first time-out on,
 * never "connecting" after a try failed, and "login refused" at once.
 */
class StalledCheckTimeOutsTest {
    private static final AccountConfig ACCOUNT = new AccountConfig("work", Protocol.IMAP, "h", 993, Security.TLS, "u",
            new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(10), 1000);
    private static final String NO_ANSWER = "account work: no answer from h:993 within 10 s; try again later or raise timeout_seconds.";

    /** The server: silent or answering, refusing the password or not; each wait it makes for a time-out is counted. */
    private static final class Server {
        volatile boolean silent;
        volatile boolean refusing;
        final AtomicInteger timeOuts = new AtomicInteger();
        final AtomicInteger connects = new AtomicInteger();
        /** The account's state as the worker showed it when each connection was being made. */
        final List<ConnectionState> shownWhileConnecting = new CopyOnWriteArrayList<>();
        AccountWorker worker;

        MailSession session() {
            return new MailSession() {
                boolean open;
                PosternException why;

                @Override
                public void connect() {
                    connects.incrementAndGet();
                    if (worker != null) shownWhileConnecting.add(worker.state());
                    if (silent) {
                        timeOuts.incrementAndGet();
                        throw new LinkDropped(NO_ANSWER, null, true);
                    }
                    if (refusing) throw new LoginRefused("account work: the server rejected user 'u' or its password.", null);
                    open = true;
                }

                /**
                 * As IMAP's on a quiet link: a NOOP, which waits a whole time-out on a silent server; Angus's store
                 * stays "connected" after it failed, so asked again it sends another (on a connection of its own).
                 */
                @Override
                public boolean isConnected() {
                    why = null;
                    if (!open) return false;
                    if (silent) {
                        timeOuts.incrementAndGet();
                        why = new LinkDropped(NO_ANSWER, null, true);
                        return false;
                    }
                    return true;
                }

                @Override public PosternException checkFailure() { return why; }
                @Override public void close() { open = false; }
            };
        }
    }

    @Test
    void aBodyAskedForOnASilentLinkIsToldAfterTwoTimeOutsAndSaysTwice() throws Exception {
        Server server = new Server();
        try (AccountWorker w = new AccountWorker(ACCOUNT, server::session, e -> { })) {
            server.worker = w;
            assertEquals(1, w.submit(s -> 1).get(), "the link worked");
            assertEquals(ConnectionState.ONLINE, w.state());
            server.silent = true;
            server.shownWhileConnecting.clear();

            ExecutionException e = assertThrows(ExecutionException.class, () -> w.submit(s -> {
                throw new AssertionError("no task runs on a link found silent");
            }).get());
            assertEquals(2, server.timeOuts.get(), "the check of the connection in use, then one fresh connection: "
                    + "two time-outs, not three");
            assertEquals(2, server.connects.get(), "one fresh connection, no more");
            assertEquals(List.of(ConnectionState.OFFLINE), server.shownWhileConnecting,
                    "shown as not answering from the first time-out on, not 'online' or 'connecting'");
            assertInstanceOf(PosternException.class, e.getCause());
            String said = e.getCause().getMessage();
            assertTrue(said.contains("within 10 s, twice"), said);
            assertEquals(ConnectionState.OFFLINE, w.state());
            assertTrue(w.offlineReason().contains("twice"), w.offlineReason());
        }
    }

    @Test
    void aServerThatNeverGreetsLeavesTheAccountOfflineNotConnectingForTheNextTry() throws Exception {
        Server server = new Server();
        server.silent = true;
        try (AccountWorker w = new AccountWorker(ACCOUNT, server::session, e -> { })) {
            server.worker = w;
            assertThrows(ExecutionException.class, () -> w.submit(s -> 1).get());
            assertEquals(ConnectionState.OFFLINE, w.state());
            assertThrows(ExecutionException.class, () -> w.submit(s -> 1).get());
            assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.OFFLINE), server.shownWhileConnecting,
                    "'connecting' before the first try only");
            assertEquals(2, server.timeOuts.get(), "each task one time-out: a connection never made is not tried again");
            server.silent = false;
            assertEquals(1, w.submit(s -> 1).get());
            assertEquals(ConnectionState.ONLINE, w.state());
        }
    }

    @Test
    void aRefusedLoginShowsLoginRefusedWhileTheNextTaskLogsIn() throws Exception {
        Server server = new Server();
        server.refusing = true;
        try (AccountWorker w = new AccountWorker(ACCOUNT, server::session, e -> { })) {
            server.worker = w;
            assertThrows(ExecutionException.class, () -> w.submit(s -> 1).get());
            assertEquals(ConnectionState.REFUSED, w.state());
            assertThrows(ExecutionException.class, () -> w.submit(s -> 1).get());
            assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.REFUSED), server.shownWhileConnecting);
        }
    }
}
