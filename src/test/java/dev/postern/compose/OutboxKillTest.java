package dev.postern.compose;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.link.ScriptedServer;
import dev.postern.backend.link.ScriptedSmtp;
import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.store.MapDbStore;
import dev.postern.store.OutboxEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush killed (-9) after a queued message's end of data went out and before the server's answer (hunt28 H1): the
 * server may have delivered it, so the next flush must not send it again by itself. It used to: the entry was still
 * waiting, and the message went out twice. Now it is marked perhaps delivered, committed, before its end of data.
 */
class OutboxKillTest {
    @TempDir Path dir;

    /** Subjects whose whole message (end of data included) reached the server. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    /** An MTA that takes each message whole; it answers 250 unless {@code silent}, then it says nothing. */
    private ScriptedServer mta(boolean silent, CountDownLatch gotOne) throws Exception {
        return ScriptedSmtp.start((verb, message) -> {
            if (!verb.equals("END")) return null;
            received.add(ScriptedSmtp.subject(message));
            gotOne.countDown();
            if (silent) {
                Thread.sleep(60_000); // the flush is killed while it waits for this answer
                return ScriptedSmtp.HANG_UP;
            }
            return null;
        });
    }

    private Path config(int port) throws Exception {
        return PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "pop3", "127.0.0.1", 1, "plain", "alice", "secret", 3, null),
                "[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + port + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
    }

    @Test
    void aFlushKilledBeforeTheServersAnswerNeverSendsTheMessageAgainByItself() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            store.enqueueOutgoing(new OutboxEntry(0, "t", "alice@localhost", List.of("bob@localhost"),
                    "From: alice@localhost\r\nTo: bob@localhost\r\nSubject: once\r\n\r\nbody\r\n".getBytes(US_ASCII), 0, "down"));
            store.commit();
        }
        CountDownLatch whole = new CountDownLatch(1);
        try (ScriptedServer silent = mta(true, whole)) {
            Path cfg = config(silent.port());
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), OutboxFlushProcess.class.getName(),
                    cfg.toString(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
            try {
                assertTrue(whole.await(60, TimeUnit.SECONDS), "the message reached the server whole");
            } finally {
                child.destroyForcibly(); // SIGKILL, waiting for the 250
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
        }
        assertEquals(List.of("once"), received);

        try (ScriptedServer answering = mta(false, new CountDownLatch(1));
             MapDbStore store = MapDbStore.open(dir.resolve("data"))) {
            Config config = new ConfigLoader(Map.of("HOME", dir.toString())).load(config(answering.port()));
            AccountConfig a = config.account("t").orElseThrow();
            Postman postman = new Postman(n -> a, x -> new SmtpSender(x.smtp().asAccount(x), () -> "secret"), x -> null, store,
                    Clock.systemUTC());
            List<OutboxEntry> left = store.outbox("t");
            assertEquals(1, left.size());
            assertEquals(OutboxEntry.State.UNCONFIRMED, left.get(0).state(), "set aside as perhaps delivered");
            assertTrue(left.get(0).lastError().contains("may have delivered it"), left.get(0).lastError());
            assertEquals(0, postman.flush("t").sent());
            assertEquals(List.of("once"), received, "not sent a second time");

            // The user's say sends it again.
            assertTrue(postman.retry("t", left.get(0).id()));
            assertEquals(1, postman.flush("t").sent());
            assertEquals(List.of("once", "once"), received);
        }
    }
}
