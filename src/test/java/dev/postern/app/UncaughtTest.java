package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An exception no thread caught prints one sentence, never its trace (that goes to the log file). */
class UncaughtTest {
    @Test
    void oneSentenceNoTrace() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {}, "imap:127.0.0.1:1<-/127.0.0.1:2");
        Exception e = new IllegalStateException("Can not handle IMAP connection",
                new StringIndexOutOfBoundsException("begin 10, end 0, length 19"));
        Main.uncaught(t, e, new PrintStream(b, true, StandardCharsets.UTF_8));
        String err = b.toString(StandardCharsets.UTF_8);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("postern: internal error on thread imap:127.0.0.1:1<-/127.0.0.1:2 ("), err);
        assertTrue(err.contains("Can not handle IMAP connection") && err.contains("see the log file"), err);
        assertFalse(err.contains("\tat ") || err.contains("Caused by"), err);
    }

    /**
     * A background thread that met a full disk (Lucene's merge thread, hunt 33-Y, Y1) is the disk's fault, not
     * postern's: one plain sentence with the system's reason, no "internal error", no class name.
     */
    @Test
    void aFullDiskIsNoInternalError() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {}, "Lucene Merge Thread #0");
        Exception e = new RuntimeException(new IllegalStateException("merge failed",
                new java.io.IOException("No space left on device")));
        Main.uncaught(t, e, new PrintStream(b, true, StandardCharsets.UTF_8));
        String err = b.toString(StandardCharsets.UTF_8);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("postern: ") && err.contains("(No space left on device)") && err.contains("see the log file"), err);
        assertFalse(err.contains("internal error") || err.contains("Exception") || err.contains("Lucene"), err);
    }

    /**
     * A resident owner (daemon, reader, shell) goes on after one of its threads died: a worker's or a client's request's
     * crash goes to the log only, never on the owner's terminal (hunt 38-Q, Q14: "internal error on thread
     * postern-owner-request" over the open reader's screen). Its main thread's end is still said.
     */
    @Test
    void aResidentOwnersOtherThreadsPrintNothing() {
        for (String name : new String[] {"postern-owner-request", "postern-account-home", "Lucene Merge Thread #0"}) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            Main.uncaught(new Thread(() -> {}, name), new StackOverflowError(), new PrintStream(b, true, StandardCharsets.UTF_8), true);
            assertEquals("", b.toString(StandardCharsets.UTF_8), name);
        }
        ByteArrayOutputStream main = new ByteArrayOutputStream();
        Main.uncaught(new Thread(() -> {}, "main"), new StackOverflowError(), new PrintStream(main, true, StandardCharsets.UTF_8), true);
        assertTrue(main.toString(StandardCharsets.UTF_8).startsWith("postern: internal error on thread main"), main.toString());
        ByteArrayOutputStream notResident = new ByteArrayOutputStream();
        Main.uncaught(new Thread(() -> {}, "postern-owner-request"), new StackOverflowError(),
                new PrintStream(notResident, true, StandardCharsets.UTF_8), false);
        assertTrue(notResident.toString(StandardCharsets.UTF_8).contains("internal error"), notResident.toString());
    }
}
