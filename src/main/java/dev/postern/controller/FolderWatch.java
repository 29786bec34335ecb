package dev.postern.controller;

import dev.postern.backend.FolderWatcher;
import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.model.PosternException;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push for the folder the reader has open: a thread with a connection of its own waits in IDLE (or, with no
 * connection, sleeps a poll interval where the server has no IDLE or the user asked to poll) and asks the account's worker to refresh the folder when
 * something changed, so the index follows another client within seconds. A dropped link is reconnected
 * with back-off (1 s doubling to a minute); the back-off starts again at 1 s only after a link that lasted a
 * minute, so a server that logs the watcher in and drops every IDLE at once is asked once a minute, not every
 * second (which gets accounts locked at big providers). A login the server refuses for the credentials is not tried
 * again at all: the watch waits at the account's {@link LoginGate} until a login the user asked for goes through
 * (hunt32-V A1: a wrong password was sent once a minute for as long as the reader was open). The account's own
 * connection is never held up.
 */
final class FolderWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FolderWatch.class);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** A link that lasted this long was a good one: its drop is retried after 1 s again. */
    static final Duration STABLE = Duration.ofMinutes(1);

    /** The waits between attempts, and the clock they are measured by: a test's own, else the real ones. */
    interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    private final AccountConfig account;
    private final String folder;
    private final Supplier<MailSession> sessions;
    private final BiConsumer<String, String> refresh;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile MailSession session;
    private volatile String mode = "connecting";
    private final java.util.concurrent.atomic.AtomicInteger links = new java.util.concurrent.atomic.AtomicInteger();
    private final Pause pause;
    private final java.util.function.LongSupplier nanos;
    private final LoginGate gate;
    private final java.util.function.Consumer<PosternException> refused;
    /**
     * Whether the folder as the watch's SELECT found it is not what the store last saw: then it is refreshed at once,
     * rather than after the window (IDLE reports only what comes after it; mail that came between the reader's refresh
     * and the watch's link waited up to 3/4 of timeout_seconds). None: never.
     */
    private volatile java.util.function.Predicate<dev.postern.backend.FolderStatus> behind = st -> false;

    /** Sets {@link #behind}, before {@link #start}. */
    FolderWatch comparing(java.util.function.Predicate<dev.postern.backend.FolderStatus> behind) {
        this.behind = behind;
        return this;
    }

    FolderWatch(AccountConfig account, String folder, Supplier<MailSession> sessions, BiConsumer<String, String> refresh,
            LoginGate gate, java.util.function.Consumer<PosternException> refused) {
        this(account, folder, sessions, refresh, gate, refused, Thread::sleep, System::nanoTime);
    }

    /** {@code refused} is told of a refusal of the credentials, after which the watch waits at {@code gate}. */
    FolderWatch(AccountConfig account, String folder, Supplier<MailSession> sessions, BiConsumer<String, String> refresh,
            LoginGate gate, java.util.function.Consumer<PosternException> refused, Pause pause, java.util.function.LongSupplier nanos) {
        this.gate = gate;
        this.refused = refused;
        this.pause = pause;
        this.nanos = nanos;
        this.account = account;
        this.folder = folder;
        this.sessions = sessions;
        this.refresh = refresh;
        this.thread = new Thread(this::run, "watch-" + account.name());
        thread.setDaemon(true);
    }

    FolderWatch start() {
        gate.onLimit(yield);
        thread.start();
        return this;
    }

    /**
     * Set once a login of the account was refused for too many connections (the watch's own, or the account's while the
     * watch held one): from then on the folder is polled through the account's own session, as with poll_seconds, and
     * the watch makes no connection of its own (hunt37-I I2: under Dovecot's mail_max_userip_connections = 1 the watch
     * took the only slot and the reader stayed offline for ever). The connection that shows the mail comes first.
     */
    private volatile boolean pollOnly;
    private final Runnable yield = () -> giveUp(null);

    /** Falls back to polling ({@link #pollOnly}), saying so once, and closes the watch's connection if it has one. */
    private void giveUp(RuntimeException why) {
        synchronized (this) {
            if (pollOnly) return;
            pollOnly = true;
        }
        log.warn("account {}: the server allows this account no more connections{}; {} is polled every {} s on the"
                + " account's own connection instead of watched with IDLE on one of its own", account.name(),
                why == null ? "" : " (" + why.getMessage() + ")", folder, account.imap().pollInterval());
        closeSession(true); // ends an IDLE under way: the loop goes on polling
    }

    String folder() { return folder; }

    /** "IDLE" or "poll" while watching, "connecting" or "reconnecting" before, "login refused" or "another mailbox" at the gate. */
    String mode() { return mode; }

    /** How many times the watcher's link was established (1 + reconnections). */
    int links() { return links.get(); }

    /** IDLE window: re-entered before the socket's read time-out can end a quiet link. */
    static Duration window(Duration timeout) {
        long ms = Math.max(1000, Math.min(timeout.toMillis() * 3 / 4, Duration.ofMinutes(20).toMillis()));
        return Duration.ofMillis(ms);
    }

    private void run() {
        long backoff = 1000;
        long linkedAt = -1; // when the last link was made; -1: none since the last failure
        boolean reconnect = false;
        while (!stopped) {
            try {
                if (gate.refused() != null) {
                    mode = gate.refused() instanceof MailboxChanged ? "another mailbox" : "login refused";
                    gate.await(); // until a login the user asked for went through: then as after an outage
                    if (stopped) break;
                    backoff = 1000;
                    reconnect = true;
                    mode = "reconnecting";
                }
                // poll_seconds set: the user asked for polling (a server whose IDLE misbehaves, or a link that
                // should stay quiet); otherwise IDLE where offered. A poll refreshes through the account's own session,
                // so it needs no connection here: none is made, and one that found no IDLE is closed (hunt35-C C3:
                // it carried nothing after its login, and sat in CLOSE_WAIT once the server dropped it).
                MailSession s = null;
                if (account.imap().idle() && !pollOnly) {
                    s = sessions.get();
                    session = s;
                    s.connect();
                    if (stopped) break;
                }
                boolean idle = s instanceof FolderWatcher w && w.canIdle();
                if (!idle) closeSession(false);
                log.info("account {}: watching {} with {}", account.name(), folder, idle ? "IDLE" : "a poll");
                mode = idle ? "IDLE" : "poll";
                links.incrementAndGet();
                linkedAt = nanos.getAsLong();
                // Back after an outage: catch up on what happened meanwhile (and let the account replay its queue).
                if (reconnect) refresh.accept(account.name(), folder);
                while (!stopped) {
                    if (idle) {
                        // Refreshed after every window too, not only on a report: some servers (GreenMail) do
                        // not tell an idling client about another's flag changes. With CONDSTORE a quiet
                        // refresh is one SELECT.
                        ((FolderWatcher) s).awaitChange(folder, window(account.timeout()), behind);
                    } else {
                        pause.sleep(Duration.ofSeconds(account.imap().pollInterval()).toMillis());
                    }
                    if (!stopped) refresh.accept(account.name(), folder);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) { // PosternException from the link; anything else is logged and retried alike
                if (stopped) break;
                if (dev.postern.model.ConnectionLimit.in(e) || pollOnly) {
                    giveUp(e); // its own login refused for the connections open, or its connection given up
                    reconnect = true;
                    continue;
                }
                if (e instanceof MailboxChanged changed) {
                    // Made again it would be refused again: waits, as for a refused login, until a session of the
                    // account goes through (after `postern store adopt`), with no word to any server meanwhile.
                    log.info("account {}: watching {} stopped: {}", account.name(), folder, e.getMessage());
                    gate.refuse(changed);
                    reconnect = true;
                    continue;
                }
                if (dev.postern.model.LoginRefused.in(e)) {
                    // Sent again it would be refused again, and counted towards the server's lockout.
                    log.info("account {}: watching {} stopped: the login was refused ({}); not tried again until a login"
                            + " the user asks for goes through", account.name(), folder, e.getMessage());
                    closeSession(true);
                    PosternException p = e instanceof PosternException pe ? pe
                            : new PosternException(dev.postern.model.ExitCode.CONFIG, String.valueOf(e.getMessage()), e);
                    gate.refuse(p);
                    refused.accept(p); // the account shows "login refused"
                    reconnect = true;
                    continue;
                }
                if (linkedAt != -1 && nanos.getAsLong() - linkedAt >= STABLE.toNanos()) backoff = 1000;
                linkedAt = -1;
                log.info("account {}: watching {} failed ({}); again in {} ms", account.name(), folder, e.getMessage(), backoff);
                mode = "reconnecting";
                closeSession(true);
                try {
                    pause.sleep(backoff);
                } catch (InterruptedException ie) {
                    break;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
                reconnect = true;
            }
        }
        closeSession(false);
    }

    /**
     * {@code failed}: the link failed under the session, so its connections are cut without a word to the server before
     * it is closed. A polite close asks first (Angus's isOpen sends a NOOP), and a server past a failure may never answer
     * (Dovecot after "* NO Internal error" to an IDLE on a recreated folder): the retry the log announced in 1 s came
     * after timeout_seconds (hunt 34-A, A3). Each attempt takes a new session, so the cut one is not used again.
     */
    private void closeSession(boolean failed) {
        MailSession s = session;
        session = null;
        if (s != null) {
            try {
                if (failed) s.abort();
                s.close();
            } catch (RuntimeException e) {
                log.debug("closing watcher session", e);
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        gate.unlisten(yield);
        thread.interrupt();
        // Closing the socket ends a blocked IDLE; done off the caller's thread so quitting never waits on it.
        Thread closer = new Thread(() -> closeSession(false), "unwatch-" + account.name());
        closer.setDaemon(true);
        closer.start();
    }
}
