package dev.postern.controller;

import java.util.List;

/** The controller's long jobs (export, import, retention, outbox flush) as the reader and {@code postern jobs} see them. */
public interface JobControl {
    /** The running jobs, oldest first. */
    default List<Job.Info> jobs() { return List.of(); }

    /** Asks job {@code id} to stop at its next message; false when no such job runs. */
    default boolean cancel(long id) { return false; }
}
