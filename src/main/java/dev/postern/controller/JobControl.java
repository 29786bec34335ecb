package dev.postern.controller;

import java.util.List;

/** The controller's long jobs (export, import, retention, outbox flush) as the reader and {@code postern jobs} see them. */
public interface JobControl {
    /** The running jobs, oldest first. */
    default List<Job.Info> jobs() { return List.of(); }

    /** Asks job {@code id} to stop at its next message; false when no such job runs. */
    default boolean cancel(long id) { return false; }

    /**
     * Runs {@code body} as a job of {@code account} named {@code what} (a reader's pipe command: hunt43-R R4), listed by
     * {@link #jobs} and stopped by {@link #cancel} as the controller's own are; where no jobs are kept, on a thread
     * of its own that nothing lists.
     */
    default <T> java.util.concurrent.CompletableFuture<T> runJob(String account, String what,
            java.util.function.Function<dev.postern.model.Work, T> body) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> body.apply(dev.postern.model.Work.NONE));
    }
}
