package dev.postern.controller;

import dev.postern.model.Work;
import dev.postern.render.Sanitizer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A long piece of work the controller runs on a thread of its own (export, import, retention, outbox flush):
 * an id the reader and {@code postern jobs} show, what it is, how far it got, and a cancel that the work
 * obeys between messages, leaving what it wrote consistent. {@link #result()} completes with the work's
 * value, or fails with its {@link dev.postern.model.PosternException} ({@link Work.Cancelled} when cancelled).
 */
public final class Job<T> {
    /** A job as shown: {@code total} is 0 while it is not known. */
    public record Info(long id, String account, String what, long done, long total, boolean cancelling) {
        /** "3 export work 120/3000" (", cancelling" once asked to stop). */
        public String text() {
            return Sanitizer.oneLine(id + " " + what + " " + account + " " + done + (total > 0 ? "/" + total : "")
                    + (cancelling ? ", cancelling" : ""));
        }
    }

    private final long id;
    private final String account;
    private final String what;
    private final AtomicBoolean cancel = new AtomicBoolean();
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile long done;
    private volatile long total;

    Job(long id, String account, String what) {
        this.id = id;
        this.account = account;
        this.what = what;
    }

    public long id() { return id; }

    public String what() { return what; }

    public String account() { return account; }

    /** Completes when the work has ended (its files closed and tidied), never before. */
    public CompletableFuture<T> result() { return result; }

    /** Asks the work to stop at its next message; false when it had already ended. */
    public boolean cancel() {
        if (result.isDone()) return false;
        cancel.set(true);
        for (Runnable cut : cuts) if (cuts.remove(cut)) cut.run();
        return true;
    }

    public boolean cancelled() { return cancel.get(); }

    /** The cuts {@link Work#whenCancelled} registered while their waits last; run once by {@link #cancel}. */
    private final java.util.Set<Runnable> cuts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** {@link Work#whenCancelled} for this job's work: {@code cut} runs at the cancel, or now when it came already. */
    Work.Cut whenCancelled(Runnable cut) {
        cuts.add(cut);
        if (cancel.get() && cuts.remove(cut)) cut.run();
        return () -> cuts.remove(cut);
    }

    public Info info() { return new Info(id, account, what, done, total, cancel.get()); }

    CompletableFuture<T> future() { return result; }

    void progress(long done, long total) {
        this.done = done;
        this.total = total;
    }
}
