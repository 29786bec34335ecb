package dev.postern.controller;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A controller future over work on an account's thread that only reads from the server (a sync, a fetch, a search on
 * the server, a folder's refresh), which a command that waits for it can stop. {@code cancel(true)} stops the work:
 * not begun, it never runs; in hand, its connection is cut ({@link dev.postern.backend.MailSession#abort}), so it fails
 * at its next read as when quitting cuts it: what it committed stays, what it had not the store discards, and the next
 * sync goes on from there. {@code cancel(false)} only keeps it from beginning. Without this, the work a served
 * {@code sync} or {@code fetch} had started went on in the owner after its client had gone (Ctrl-C, kill -9), and the
 * next command of that account waited behind it. {@link #ended} completes once the work has left the account's thread.
 */
public final class AccountTask<T> extends CompletableFuture<T> {
    /** The work itself, shared by the futures derived from it ({@link #carrying}). */
    static final class Run {
        private static final int NEW = 0;
        private static final int RUNNING = 1;
        private static final int SKIPPED = 2;
        private final AtomicInteger state = new AtomicInteger(NEW);
        /** Set by a stopping cancel: the work in hand is cut, and it is not tried again on a fresh connection. */
        volatile boolean cutAsked;
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final Consumer<Run> cut;

        Run(Consumer<Run> cut) {
            this.cut = cut;
        }

        /** On the account's thread: whether the work may begin (false: it was cancelled before, and is over). */
        boolean begin() {
            return state.compareAndSet(NEW, RUNNING);
        }

        void end() {
            ended.complete(null);
        }

        void cancel(boolean stop) {
            if (state.compareAndSet(NEW, SKIPPED)) {
                end();
                return;
            }
            if (!stop || ended.isDone()) return;
            cutAsked = true;
            cut.accept(this);
        }
    }

    /** The work this future is over; null for one of {@link #later}, which follows {@link #parts} instead. */
    private final Run run;
    /** Of a {@link #later} future: the account work it was found to need, which {@link #stop} stops. */
    private final java.util.List<AccountTask<?>> parts;
    private volatile boolean stopAsked;

    AccountTask(Run run) {
        this.run = run;
        this.parts = null;
    }

    private AccountTask() {
        this.run = null;
        this.parts = new java.util.concurrent.CopyOnWriteArrayList<>();
    }

    /**
     * A future over a read that may need the account's thread or not (a message's body, stored or to be downloaded),
     * which is found out later ({@link #attach}). Its {@code cancel} is any future's (what it does to a download under
     * way is its maker's: {@code MessageReading.read} stops one the reader left unless little of it is left). A
     * command's cancel ({@link #stop}, through {@code command.JobFuture}) cuts that download as it cuts a sync: what was
     * stored stays whole, a body half downloaded is never stored. Without it a served {@code read} or {@code attachment}
     * went on downloading in the owner after its client had gone, and the account's next command queued behind it.
     */
    static <T> AccountTask<T> later() { return new AccountTask<>(); }

    /** Takes {@code part}, account work found needed by this {@link #later} future, as stopped with it; returns it. */
    <U> CompletableFuture<U> attach(CompletableFuture<U> part) {
        if (parts != null && part instanceof AccountTask<U> t) {
            parts.add(t);
            if (stopAsked) t.stop();
        }
        return part;
    }

    /** Completes this {@link #later} future as {@code from} completes; returns it. */
    AccountTask<T> completing(CompletableFuture<T> from) {
        from.whenComplete((v, e) -> {
            if (e == null) complete(v);
            else completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
        });
        return this;
    }

    Run run() { return run; }

    /** {@code derived}, a stage of this task's answer, as a future that stops this task's work when cancelled. */
    <U> AccountTask<U> carrying(CompletableFuture<U> derived) {
        AccountTask<U> t = new AccountTask<>(run);
        derived.whenComplete((v, e) -> {
            if (e == null) t.complete(v);
            else t.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
        });
        return t;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (run != null) run.cancel(mayInterruptIfRunning);
        return cancelled;
    }

    /**
     * Its command's cancel: the work is stopped, cut off when in hand ({@code cancel(true)}; of a {@link #later}
     * future, the account work it has needed so far and will need).
     */
    public void stop() {
        stopAsked = true;
        cancel(true);
        if (parts != null) for (AccountTask<?> t : parts) t.stop();
    }

    /** Completes once the work has left the account's thread (at once for work cancelled before it began). */
    public CompletableFuture<Void> ended() {
        if (run != null) return run.ended.copy();
        return handle((v, e) -> null).thenCompose(v -> CompletableFuture.allOf(
                parts.stream().map(AccountTask::ended).toArray(CompletableFuture[]::new)));
    }
}
