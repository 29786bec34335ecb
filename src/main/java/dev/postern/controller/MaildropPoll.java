package dev.postern.controller;

import dev.postern.model.LoginRefused;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader's check of a POP3 INBOX it has open, as {@link FolderWatch} is an IMAP folder's: every
 * {@link #interval} (poll_seconds, else {@link #DEFAULT_SECONDS}, mutt's pop_checkinterval) the maildrop is downloaded
 * again, so mail delivered later appears by itself; a check that failed (the link cut under a first fetch of thousands)
 * is tried again with FolderWatch's back-off (1 s doubling to {@link FolderWatch#MAX_BACKOFF}), so the fetch resumes
 * when the link is back (hunt32-V F1: it stayed cut until the user opened the folder again). Each check is a task on
 * the account's worker, whose one thread runs the account's tasks in turn: it never runs beside another fetch of the
 * account (the reader's own, or a cron {@code postern fetch} the reader's process serves), and a check is not asked
 * again before the last one ended. While the server refuses the credentials it waits at the account's
 * {@link LoginGate}, and its check never logs in ({@link AccountWorker#submitUnattended}).
 */
final class MaildropPoll implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MaildropPoll.class);
    static final int DEFAULT_SECONDS = 60;

    private final String account;
    private final long interval;
    private final Supplier<CompletableFuture<?>> check;
    private final LoginGate gate;
    private final FolderWatch.Pause pause;
    private final boolean failedBefore;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * {@code check} asks the worker for one download and returns its future; {@code failedBefore}: the reader's own
     * refresh, which ran just before, failed, so the first check comes after 1 s, not a whole interval.
     */
    MaildropPoll(String account, int pollSeconds, Supplier<CompletableFuture<?>> check, LoginGate gate,
            FolderWatch.Pause pause, boolean failedBefore) {
        this.account = account;
        this.interval = (pollSeconds > 0 ? pollSeconds : DEFAULT_SECONDS) * 1000L;
        this.check = check;
        this.gate = gate;
        this.pause = pause;
        this.failedBefore = failedBefore;
        this.thread = new Thread(this::run, "maildrop-poll-" + account);
        thread.setDaemon(true);
    }

    MaildropPoll start() {
        thread.start();
        return this;
    }

    /** The wait between checks that went through. */
    long interval() { return interval; }

    private void run() {
        // The reader's own fetch that failed just before is the first failure: 1 s, then 2 s, ...
        long backoff = failedBefore ? 2000 : 1000;
        long wait = failedBefore ? 1000 : interval;
        try {
            while (!stopped) {
                pause.sleep(wait);
                if (stopped) return;
                if (gate.refused() != null) {
                    gate.await(); // until a login the user asked for went through
                    if (stopped) return;
                    backoff = 1000;
                }
                try {
                    check.get().get();
                    backoff = 1000;
                    wait = interval;
                } catch (ExecutionException e) {
                    Throwable why = e.getCause() == null ? e : e.getCause();
                    if (stopped || refusedLogin(why)) {
                        wait = 0; // the gate is shut now: wait there, not in a back-off
                        continue;
                    }
                    log.info("account {}: checking INBOX failed ({}); again in {} ms", account, why.getMessage(), backoff);
                    wait = backoff;
                    backoff = Math.min(backoff * 2, FolderWatch.MAX_BACKOFF.toMillis());
                } catch (java.util.concurrent.CancellationException e) {
                    if (stopped) return;
                    wait = interval;
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** A refusal of the credentials: the check is not tried again until the user's own login goes through. */
    private boolean refusedLogin(Throwable why) {
        if (!LoginRefused.in(why)) return false;
        log.info("account {}: checking INBOX stopped: the login was refused; not tried again until a login the user asks for"
                + " goes through", account);
        return true;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt(); // a check in hand goes on (quitting cuts it as any other task): only no other is asked
    }
}
