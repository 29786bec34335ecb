package dev.postern.backend.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deadline socket against real loopback peers: an answer must be complete within the answer time plus
 * its size allowance, whatever the per-read time-out; a write (a command going out) re-arms the deadline.
 */
class DeadlineSocketTest {
    private static final LinkLimits ONE_SECOND = new LinkLimits(Duration.ofSeconds(1), 1024, Duration.ofSeconds(1));

    private static Socket connect(ScriptedServer server, LinkLimits limits, int readTimeoutMs) throws Exception {
        Socket s = DeadlineSockets.plain(limits).createSocket();
        s.setSoTimeout(readTimeoutMs);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
        return s;
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') b.append((char) c);
        return b.toString().strip();
    }

    @Test
    void aTricklingAnswerEndsAtItsDeadlineThoughEveryReadGetsData() throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> ScriptedServer.trickle(out,
                "* OK a greeting that never ends ".repeat(10), 200));
             Socket s = connect(server, ONE_SECOND, 5000)) {
            long t0 = System.nanoTime();
            LinkTimeoutException e = assertThrows(LinkTimeoutException.class, () -> readLine(s.getInputStream()));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(LinkTimeoutException.Limit.ANSWER, e.limit());
            assertTrue(e.getMessage().startsWith(LinkTimeoutException.ANSWER_LATE), e.getMessage());
            // The trickle would last 64 s: ending at all before that is the deadline's doing.
            assertTrue(ms >= 900 && ms < 20_000, "ended after " + ms + " ms");
        }
    }

    @Test
    void aServerThatSaysNothingIsNoAnswerWhicheverClockEndsIt() throws Exception {
        // The answer deadline (1 s) runs out before the read time-out (5 s) with no byte received: that is
        // "no answer", the same words the read time-out gives, never "did not complete its answer (0 bytes came)".
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> Thread.sleep(20_000));
             Socket s = connect(server, ONE_SECOND, 5000)) {
            LinkTimeoutException e = assertThrows(LinkTimeoutException.class, () -> readLine(s.getInputStream()));
            assertEquals(LinkTimeoutException.Limit.ANSWER, e.limit());
            assertTrue(e.getMessage().startsWith(LinkTimeoutException.NO_DATA), e.getMessage());
        }
    }

    @Test
    void aStallEndsAtTheAnswerDeadlineNotTheLongerReadTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            out.write("* OK half a gree".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(20_000);
        });
             Socket s = connect(server, ONE_SECOND, 15_000)) {
            long t0 = System.nanoTime();
            LinkTimeoutException e = assertThrows(LinkTimeoutException.class, () -> readLine(s.getInputStream()));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(LinkTimeoutException.Limit.ANSWER, e.limit());
            assertTrue(ms < 10_000, "ended after " + ms + " ms (the read time-out is 15 s)");
        }
    }

    @Test
    void aLargeAnswerAboveTheMinimumRateFinishesPastTheAnswerTime() throws Exception {
        // 6000 bytes at ~2000 bytes/s: 3 s, three times the answer time, but faster than 1024 bytes/s.
        byte[] chunk = "x".repeat(199).concat("\n").getBytes(StandardCharsets.US_ASCII);
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            for (int i = 0; i < 30; i++) {
                out.write(chunk);
                out.flush();
                Thread.sleep(100);
            }
        });
             Socket s = connect(server, ONE_SECOND, 5000)) {
            byte[] all = s.getInputStream().readNBytes(6000);
            assertEquals(6000, all.length);
        }
    }

    @Test
    void aReadTimeoutShorterThanTheDeadlineStillApplies() throws Exception {
        LinkLimits long_ = new LinkLimits(Duration.ofSeconds(30), 1024, Duration.ofSeconds(30));
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> Thread.sleep(20_000));
             Socket s = connect(server, long_, 500)) {
            LinkTimeoutException e = assertThrows(LinkTimeoutException.class, () -> s.getInputStream().read());
            assertEquals(LinkTimeoutException.Limit.READ, e.limit());
            assertTrue(e.getMessage().startsWith(LinkTimeoutException.NO_DATA), e.getMessage());
        }
    }

    @Test
    void aCommandRearmsTheDeadlineAfterAQuietSpell() throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "* OK hello");
            String cmd = ScriptedServer.line(in);
            Thread.sleep(600);
            ScriptedServer.say(out, "A1 OK " + cmd);
        });
             Socket s = connect(server, ONE_SECOND, 5000)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertEquals("* OK hello", readLine(in));
            Thread.sleep(1500); // longer than the answer time: nothing is awaited, so nothing is late
            out.write("A1 NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("A1 OK A1 NOOP", readLine(in));
        }
    }

    @Test
    void aWriteFromAnotherThreadKeepsAWaitingReadAliveAsIdleDoneDoes() throws Exception {
        // IMAP IDLE: one thread waits for the server while another ends the wait with DONE before the deadline.
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.line(in); // IDLE
            ScriptedServer.say(out, "+ idling");
            ScriptedServer.line(in); // DONE, at 0.7 s
            Thread.sleep(600);      // answers at 1.3 s: past the first deadline, within the re-armed one
            ScriptedServer.say(out, "A1 OK IDLE done");
        });
             Socket s = connect(server, ONE_SECOND, 5000)) {
            OutputStream out = s.getOutputStream();
            out.write("A1 IDLE\r\n".getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(700);
                    out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            InputStream in = s.getInputStream();
            assertEquals("+ idling", readLine(in));
            assertEquals("A1 OK IDLE done", readLine(in));
            done.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aResetIsReportedAsALostConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "* OK hello");
            Thread.sleep(200);
            ScriptedServer.reset(s);
        });
             Socket s = connect(server, ONE_SECOND, 5000)) {
            InputStream in = s.getInputStream();
            assertEquals("* OK hello", readLine(in));
            Thread.sleep(400);
            LinkLostException e = assertThrows(LinkLostException.class, () -> {
                s.getOutputStream().write("A1 NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                in.read();
            });
            assertTrue(e.getMessage().startsWith(LinkLostException.LOST), e.getMessage());
        }
    }

    // ---- answer caps ----------------------------------------------------------------------------------

    /** Caps scaled down from POP3's (64 KiB lines, 256 MiB answers) so a test moves little: 1 KiB lines, 64 KiB answers. */
    private static final LinkLimits CAPPED = new LinkLimits(Duration.ofSeconds(10), 1024, Duration.ofSeconds(10),
            new AnswerCaps(1024, 64 << 10, java.util.Set.of("RETR", "TOP")));

    /** Reads everything until the peer closes or the socket fails; returns how many bytes came. */
    private static long drain(InputStream in) throws Exception {
        byte[] b = new byte[4096];
        long n = 0;
        for (int k; (k = in.read(b)) > 0; ) n += k;
        return n;
    }

    @Test
    void aMessageMayHaveLongLinesButNoAnswerPassesItsCap() throws Exception {
        String longLine = "+OK\r\n" + "m".repeat(10_000) + "\r\n.\r\n";
        // A 10,000-byte line is no fault inside a RETR answer, and is one in any other.
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK hi");
            while (ScriptedServer.line(in) != null) {
                out.write(longLine.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }); Socket s = connect(server, CAPPED, 5000)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertEquals("+OK hi", readLine(in));
            out.write("RETR 1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+OK", readLine(in));
            assertEquals(10_000, readLine(in).length());
            assertEquals(".", readLine(in));
            out.write("UIDL\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+OK", readLine(in));
            AnswerTooLargeException e = assertThrows(AnswerTooLargeException.class, () -> readLine(in));
            assertEquals("the server sent more than 1 KiB in one line", e.getMessage());
            assertTrue(s.isClosed(), "the connection is closed: what comes next cannot be in step");
        }
        // A RETR answer of short lines without end stops at the answer's cap, its status line at the line cap.
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK hi");
            String cmd;
            while ((cmd = ScriptedServer.line(in)) != null) {
                out.write((cmd.startsWith("top") ? "+OK " + "s".repeat(5000) : "+OK\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 200; i++) out.write(("b".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }); Socket s = connect(server, CAPPED, 5000)) {
            InputStream in = s.getInputStream();
            assertEquals("+OK hi", readLine(in));
            s.getOutputStream().write("RETR 1\r\n".getBytes(StandardCharsets.US_ASCII));
            AnswerTooLargeException e = assertThrows(AnswerTooLargeException.class, () -> drain(in));
            assertEquals("the server sent more than 64 KiB in one answer", e.getMessage());
        }
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.say(out, "+OK hi");
            while (ScriptedServer.line(in) != null) {
                out.write(("+OK " + "s".repeat(5000)).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }); Socket s = connect(server, CAPPED, 5000)) {
            InputStream in = s.getInputStream();
            assertEquals("+OK hi", readLine(in));
            s.getOutputStream().write("top 1 0\r\n".getBytes(StandardCharsets.US_ASCII));
            AnswerTooLargeException e = assertThrows(AnswerTooLargeException.class, () -> drain(in));
            assertEquals("the server sent more than 1 KiB in one line", e.getMessage());
        }
    }

    @Test
    void closeAllEndsAReadBlockedOnASilentServerAtOnce() throws Exception {
        LinkLimits minute = new LinkLimits(Duration.ofSeconds(60), 1024, Duration.ofSeconds(60));
        try (ScriptedServer silent = new ScriptedServer((s, in, out) -> Thread.sleep(120_000))) {
            Socket s = connect(silent, minute, 60_000);
            java.util.concurrent.CompletableFuture<Integer> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return s.getInputStream().read();
                } catch (java.io.IOException e) {
                    return -2;
                }
            });
            Thread.sleep(200); // the read is blocked in the kernel by now
            long t0 = System.nanoTime();
            DeadlineSocket.closeAll();
            int got = read.get(30, java.util.concurrent.TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            org.junit.jupiter.api.Assertions.assertTrue(got < 0, "the read ended: " + got);
            // The read's time-out is a minute: ending well before it is closeAll's doing.
            org.junit.jupiter.api.Assertions.assertTrue(ms < 20_000, "ended " + ms + " ms after closeAll");
            org.junit.jupiter.api.Assertions.assertTrue(s.isClosed());
        }
    }
    @Test
    void aCutEndsAReadAtOnceAndSaysPosternClosedIt() throws Exception {
        Links links = new Links();
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> Thread.sleep(20_000));
             Socket s = DeadlineSockets.plain(new LinkLimits(Duration.ofSeconds(30), 1024, Duration.ofSeconds(30)), links)
                     .createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            CompletableFuture<Exception> read = CompletableFuture.supplyAsync(() -> {
                try {
                    readLine(s.getInputStream());
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            Thread.sleep(200); // the read is waiting on the silent server
            long t0 = System.nanoTime();
            links.cut();
            Exception e = read.get(20, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(e instanceof LinkLostException, String.valueOf(e));
            assertEquals(LinkLostException.LOST + LinkLostException.CUT + ")", e.getMessage());
            assertTrue(ms < 15_000, "the read ended " + ms + " ms after the cut (its time-out is 30 s)");
            assertTrue(links.isCut());
            // A read begun after the cut says the same, not the socket's own "Socket is closed" (a lost link's words).
            LinkLostException again = assertThrows(LinkLostException.class, () -> readLine(s.getInputStream()));
            assertEquals(LinkLostException.LOST + LinkLostException.CUT + ")", again.getMessage());
            // A connection the session makes after the cut is cut as it is made: a task's reconnect cannot undo it.
            assertThrows(java.io.IOException.class,
                    () -> DeadlineSockets.plain(ONE_SECOND, links).createSocket("127.0.0.1", server.port()));
        }
    }

    /** An answer time of 1 s and a minimum rate of 20 000 bytes/s: a command of 200 KB is allowed 10 s more. */
    private static final LinkLimits UPLOAD = new LinkLimits(Duration.ofSeconds(1), 20_000, Duration.ofSeconds(5));

    @Test
    void aLargeCommandStillInTheSendBufferIsNotCalledUnanswered() throws Exception {
        // Hunt 38-L, L6: the write returns once the bytes are in the kernel's send buffer; on a slow uplink they
        // take longer than the answer time to reach the server. The server here takes them at ~100 KB/s (2 s),
        // then answers: a slow but working link, which must not end "no answer".
        int size = 200_000;
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            byte[] buf = new byte[10_000];
            int got = 0;
            while (got < size) {
                int n = in.read(buf);
                if (n < 0) return;
                got += n;
                Thread.sleep(100L * n / buf.length);
            }
            ScriptedServer.say(out, "250 took " + got);
        });
             Socket s = DeadlineSockets.plain(UPLOAD).createSocket()) {
            s.setSendBufferSize(256 * 1024); // the buffer holds the whole command at once, as a bloated uplink's does
            s.setSoTimeout(30_000);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            s.getOutputStream().write(new byte[size]);
            assertEquals("250 took " + size, readLine(s.getInputStream()));
        }
    }

    @Test
    void aLinkThatStallsAfterTheLastWriteIsStillFoundDead() throws Exception {
        // The allowance for bytes still buffered is only for what this command wrote (20 KB: 1 s at 20 000 bytes/s).
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> Thread.sleep(30_000));
             Socket s = connect(server, UPLOAD, 30_000)) {
            s.getOutputStream().write(new byte[20_000]);
            long t0 = System.nanoTime();
            LinkTimeoutException e = assertThrows(LinkTimeoutException.class, () -> readLine(s.getInputStream()));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(LinkTimeoutException.Limit.ANSWER, e.limit());
            assertTrue(ms >= 1500 && ms < 10_000, "ended after " + ms + " ms");
        }
    }
}
