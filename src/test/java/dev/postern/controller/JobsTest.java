package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Work;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Jobs have ids, are listed with their progress while they run, stop when cancelled by id, publish their
 * progress and a last event that takes them off the status bar; closing (the process ending: the reader
 * quitting, Ctrl-C on a batch command) cancels every job and waits until each has tidied up.
 */
class JobsTest {
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Jobs jobs = new Jobs(new AtomicLong(41)::incrementAndGet, events::add);

    /** Counts up to 1000 messages, a millisecond each, stopping when cancelled; tidies up slowly. */
    private static Integer count(Work w, CountDownLatch started, AtomicBoolean tidied) {
        for (int i = 1; i <= 1000; i++) {
            if (w.cancelled()) {
                try {
                    Thread.sleep(200); // removing a partial file, say: close must wait for it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                tidied.set(true);
                throw new Work.Cancelled("cancelled after " + (i - 1) + " of 1000.");
            }
            w.progress(i, 1000);
            if (i == 5) started.countDown();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 1000;
    }

    @Test
    void aJobIsListedWithItsProgressAndStopsWhenCancelledById() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean tidied = new AtomicBoolean();
        Job<Integer> job = jobs.start("work", "export", w -> count(w, started, tidied));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        assertEquals(42, job.id());
        List<Job.Info> listed = jobs.list();
        assertEquals(1, listed.size());
        assertEquals("export", listed.get(0).what());
        assertEquals(1000, listed.get(0).total());
        assertTrue(listed.get(0).done() >= 5);
        assertFalse(jobs.cancel(7), "no job 7");
        assertTrue(jobs.cancel(42));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> job.result().get(30, TimeUnit.SECONDS));
        assertInstanceOf(Work.Cancelled.class, e.getCause());
        assertTrue(tidied.get(), "the result completes only after the work tidied up");
        assertTrue(jobs.list().isEmpty());
        Event last = events.get(events.size() - 1);
        assertEquals(new Event.Progress(42, "work", "job 42 export", 1, 1), last, "the last event takes it off the status bar");
        assertTrue(events.stream().anyMatch(ev -> ev instanceof Event.Progress p && p.total() == 1000 && p.done() < 1000),
                "progress was published while it ran");
    }

    @Test
    void closingCancelsEveryJobAndWaitsForItToTidyUp() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        AtomicBoolean tidiedA = new AtomicBoolean();
        AtomicBoolean tidiedB = new AtomicBoolean();
        Job<Integer> a = jobs.start("work", "export", w -> count(w, started, tidiedA));
        Job<Integer> b = jobs.start("home", "import", w -> count(w, started, tidiedB));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        jobs.close();
        assertTrue(tidiedA.get() && tidiedB.get(), "close returned only after both jobs had tidied up");
        assertTrue(a.result().isCompletedExceptionally() && b.result().isCompletedExceptionally());
        try {
            jobs.start("work", "export", w -> 1);
            org.junit.jupiter.api.Assertions.fail("a closed controller starts no job");
        } catch (dev.postern.model.PosternException expected) {
            assertTrue(expected.getMessage().contains("closing"));
        }
    }
}
