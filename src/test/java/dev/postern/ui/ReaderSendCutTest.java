package dev.postern.ui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import dev.postern.app.AppContext;
import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.link.ScriptedSmtp;
import dev.postern.e2e.SendStall;
import dev.postern.store.OutboxEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 31-T, T1 and T2: the reader ending while its compose send waits on a silent SMTP server must leave the message
 * as the batch {@code send} does. SIGTERM before the final dot lost it (no draft: the draft was kept only on the reader's
 * normal way out, which a signal never takes); Ctrl-C after the dot said "was not sent" and kept a draft of a message
 * the server had (kept in the outbox as perhaps sent): resending it sent it twice.
 */
@Timeout(60)
class ReaderSendCutTest {
    @TempDir Path dir;
    private SendStall stall;

    @BeforeEach
    void setUp() {
        stall = new SendStall(dir);
    }

    private Map<String, String> env() throws Exception {
        Path editor = dir.resolve("editor.sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/^To:.*/To: bob@localhost/; s/^Subject:.*/Subject: cut/' \"$1\"\n"
                + "printf 'words I must not lose\\n' >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        return stall.env(Map.of("EDITOR", editor.toString()));
    }

    /**
     * The reader on a virtual terminal: m, the editor fills the message, y; {@code cut} runs once the server has what
     * {@code verb} ends; then Ctrl-C ends the reader. What was said on stderr.
     */
    interface Cut {
        void at(AppContext ctx, TuiOptions options, TuiHarness h) throws Exception;
    }

    private String sendAndCut(String verb, Cut cut, AtomicReference<Tui.Shown> shown)
            throws Exception {
        TuiOptions options = new TuiOptions(Palette.defaults(), KeyMap.defaults(), null, stall.state().resolve("history"), null);
        PrintStream stderr = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, UTF_8));
        try (ScriptedServer server = stall.silentAt(verb); AppContext ctx = new AppContext(env(), stall.config(server.port()));
             TuiHarness h = new TuiHarness(100, 30, t -> Tui.run(ctx.controller(), "t", "INBOX", t, options,
                     java.time.Clock.systemUTC(), ReaderTerminal.OWN, shown))) {
            try {
                h.awaitText("INBOX");
                h.type("m");
                h.awaitText("words I must not lose");
                h.type("y");
                assertTrue(stall.reached(20), "the send reached the server");
                cut.at(ctx, options, h);
                h.terminal.addInput(new KeyStroke('c', true, false)); // Ctrl-C, the reader's quit key
                h.awaitExit();
            } finally {
                stall.release();
            }
        } finally {
            System.setErr(stderr);
        }
        return said.toString(UTF_8);
    }

    /** T1: SIGTERM (the JVM's hooks: the context closes, the reader's hook puts the screen away) before the final dot. */
    @Test
    void sigtermBeforeTheDotKeepsTheDraftAndSaysSo() throws Exception {
        AtomicReference<Tui.Shown> shown = new AtomicReference<>();
        AtomicReference<List<Path>> atSignal = new AtomicReference<>();
        AtomicReference<String> screenAfter = new AtomicReference<>();
        String said = sendAndCut("RCPT", (ctx, options, h) -> {
            Thread closer = new Thread(ctx::close); // Main's shutdown hook
            closer.start();
            Tui.ending(() -> { }, shown, options).run(); // the reader's, at the same time; its loop never ends
            closer.join(10_000);
            atSignal.set(stall.drafts()); // the JVM halts here: the reader's own way out never comes
            Thread.sleep(300); // a frame or more: the UI thread, still running, must draw none over the last words
            screenAfter.set(h.screen());
        }, shown);
        assertFalse(screenAfter.get().contains("interrupted"), "a frame drawn after the screen was put away: " + screenAfter.get());
        List<Path> kept = atSignal.get();
        assertEquals(1, kept.size(), "the message written in the reader was lost: " + said);
        assertTrue(kept.get(0).getFileName().toString().startsWith("unsent-"), kept.toString());
        assertTrue(Files.readString(kept.get(0)).contains("words I must not lose"), Files.readString(kept.get(0)));
        assertTrue(said.contains("postern: interrupted: postern is ending, so the message was NOT sent (postern cut the connection"
                + " to 127.0.0.1:") && said.contains("before the end of its data); your draft is kept in " + kept.get(0) + "."), said);
        assertEquals(1, said.split("postern: ", -1).length - 1, "said once, not again as the reader quits: " + said);
        assertTrue(stall.outbox().isEmpty(), "not queued");
    }

    /** T2: Ctrl-C (the reader quitting) after the final dot: perhaps delivered, in the outbox, no "not sent" draft. */
    @Test
    void ctrlCAfterTheDotSaysPerhapsSentAndKeepsNoUnsentDraft() throws Exception {
        String said = sendAndCut("END", (ctx, options, h) -> { }, new AtomicReference<>());
        assertFalse(said.contains("was not sent") || said.contains("NOT sent") || said.contains("kept in /"), said);
        assertTrue(said.contains("postern: interrupted: postern is ending and cut the connection to 127.0.0.1:"), said);
        assertTrue(said.contains("after the whole message had gone out, so the server may have delivered it; it is kept in"
                + " the outbox as message 1 and not sent again by itself"), said);
        assertEquals(List.of(), stall.drafts(), "a draft to send again would send it twice");
        List<OutboxEntry> left = stall.outbox();
        assertEquals(1, left.size());
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state());
    }
}
