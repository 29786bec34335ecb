package dev.postern.render.tika;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time-out of one request to the attachment reader, counted in the worker's own CPU time: a document that makes a
 * parser loop burns CPU and is stopped after {@code budget} of it, as before on a quiet machine; a good document on a
 * busy one (a sync, a build, the worker's first parse of a kind loading its classes) is not charged for the time the
 * worker waited for a core. It was: at load 27 on two cores a fresh worker's first DOCX took more than its 8 s of wall
 * clock and a good attachment read "timed out". The wall clock still ends it at {@link #WALL} times the budget (a
 * parser stuck without using CPU), and where the system does not tell a process's CPU time, the wall clock alone does.
 */
final class CpuDeadline {
    /** The wall clock's bound, in budgets. */
    static final int WALL = 3;
    private static final long MIN_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ScheduledExecutorService timer;
    private final ProcessHandle worker;
    private final Runnable expire;
    private final long budget;
    private final long cpuStart;
    private final long wallEnd;
    private ScheduledFuture<?> next;
    private boolean done;

    private CpuDeadline(ScheduledExecutorService timer, ProcessHandle worker, Duration budget, Runnable expire) {
        this.timer = timer;
        this.worker = worker;
        this.expire = expire;
        this.budget = budget.toNanos();
        this.cpuStart = cpuNanos(worker);
        this.wallEnd = System.nanoTime() + WALL * this.budget;
    }

    /** Runs {@code expire} once {@code worker} has used {@code budget} of CPU since now (or the wall bound passed). */
    static CpuDeadline start(ScheduledExecutorService timer, ProcessHandle worker, Duration budget, Runnable expire) {
        CpuDeadline d = new CpuDeadline(timer, worker, budget, expire);
        d.schedule(d.budget);
        return d;
    }

    /** The request ended: nothing expires. */
    synchronized void cancel() {
        done = true;
        if (next != null) next.cancel(false);
    }

    private synchronized void schedule(long nanos) {
        if (!done) next = timer.schedule(this::check, Math.max(MIN_STEP_NANOS, nanos), TimeUnit.NANOSECONDS);
    }

    private void check() {
        long now = System.nanoTime();
        long cpu = cpuNanos(worker);
        long left = cpu < 0 || cpuStart < 0 ? 0 : budget - (cpu - cpuStart);
        if (left <= 0 || now >= wallEnd) {
            synchronized (this) {
                if (done) return;
                done = true;
            }
            expire.run();
            return;
        }
        schedule(Math.min(left, wallEnd - now));
    }

    /** The process's CPU time so far, -1 when the system does not say. */
    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
