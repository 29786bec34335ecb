package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.OwnFiles;
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

    /** A directory as /tmp is: anyone may create names there, only a name's owner rename or remove it. */
    private Path sticky() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        return tmp;
    }

    private static String privateLog(Path tmp) throws Exception {
        try (var in = Files.list(tmp)) {
            Path d = in.filter(p -> p.getFileName().toString().startsWith("postern-u-")).findFirst().orElseThrow(
                    () -> new AssertionError("no private directory in " + tmp));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
            return Files.readString(d.resolve("postern.log"));
        }
    }

    /**
     * hunt36-S, S8: the /tmp fallback log is renamed at the cap and its name opened again; a neighbour who made a file of
     * his own at the name in that moment got the user's log from then on (opened with no owner check). The name is
     * taken again only when it is the user's own file; else the log goes on in a private directory beside it.
     */
    @Test
    void anotherUsersFileAtTheNameAfterARotationGetsNoLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OwnFiles.uid() == 0, "only root can make a file another user's");
        Path tmp = sticky();
        Path log = tmp.resolve("postern-u.log");
        LogSink sink = new LogSink(log, 10 * LogSink.CHECK_EVERY);
        sink.write("mine\n");
        // Another process of the user's rotated it; the neighbour won the race for the name.
        Files.move(log, tmp.resolve("postern-u.log.1"));
        Files.writeString(log, "");
        Files.setAttribute(log, "unix:uid", 65534);
        Files.setAttribute(log, "unix:mode", 0666);
        for (int i = 0; i < 70; i++) sink.write(line(1000)); // past CHECK_EVERY: it looks again, and reopens
        sink.write("secret\n");
        assertEquals("", Files.readString(log), "the neighbour's file gets nothing");
        assertTrue(privateLog(tmp).endsWith("secret\n"));
    }

    /** S8's other half: a NAME.1 the user cannot replace (another's) made every rotation fail, and nothing was logged again. */
    @Test
    void aTakenOlderNameSendsTheLogToAPrivateDirectoryInsteadOfStoppingIt() throws Exception {
        Path tmp = sticky();
        Path log = tmp.resolve("postern-u.log");
        Files.writeString(log, line(5000));
        Path older = Files.createDirectories(tmp.resolve("postern-u.log.1").resolve("x")); // a rename over it fails
        new LogSink(log, 4000).write("after the cap\n");
        assertTrue(Files.isDirectory(older));
        assertEquals("after the cap\n", privateLog(tmp));
    }
}
