package dev.postern.controller;

import dev.postern.backend.MailSession;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's long-lived session, confined to its own thread: sessions are not thread-safe, and a
 * slow server must only ever hold up its own account. Connects lazily, reports connection state, and
 * retries a task once on a fresh connection when an idle link turns out to have died.
 */
final class AccountWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AccountWorker.class);

    private final AccountConfig account;
    private final Supplier<MailSession> sessions;
    private final Consumer<Event> publish;
    private final ExecutorService executor;
    private volatile MailSession session; // used on the account thread only; cut from the quitting one (beginClose)
    /** The session a task is using right now (null between tasks), for {@link #awaitClosed} to cut from another thread. */
    private volatile MailSession inHand;
    /** What the task in hand is: quitting cuts a read at once, lets a change or the LOGOUT finish for a moment. */
    private volatile Hand hand = Hand.NONE;
    /** The task on the account thread now (null between tasks), for its command's cancel ({@link AccountTask}). */
    private volatile AccountTask.Run current;
    /** A session being connected (before its greeting and login), for that cancel to cut. */
    private volatile MailSession connecting;

    /** The kinds of work {@link #awaitClosed} tells apart. */
    private enum Hand { NONE, READ, CHANGE, LOGOUT }
    /** How recently a task must have gone through for a time-out to be the server's, not an idle link's death. */
    static final java.time.Duration ALIVE_WITHIN = java.time.Duration.ofSeconds(60);
    /** Whether a task has gone through on the session in use: only then is a failure on it tried again afresh. */
    private boolean sessionWorked;
    /** System.nanoTime() when a task last went through on the session; 0 before the first. */
    private volatile long lastAnswered;
    /** Set by {@link #beginClose}: a task that fails now is not tried again on a fresh connection. */
    private volatile boolean closing;
    /** Set by {@link #awaitClosed} once the grace is over: a session taken in hand from then on is cut at once. */
    private volatile boolean cutting;
    private volatile ConnectionState state = ConnectionState.UNKNOWN;
    /** Runs on the account thread right after each successful connect, before the task (the offline queue's replay). */
    private volatile Consumer<MailSession> onConnect = s -> {};
    /** Shut while the server refuses the account's credentials: what postern does by itself waits at it. */
    private final LoginGate gate = new LoginGate();
    /** What the user asked for, which a background job lets go ahead between its batches. */
    private final UrgentReads urgent = new UrgentReads();

    AccountWorker(AccountConfig account, Supplier<MailSession> sessions, Consumer<Event> publish) {
        this.account = account;
        this.sessions = sessions;
        this.publish = publish;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "account-" + account.name());
            t.setDaemon(true);
            return t;
        });
    }

    ConnectionState state() { return state; }
    LoginGate gate() { return gate; }

    /**
     * The server refused the account's credentials to a connection of postern's own (push): shown as "login refused",
     * and what postern does by itself waits until the user acts ({@link LoginGate}).
     */
    void refused(PosternException e) {
        gate.refuse(e);
        setState(ConnectionState.REFUSED, e.getMessage());
    }

    AccountConfig account() { return account; }

    /** Runs {@code task}, which only reads from the server, with a connected session on the account thread. */
    <T> AccountTask<T> submit(Function<MailSession, T> task) {
        return submit(task, null);
    }

    /**
     * As {@link #submit(Function, Supplier)} for a task that changes the server (flags, a move, a folder): quitting
     * lets it finish for {@link #CUT_AFTER} before cutting it, where a read is cut at once.
     */
    <T> CompletableFuture<T> submitChange(Function<MailSession, T> task, Supplier<T> whenUnreachable) {
        return submit(task, whenUnreachable, Hand.CHANGE, false, false);
    }

    /** Runs a store-only {@code task} on the account thread, in order with the others, without a connection. */
    <T> CompletableFuture<T> local(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, r -> executor.execute(urgent.change(r)));
    }

    /**
     * Called on the account's thread by a background job between two batches, with what it stored committed: the reads
     * the user asked for meanwhile ({@link #submitInteractive}) run now, on the job's session, and the job goes on after
     * them. One writer on the session at a time: they run in the job's own turn. A read that lost the session (the
     * link died under it) leaves the job a lost link, which its next batch would have met anyway.
     */
    void betweenBatches() {
        if (!urgent.any() || closing) return;
        AccountTask.Run job = current;
        Hand h = hand;
        MailSession held = inHand;
        try {
            log.debug("account {}: {} read(s) asked for go ahead of the background job", account.name(), urgent.runWaiting());
        } finally {
            current = job;
            hand = h;
            inHand = held;
        }
        if (job != null && job.cutAsked && held != null) held.abort(); // its cancel came while a read was in hand
        if (held == null || session != held) {
            throw new dev.postern.model.LinkDropped("account " + account.name()
                    + ": the connection was lost between two batches; try again later.", null);
        }
    }

    boolean inJobsGap() { return urgent.running(); } // a read in hand runs in betweenBatches, on the job's session

    void onConnect(Consumer<MailSession> hook) { this.onConnect = hook; }

    /**
     * Runs {@code task} with a connected session on the account thread, or {@code whenUnreachable} (also on
     * the account thread) when the server cannot be reached at all, when the link dropped during the task
     * (and its retry), or when quitting cut the task off.
     */
    <T> AccountTask<T> submit(Function<MailSession, T> task, Supplier<T> whenUnreachable) {
        return submit(task, whenUnreachable, Hand.READ, false, false);
    }

    /**
     * As {@link #submit(Function)} for work postern does by itself (the reader's check of a POP3 maildrop): while the
     * server refuses the credentials ({@link LoginGate}) it fails with that refusal on the account thread, in its turn,
     * and never logs in. Looked at in its turn, not when submitted: a login refused by the task before it counts.
     */
    <T> AccountTask<T> submitUnattended(Function<MailSession, T> task) {
        return submit(task, null, Hand.READ, true, false);
    }

    /**
     * As {@link #submit(Function)} for a read the person at the reader asked for (a message, its attachments, a folder's
     * listing): a background job running meanwhile lets it go ahead at its next gap between batches ({@link
     * #betweenBatches}), on the same session, never ahead of a change submitted before it ({@link UrgentReads}).
     */
    <T> AccountTask<T> submitInteractive(Function<MailSession, T> task) {
        return submit(task, null, Hand.READ, false, true);
    }

    private <T> AccountTask<T> submit(Function<MailSession, T> task, Supplier<T> whenUnreachable, Hand kind,
            boolean unattended, boolean interactive) {
        AccountTask.Run run = new AccountTask.Run(this::cut);
        AccountTask<T> f = new AccountTask<>(run);
        try {
            Runnable body = () -> {
                if (!run.begin()) { // its command was cancelled before its turn: never run
                    f.cancel(false);
                    return;
                }
                current = run;
                try {
                    try {
                        PosternException shut = unattended ? gate.refused() : null;
                        if (shut != null) throw shut;
                        f.complete(runWithRetry(task, kind, run));
                    } catch (Unreachable u) {
                        if (whenUnreachable == null || run.cutAsked) throw u;
                        f.complete(whenUnreachable.get());
                    } catch (PosternException e) {
                        // Cut off by quitting (awaitClosed), or not begun for it, or the link dropped under it
                        // (and under its retry): a change the server may or may not have made is queued as when
                        // offline, and the next session replays it. A server that answered and refused is not.
                        if (whenUnreachable == null || run.cutAsked || !(cutting || e instanceof dev.postern.model.LinkDropped)) throw e;
                        log.info("account {}: queued after: {}", account.name(), e.getMessage());
                        f.complete(whenUnreachable.get());
                    }
                } catch (PosternException e) {
                    f.completeExceptionally(e);
                } catch (RuntimeException e) {
                    PosternException slip = dev.postern.backend.ConnectionErrors.answerSlip(account, e); // the server's
                    if (slip == null) log.error("account {}: task failed", account.name(), e); else dropSession();
                    f.completeExceptionally(slip != null ? slip : new PosternException(ExitCode.SOFTWARE, "account "
                            + account.name() + ": internal error (" + e + "); see the log file.", e));
                } catch (Error e) {
                    // A StackOverflowError deep in a parser, say: its caller must hear of it, not wait forever on a future
                    // the dead task never completes; the next task connects afresh. A heap too small is 74, with the remedy.
                    log.error("account {}: task failed", account.name(), e);
                    dropSession();
                    f.completeExceptionally(e instanceof OutOfMemoryError o ? dev.postern.model.OutOfMemory.tooLarge("account "
                            + account.name() + ": this command", o) : new PosternException(ExitCode.SOFTWARE, "account "
                            + account.name() + ": internal error (" + TaskFailures.errorName(e) + "); see the log file.", e));
                } finally {
                    current = null;
                    if (run.cutAsked) dropSession(); // cut for good: the next task connects afresh
                    run.end();
                }
            };
            executor.execute(interactive ? urgent.read(body) : kind == Hand.CHANGE ? urgent.change(body) : body);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new PosternException(ExitCode.SOFTWARE, "postern is shutting down."));
            run.end();
        }
        return f;
    }

    /**
     * The cancel of {@code run}'s command ({@link AccountTask}): when it is the task in hand, its connection is cut, so
     * that it fails at its next read (what it committed is kept); still connecting, the connection being made is. A change
     * to the server in hand is let finish: it takes a round trip, and cut it might be made or not.
     */
    private void cut(AccountTask.Run run) {
        if (current != run) return; // not begun yet (it looks at cutAsked itself) or over
        MailSession s = connecting;
        if (s == null && hand == Hand.READ) s = inHand;
        if (s != null) {
            log.info("account {}: the task in hand is cut off, its command was cancelled (what it stored is kept)", account.name());
            s.abort();
        }
    }

    /**
     * {@code task}, tried once more on a fresh connection only when it failed on a session reused from an earlier task
     * that had gone through (a link that died while idle), and not when that session was found dead by its check before
     * the task ({@link #connected}: the fresh connection made then is the task's second try). A stalled body took three
     * time-outs before it was told (hunt32-V A2): the check before the task asked twice, and the second of them opened a
     * connection of Angus's own; now a failure is told after two time-outs at most, and says so.
     */
    private <T> T runWithRetry(Function<MailSession, T> task, Hand kind, AccountTask.Run run) {
        Try first = new Try();
        long began = System.nanoTime();
        try {
            return succeeded(inHand(task, kind, run, first));
        } catch (PosternException caught) {
            PosternException e = met(caught, began, run);
            if (run.cutAsked) throw cutOff(e); // for its command's cancel: not tried again, and the account is not offline
            PosternException told = first.checkFailed != null ? TaskFailures.twice(first.checkFailed, e) : e;
            if (first.reused && first.checkFailed == null && e.exitCode() == ExitCode.TEMPFAIL && !closing
                    && !TaskFailures.stalledWhileAlive(e, lastAnswered, ALIVE_WITHIN)) {
                log.info("account {}: retrying on a fresh connection after: {}", account.name(), e.getMessage());
                notAnswering(e);
                long again0 = System.nanoTime();
                try {
                    return succeeded(inHand(task, kind, run, new Try()));
                } catch (PosternException caughtAgain) {
                    if (run.cutAsked) throw cutOff(caughtAgain);
                    PosternException again = TaskFailures.twice(e, met(caughtAgain, again0, run));
                    fail(again);
                    throw again;
                }
            }
            fail(told);
            throw told;
        }
    }

    /**
     * A try's failure (begun at {@code began}) as {@link TaskFailures#asMet} takes it; after a link's failure the session
     * is let go without a word to the server: a polite close on a silent one waited out a time-out more (hunt36-K K4).
     */
    private PosternException met(PosternException caught, long began, AccountTask.Run run) {
        PosternException e = run.cutAsked ? caught : TaskFailures.asMet(caught, session, began);
        if (session != null && (e instanceof dev.postern.model.LinkDropped || e instanceof Unreachable)) session.abort();
        if (e.exitCode() == ExitCode.TEMPFAIL || e instanceof Unreachable) dropSession();
        return e;
    }

    /** What one try of a task met: whether it reused a session that had worked, and why that session's check failed. */
    private static final class Try {
        boolean reused;
        PosternException checkFailed;
    }

    /** A time-out met on the session in use: the account is shown as not answering now, before the fresh try's wait. */
    private void notAnswering(PosternException e) {
        if (e instanceof dev.postern.model.LinkDropped d && d.timedOut()) setState(ConnectionState.OFFLINE, e.getMessage());
    }

    /** A task cut off for its command's cancel: a connect it cut leaves the account's state unknown, not offline. */
    private PosternException cutOff(PosternException e) {
        if (state == ConnectionState.CONNECTING) setState(ConnectionState.UNKNOWN, null);
        return e;
    }

    /** {@code task} on the connected session, which {@link #awaitClosed} may cut meanwhile. */
    private <T> T inHand(Function<MailSession, T> task, Hand kind, AccountTask.Run run, Try t) {
        if (cutting) {
            throw new PosternException(ExitCode.TEMPFAIL, "account " + account.name() + ": postern is quitting; not started.");
        }
        MailSession s = connected(run, t);
        hand = kind;
        inHand = s;
        try {
            // awaitClosed, or the command's cancel, looked just before this was in hand
            if (cutting || (kind == Hand.READ && (closing || run.cutAsked))) s.abort();
            return task.apply(s);
        } finally {
            inHand = null;
            hand = Hand.NONE;
        }
    }

    /**
     * A task went through on the session: whatever was shown before, the account is online. (No
     * isConnected() here: on IMAP that is a NOOP, a round trip per command on a thin link.)
     */
    private <T> T succeeded(T result) {
        if (session != null) {
            lastAnswered = System.nanoTime();
            sessionWorked = true;
            setState(ConnectionState.ONLINE, null);
        }
        return result;
    }

    /**
     * The session to run a task on: the one in use when its check ({@link MailSession#isConnected}, asked once) finds it
     * alive, else a fresh connection. A check that timed out shows the account as not answering at once, and makes the
     * fresh connection the task's second try ({@code t}). "connecting" is shown only before the first connection or
     * after one that worked: after a failed try the account stays offline (or refused) until a connection goes through.
     */
    private MailSession connected(AccountTask.Run run, Try t) {
        if (session != null) {
            if (session.isConnected()) {
                t.reused = sessionWorked;
                return session;
            }
            PosternException why = session.checkFailure();
            if (why instanceof dev.postern.model.LinkDropped) session.abort(); // no LOGOUT to wait on: the server is silent
            if (why != null && sessionWorked) {
                t.checkFailed = why;
                notAnswering(why);
            }
        }
        dropSession();
        if (state == ConnectionState.UNKNOWN || state == ConnectionState.ONLINE) setState(ConnectionState.CONNECTING, null);
        MailSession s = sessions.get();
        connecting = s;
        try {
            if (run.cutAsked) s.abort(); // the cancel looked before this was being connected
            s.connect();
        } catch (PosternException e) {
            connecting = null;
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // nothing was open
            }
            if (run.cutAsked) throw e; // a refused login shuts the gate in fail()
            throw e.temporary() ? new Unreachable(e) : e;
        }
        connecting = null;
        session = s;
        sessionWorked = false;
        gate.open();
        setState(ConnectionState.ONLINE, null);
        onConnect.accept(s);
        return s;
    }

    /**
     * The state shown is the connection's, never a command's verdict (a missing folder, a refused command leave a live
     * session online); offline only when no session is left: the connect failed or the link was dropped. Refused
     * credentials shut the gate, met at the connect or inside a task (POP3's fresh view logs in): one refusal, then none.
     */
    private void fail(PosternException e) {
        if (dev.postern.model.LoginRefused.in(e)) gate.refuse(e);
        if (dev.postern.model.ConnectionLimit.in(e)) gate.limited(); // push gives its connection up (hunt37-I I2)
        if (session == null || !session.isConnected()) {
            dropSession();
            setState(dev.postern.model.LoginRefused.in(e) ? ConnectionState.REFUSED : ConnectionState.OFFLINE, e.getMessage());
        }
    }

    /** The LOGOUT at quitting, in hand so that {@link #awaitClosed} can cut it when the server does not answer. */
    private void logOut() {
        MailSession s = session;
        if (s == null) return;
        hand = Hand.LOGOUT;
        inHand = s;
        try {
            if (cutting) s.abort();
            dropSession();
        } finally {
            inHand = null;
            hand = Hand.NONE;
        }
    }

    private void dropSession() {
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                log.debug("closing session", e);
            }
            session = null;
        }
    }

    /** Why the account went offline (the failure's sentence), while it is; null otherwise. */
    String offlineReason() {
        return state == ConnectionState.OFFLINE || state == ConnectionState.REFUSED ? offlineReason : null;
    }

    private volatile String offlineReason;

    private void setState(ConnectionState s, String detail) {
        if ((s == ConnectionState.OFFLINE || s == ConnectionState.REFUSED) && detail != null) offlineReason = detail;
        if (state != s) {
            state = s;
            publish.accept(new Event.ConnectionChanged(account.name(), s, detail));
        }
    }

    /**
     * Starts closing: the session is dropped (a LOGOUT) after the task in hand; no task is taken after. {@code hurried}
     * (the reader quit: a person waits for the shell): no LOGOUT, as aerc sends none; the session is cut now unless a
     * change is in hand, which keeps its grace ({@link #awaitClosed}), and a task not begun is queued or fails at once.
     */
    void beginClose(boolean hurried) {
        closing = true;
        if (hurried) {
            cutting = true; // before hand is read: a change taken in hand after this sees it and cuts itself (inHand)
            MailSession s = hand == Hand.CHANGE ? null : session;
            if (s != null) s.abort();
        }
        try {
            executor.execute(this::logOut);
        } catch (java.util.concurrent.RejectedExecutionException alreadyClosing) {
            // closed before
        }
        executor.shutdown();
    }

    /**
     * Waits for the task in hand and the LOGOUT, then cuts their connection ({@link MailSession#abort}), so that the
     * task fails at its next read; until {@code deadlineNanos} at most. Quitting must not wait for a read: a listing or
     * a download in hand is cut at once (every task commits what it stored as it goes, and the store discards what
     * it had not committed; the next sync resumes there). A change in hand (a flag, a move) is let finish until
     * {@code graceNanos}, and the LOGOUT until {@code quickNanos}: on a working link both are done within a round trip
     * or two, and a change cut off is queued for the next session instead. The thread is not interrupted before the
     * deadline: the cut ends the task at its next read without one. A worker still connecting is not waited for at
     * all: nothing of its task has begun, and a server that never sends its greeting made every quit wait out the
     * whole second.
     */
    void awaitClosed(long quickNanos, long graceNanos, long deadlineNanos) {
        try {
            if (state == ConnectionState.CONNECTING || connecting != null) {
                executor.shutdownNow();
                return;
            }
            // Hurried (beginClose cut the sessions): nothing to wait for but a change in hand or queued, to queue if cut.
            if (cutting && !urgent.changesPending()) return;
            while (true) {
                Hand h = hand;
                long until = h == Hand.CHANGE ? graceNanos : h == Hand.READ ? 0 : quickNanos;
                long left = until - System.nanoTime();
                if (left <= 0) break;
                // Looked at again every 10 ms: the LOGOUT follows the task in hand, a read may follow a change.
                if (executor.awaitTermination(Math.min(left, 10_000_000L), TimeUnit.NANOSECONDS)) return;
            }
            cutting = true;
            MailSession s = inHand;
            if (s != null) {
                log.info("account {}: quitting: the {} in hand is cut off (what it stored is kept)", account.name(),
                        hand == Hand.LOGOUT ? "LOGOUT" : "task");
                s.abort();
            }
            if (!executor.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        beginClose(false);
        long now = System.nanoTime();
        awaitClosed(now + LOGOUT_WAIT.toNanos(), now + CUT_AFTER.toNanos(), now + CLOSE_WAIT.toNanos());
    }

    /** How long quitting lets a change in hand finish before it cuts its connection: a flag or a move is done by then. */
    static final java.time.Duration CUT_AFTER = java.time.Duration.ofMillis(250);
    /** How long quitting waits for the LOGOUT (and for a task between two) before it cuts the connection. */
    static final java.time.Duration LOGOUT_WAIT = java.time.Duration.ofMillis(100);
    /** The longest quitting waits for the account threads, all of them together. */
    static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(1);
}
