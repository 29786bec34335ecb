package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.AccountConfig;
import dev.postern.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that goes silent in IDLE (a link black-holed while the reader watches a folder: a laptop's lid closed, a
 * NAT that forgot the connection). Angus reads again after a SocketTimeoutException with no bytes transferred (meant
 * for callers that poll IDLE with a short read time-out), and postern's time-outs were such: once the answer's
 * deadline had passed, each read failed at once and was read again, so the watch's thread spun at full CPU for
 * ever (seen in ci32c: PushIT's IDLE case ran 10 minutes, 166 s of CPU on one thread). The wait now ends with the
 * time-out, and the watch reconnects as after any lost link.
 */
class HostileImapIdleStallTest {
    @TempDir Path dir;

    @Test
    void aServerSilentInIdleEndsTheWaitWithItsTimeOutNotASpin() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.capabilities = "IMAP4rev1 UIDPLUS IDLE";
            s.on("IDLE", (c, tag, args) -> {
                c.say("+ idling");
                Thread.sleep(120_000); // and nothing more: not even DONE's answer
            });
            Path cfg = dev.postern.e2e.PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    dev.postern.e2e.PosternConfig.account("a", "imap", "127.0.0.1", s.port(), "plain", "u", "pw", 1, null));
            AccountConfig a = new ConfigLoader(Map.of("HOME", dir.toString())).load(cfg).accounts().get(0);
            ImapSession session = new ImapSession(a, () -> "pw");
            AtomicReference<Throwable> ended = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    session.connect();
                    session.awaitChange("INBOX", Duration.ofSeconds(60)); // a window far past the time-out
                    ended.set(new AssertionError("the wait ended without a failure"));
                } catch (Throwable t) {
                    ended.set(t);
                }
            }, "idle-waiter");
            waiter.setDaemon(true);
            waiter.start();
            waiter.join(TimeUnit.SECONDS.toMillis(20));
            try {
                assertFalse(waiter.isAlive(), "the wait on a silent server did not end within 20 s (timeout_seconds = 1): "
                        + cpuOf(waiter) + " ms of CPU so far");
                assertNotNull(ended.get());
                assertTrue(ended.get() instanceof dev.postern.model.PosternException, "a PosternException: " + ended.get());
            } finally {
                session.close();
            }
        }
    }

    private static long cpuOf(Thread t) {
        java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
        return b.getThreadCpuTime(t.getId()) / 1_000_000;
    }
}
