package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log is kept to a size: past the cap it becomes NAME.1 and a new one begins (hunt 31-R, R7). */
class LogSinkTest {
    @TempDir
    Path dir;

    private static String line(int n) {
        return "x".repeat(n - 1) + "\n";
    }

    @Test
    void aLogPastTheCapIsRenamedWhenOpenedAndANewOneBegun() throws Exception {
        Path log = dir.resolve("postern.log");
        Files.writeString(log, line(5000));
        Files.writeString(dir.resolve("postern.log.1"), "older\n");
        LogSink sink = new LogSink(log, 4000);
        sink.write("first of this process\n");
        assertEquals("first of this process\n", Files.readString(log));
        assertEquals(5000, Files.size(dir.resolve("postern.log.1")), "the big one replaced the one before");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @Test
    void aLongRunningProcessRotatesAsItWrites() throws Exception {
        Path log = dir.resolve("postern.log");
        long cap = 2 * LogSink.CHECK_EVERY;
        LogSink sink = new LogSink(log, cap);
        for (int i = 0; i < 2_000; i++) sink.write(line(1000)); // 2 MB written in all
        long size = Files.size(log);
        assertTrue(size <= cap + LogSink.CHECK_EVERY + 1000, "the log is " + size + " bytes");
        assertTrue(Files.size(dir.resolve("postern.log.1")) <= cap + LogSink.CHECK_EVERY + 1000);
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "the log and one older file, no more");
        }
    }

    @Test
    void aProcessWhoseLogAnotherRenamedWritesToTheNewOne() throws Exception {
        Path log = dir.resolve("postern.log");
        LogSink reader = new LogSink(log, 10 * LogSink.CHECK_EVERY);
        reader.write("reader 1\n");
        Files.writeString(log, line(20_000), java.nio.file.StandardOpenOption.APPEND);
        // A cron run finds it past its cap and renames it.
        new LogSink(log, 10_000).write("cron\n");
        assertEquals("cron\n", Files.readString(log));
        for (int i = 0; i < 70; i++) reader.write(line(1000)); // past CHECK_EVERY: it looks again
        String now = Files.readString(log);
        assertTrue(now.startsWith("cron\n") && now.length() > 1000, "the reader writes to the log that is there now");
        assertFalse(Files.readString(dir.resolve("postern.log.1")).contains("cron"));
    }

    @Test
    void aLinkWhereTheLogShouldBeIsNotFollowed() throws Exception {
        Path target = dir.resolve("victim");
        Files.writeString(target, "precious\n");
        Path log = dir.resolve("postern.log");
        Files.createSymbolicLink(log, target);
        new LogSink(log, LogSink.CAP).write("event\n");
        assertEquals("precious\n", Files.readString(target, StandardCharsets.UTF_8));
    }

    /**
     * hunt35-C, C1: a served command cancelled by its client's Ctrl-C is interrupted, and its next log line closed the
     * log's (interruptible) channel; the failure was latched, and the daemon logged nothing more for the rest of its life.
     */
    @Test
    void anInterruptedWriterNeitherLosesItsLineNorClosesTheLogForTheOthers() throws Exception {
        Path log = dir.resolve("postern.log");
        LogSink sink = new LogSink(log, LogSink.CAP);
        sink.write("before\n");
        Thread.currentThread().interrupt();
        sink.write("the command was interrupted\n");
        assertTrue(Thread.interrupted(), "the flag is set again for the caller to see");
        sink.write("after, on the same thread\n");
        Thread other = new Thread(() -> sink.write("after, on another thread\n"));
        other.start();
        other.join();
        assertEquals("before\nthe command was interrupted\nafter, on the same thread\nafter, on another thread\n",
                Files.readString(log));
    }

    /** C1's other door: a write that failed once (a full disk for a moment) is tried again after a pause, and says so. */
    @Test
    void aLogThatCouldNotBeWrittenIsWrittenAgainAfterAPauseAndSaysWhatWasLost() throws Exception {
        Path log = dir.resolve("postern.log");
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        LogSink sink = new LogSink(log, LogSink.CAP, clock::get);
        Files.createDirectory(log); // the file cannot be opened for writing
        sink.write("lost 1\n");
        Files.delete(log);
        sink.write("lost 2\n"); // within the pause: dropped, no file opened for each event
        assertFalse(Files.exists(log));
        clock.addAndGet(LogSink.RETRY_AFTER_NANOS);
        sink.write("back\n");
        String now = Files.readString(log);
        assertTrue(now.contains(" - 2 events were not logged: the log could not be written ("), now);
        assertTrue(now.endsWith(")\nback\n"), now);
        sink.write("and on\n");
        assertTrue(Files.readString(log).endsWith("back\nand on\n"));
    }
}
