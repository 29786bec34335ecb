package dev.postern.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.link.ScriptedSmtp;
import dev.postern.e2e.PosternConfig;
import dev.postern.store.MapDbStore;
import dev.postern.store.OutboxEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 31, S2 and the kill -9 half of S1: a direct {@code postern send} killed with -9 (a power cut, the OOM killer)
 * left nothing: before its final dot the text given on stdin was gone (no draft), and after it (the server may have
 * delivered it) nothing said it may have gone, so the user sent it again. Now the draft is on disk before postern
 * connects, and the message is in the outbox as perhaps delivered (committed) before its end of data, the draft then
 * dropped: after a kill the user finds one or the other, never nothing, never both.
 */
@Timeout(60)
class SendKillTest {
    @TempDir Path dir;

    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> received = new CopyOnWriteArrayList<>();

    /** An MTA that says nothing more once it is sent {@code verb} (END: the final dot), or null: answers all. */
    private ScriptedServer silentAt(String verb) throws Exception {
        return ScriptedSmtp.start((v, message) -> {
            if (v.equals("END")) received.add(ScriptedSmtp.subject(message));
            if (!v.equals(verb)) return null;
            reached.countDown();
            release.await(60, TimeUnit.SECONDS);
            return ScriptedSmtp.HANG_UP;
        });
    }

    private Path config(int port) throws Exception {
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "pop3", "127.0.0.1", 1, "plain", "alice", "secret", 60, null),
                "[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + port + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
    }

    private Map<String, String> env() {
        return Map.of("HOME", dir.toString(), "XDG_STATE_HOME", dir.resolve("state").toString(),
                "XDG_RUNTIME_DIR", dir.toString(), "LANG", "C.UTF-8");
    }

    private String[] send(Path cfg, String subject) {
        return new String[] {"--config", cfg.toString(), "send", "-a", "t", "--to", "bob@localhost", "-s", subject};
    }

    /** `postern send` in a JVM of its own, killed with SIGKILL once the server got as far as {@code verb}. */
    private void killedAt(String verb, String subject) throws Exception {
        try (ScriptedServer server = silentAt(verb)) {
            List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Postern.class.getName()));
            cmd.addAll(List.of(send(config(server.port()), subject)));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(Files.writeString(dir.resolve("stdin"), "precious text\n").toFile())
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
            pb.environment().clear();
            pb.environment().putAll(env());
            Process child = pb.start();
            try {
                assertTrue(reached.await(30, TimeUnit.SECONDS), "the send reached the server: " + Files.readString(dir.resolve("err")));
            } finally {
                child.destroyForcibly(); // SIGKILL: no hook, no sentence
                assertTrue(child.waitFor(20, TimeUnit.SECONDS));
                release.countDown();
            }
        }
    }

    private List<Path> drafts() throws Exception {
        Path d = dir.resolve("state/postern/drafts");
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    private List<OutboxEntry> outbox() {
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            return store.outbox("t");
        }
    }

    @Test
    void killedBeforeTheFinalDotTheTextIsKeptAsADraft() throws Exception {
        killedAt("RCPT", "beforeDot");
        List<Path> drafts = drafts();
        assertEquals(1, drafts.size(), "the text given on stdin is on disk: " + drafts);
        String kept = Files.readString(drafts.get(0), UTF_8);
        assertTrue(kept.contains("precious text") && kept.contains("To: bob@localhost") && kept.contains("Subject: beforeDot"), kept);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(drafts.get(0))));
        assertTrue(outbox().isEmpty(), "nothing went out: not in the outbox");
    }

    @Test
    void killedAfterTheFinalDotTheMessageIsInTheOutboxAsPerhapsSentAndNotSentAgain() throws Exception {
        killedAt("END", "afterDot");
        assertEquals(List.of("afterDot"), received);
        List<OutboxEntry> left = outbox();
        assertEquals(1, left.size(), "the message that may have gone is recorded");
        assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state(), "never sent again by itself");
        assertTrue(left.get(0).lastError().contains("may have delivered it"), left.get(0).lastError());
        assertTrue(drafts().isEmpty(), "no draft besides it, which the user would send again: " + drafts());

        // The next send flushes the outbox first: the one perhaps delivered is left alone; the new one goes.
        try (ScriptedServer answering = silentAt("NONE")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(send(config(answering.port()), "next"), env(), new ByteArrayInputStream("hi\n".getBytes(UTF_8)),
                    false, out, new PrintStream(err, true, UTF_8), null);
            assertEquals(0, code, err.toString(UTF_8));
        }
        assertEquals(List.of("afterDot", "next"), received, "the perhaps delivered one is not sent twice");
        assertEquals(1, outbox().size(), "the sent one leaves no record");
        assertTrue(drafts().isEmpty(), "a sent message leaves no draft: " + drafts());
    }
}
