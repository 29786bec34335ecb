package dev.postern.app;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.link.ScriptedSmtp;
import dev.postern.compose.Postman;
import dev.postern.compose.RawMessage;
import dev.postern.controller.Job;
import dev.postern.e2e.SendStall;
import dev.postern.model.PosternException;
import dev.postern.model.Work;
import dev.postern.store.MapDbStore;
import dev.postern.store.OutboxEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 31, R2 and R3: a send waiting on a silent SMTP server was cut neither by its flush job's cancel nor by the
 * process ending. Ctrl-C on {@code send --flush} waited 30 s for the flush job (Jobs.close), and Ctrl-C on {@code send}
 * ended the process under the send: exit 130, nothing said, the text given on stdin neither sent, queued nor kept.
 * Now the connection is cut at once, and the message is left honestly: before the end of data not sent (the queued one
 * waits again; a new one is kept as a draft by the door), after it perhaps delivered and set aside, never resent.
 */
@Timeout(60)
class SendInterruptTest {
    @TempDir Path dir;
    private SendStall stall;

    @BeforeEach
    void setUp() {
        stall = new SendStall(dir);
    }

    private static byte[] message(String subject) {
        return ("From: alice@localhost\r\nTo: bob@localhost\r\nSubject: " + subject + "\r\n\r\nbody\r\n").getBytes(US_ASCII);
    }

    private void queue() {
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            store.enqueueOutgoing(new OutboxEntry(0, "t", "alice@localhost", List.of("bob@localhost"), message("queued"), 0, "down"));
            store.commit();
        }
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS), "the send was not cut").getCause();
    }

    @Test
    void cancellingAFlushCutsItsSendAtOnceAndTheMessageWaitsAgain() throws Exception {
        queue();
        try (ScriptedServer server = stall.silentAt("RCPT")) {
            try (AppContext ctx = new AppContext(stall.env(), stall.config(server.port()))) {
                Job<Postman.FlushReport> job = ctx.controller().flushOutbox("t");
                assertTrue(stall.reached(20));
                long t0 = System.nanoTime();
                job.cancel(); // `postern cancel`, the reader's :cancel
                Throwable e = failure(job.result());
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertInstanceOf(Work.Cancelled.class, e);
                assertTrue(e.getMessage().startsWith("outbox flush of t cancelled after 1 of 1 messages: 0 sent, 1 waiting"),
                        e.getMessage());
                assertTrue(ms < 15_000, "the cancel took " + ms + " ms (the stalled server's time-out is 60 s)");
            } finally {
                stall.release();
            }
        }
        List<OutboxEntry> left = stall.outbox();
        assertEquals(1, left.size());
        assertEquals(OutboxEntry.State.WAITING, left.get(0).state(), "cut before its data ended: sent again by the next flush");
    }

    /** What the shutdown hook of Ctrl-C or SIGTERM does: close the context while a flush waits for the dot's answer. */
    @Test
    void closingTheContextCutsAFlushWaitingAfterTheDotAndSetsTheMessageAside() throws Exception {
        queue();
        Job<Postman.FlushReport> job;
        try (ScriptedServer server = stall.silentAt("END")) {
            try (AppContext ctx = new AppContext(stall.env(), stall.config(server.port()))) {
                job = ctx.controller().flushOutbox("t");
                assertTrue(stall.reached(20));
                long t0 = System.nanoTime();
                ctx.close();
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms < 15_000, "closing waited " + ms + " ms for the flush (Jobs waits up to 30 s)");
                assertTrue(ctx.stoppedWork(), "the hook must let the command say what the flush left");
            } finally {
                stall.release();
            }
        }
        Throwable e = failure(job.result());
        assertInstanceOf(Work.Cancelled.class, e);
        assertTrue(e.getMessage().startsWith("interrupted: outbox flush of t cancelled") && e.getMessage().contains("may have been"
                + " delivered and will not be sent again by itself"), e.getMessage());
        List<OutboxEntry> left = stall.outbox();
        assertEquals(1, left.size());
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state(), "its data went out: never sent again by itself");
    }

    @Test
    void closingTheContextCutsANewMessageAfterTheDotAndKeepsItAsPerhapsSent() throws Exception {
        try (ScriptedServer server = stall.silentAt("END")) {
            try (AppContext ctx = new AppContext(stall.env(), stall.config(server.port()))) {
                CompletableFuture<Postman.Result> sending = CompletableFuture.supplyAsync(() -> ctx.postman().send("t",
                        RawMessage.prepare(message("new"), "alice@localhost", Clock.systemUTC())));
                assertTrue(stall.reached(20));
                ctx.close();
                Throwable e = failure(sending);
                assertTrue(Postman.perhapsSent(e), "said as perhaps sent: " + e);
                assertTrue(e.getMessage().startsWith("interrupted: postern is ending and cut the connection to 127.0.0.1:"
                        + server.port() + " after the whole message had gone out, so the server may have delivered it; it is"
                        + " kept in the outbox as message"), e.getMessage());
            } finally {
                stall.release();
            }
        }
        List<OutboxEntry> left = stall.outbox();
        assertEquals(1, left.size());
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state());
    }

    /** Hunt 31-T, T5: a bounce cut after its dot was said in a fetch's words ("what was stored before is kept"). */
    @Test
    void closingTheContextCutsABounceAfterTheDotAndSaysItMayHaveBeenDelivered() throws Exception {
        try (ScriptedServer server = stall.silentAt("END")) {
            try (AppContext ctx = new AppContext(stall.env(), stall.config(server.port()))) {
                CompletableFuture<Postman.Result> bouncing = CompletableFuture.supplyAsync(() -> ctx.postman().bounce("t",
                        RawMessage.prepare(message("bounced"), "alice@localhost", Clock.systemUTC())));
                assertTrue(stall.reached(20));
                ctx.close();
                Throwable e = failure(bouncing);
                assertTrue(Postman.perhapsSent(e), "said as perhaps sent: " + e);
                assertEquals("interrupted: postern is ending and cut the connection to 127.0.0.1:" + server.port()
                        + " after the whole bounce had gone out, so the server may have delivered it; it is kept in the outbox"
                        + " as message 1 and not sent again by itself: check with the recipients, then `postern outbox --retry 1`"
                        + " sends it again or `--drop 1` removes it.", e.getMessage());
            } finally {
                stall.release();
            }
        }
        // Recorded before its dot, as a new message is: bounced again by the user only after checking (never queued otherwise).
        List<OutboxEntry> left = stall.outbox();
        assertEquals(1, left.size());
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state());
    }

    /**
     * The whole door, in a JVM of its own, started as a person starts it: Ctrl-C once the server, silent at {@code verb},
     * has got that far; asserts it ended at once with 130, and returns what it said on stderr.
     */
    private String ctrlC(String verb, String stdin, String... args) throws Exception {
        try (ScriptedServer server = stall.silentAt(verb)) {
            Process child = stall.start(true, stall.env(), stdin, dev.postern.e2e.PosternConfig.argv(stall.config(server.port()), args));
            long ms;
            try {
                assertTrue(stall.reached(30), "the send reached the server");
                long t0 = System.nanoTime();
                assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor());
                if (!child.waitFor(20, TimeUnit.SECONDS)) {
                    // What it was doing, for the report: its threads and what it said.
                    Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                            Long.toString(child.pid()), "Thread.print").redirectErrorStream(true).start();
                    String threads = new String(dump.getInputStream().readAllBytes(), UTF_8);
                    throw new AssertionError("Ctrl-C did not end it; stderr: " + stall.err() + "\nthreads:\n" + threads);
                }
                ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            } finally {
                stall.release();
                child.destroyForcibly();
            }
            String err = stall.err();
            assertEquals(130, child.exitValue(), err);
            assertTrue(ms < 15_000, "Ctrl-C took " + ms + " ms to end the send (the stalled server's time-out is 60 s)");
            System.out.println("SendInterruptTest: Ctrl-C to exit " + ms + " ms");
            return err.replace("127.0.0.1:" + server.port(), "HOST");
        }
    }

    /** Ctrl-C on `send` with its text on stdin, the server silent before the data. */
    @Test
    void ctrlCOnSendKeepsTheTextAsADraftAndSaysSo() throws Exception {
        String err = ctrlC("RCPT", "precious text\n", "send", "-a", "t", "--to", "bob@localhost", "-s", "kept");
        assertTrue(err.contains("postern: interrupted: postern is ending, so the message was NOT sent (postern cut the"
                + " connection to HOST before the end of its data); your draft is kept in "), err);
        List<Path> drafts = stall.drafts();
        assertEquals(1, drafts.size(), drafts.toString());
        assertTrue(err.contains(drafts.get(0).toString()), err);
        String kept = Files.readString(drafts.get(0), UTF_8);
        assertTrue(kept.contains("precious text") && kept.contains("To: bob@localhost"), kept);
        assertTrue(stall.outbox().isEmpty(), "not queued: sent only when the user sends it again");
    }

    /** The same for `reply` (and so `forward`, its sibling door): the same sentence, the same draft, written ahead. */
    @Test
    void ctrlCOnReplyKeepsTheTextAsADraftAndSaysSo() throws Exception {
        stall.seed("Plans", "Shall we meet?");
        String err = ctrlC("RCPT", "precious answer\n", "reply", "-a", "t", "INBOX", "1");
        List<Path> drafts = stall.drafts();
        assertEquals(1, drafts.size(), drafts.toString());
        assertEquals("postern: interrupted: postern is ending, so the message was NOT sent (postern cut the connection to HOST"
                + " before the end of its data); your draft is kept in " + drafts.get(0) + ".\n", err);
        assertEquals("precious answer\n", Files.readString(drafts.get(0), UTF_8));
        assertTrue(stall.outbox().isEmpty(), "not queued: sent only when the user sends it again");
    }

    /** Ctrl-C on `reply` after the dot: perhaps delivered, in the outbox, and no draft to send it twice from. */
    @Test
    void ctrlCOnReplyAfterTheDotSaysItMayHaveBeenDeliveredAndKeepsNoDraft() throws Exception {
        stall.seed("Plans", "Shall we meet?");
        String err = ctrlC("END", "precious answer\n", "reply", "-a", "t", "INBOX", "1");
        assertEquals("postern: interrupted: postern is ending and cut the connection to HOST after the whole message had gone"
                + " out, so the server may have delivered it; it is kept in the outbox as message 1 and not sent again by itself:"
                + " check with the recipients, then `postern outbox --retry 1` sends it again or `--drop 1` removes it.\n", err);
        assertEquals(List.of(), stall.drafts(), "a draft to send again would send it twice");
        List<OutboxEntry> left = stall.outbox();
        assertEquals(1, left.size());
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state());
    }
}
