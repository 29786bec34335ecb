package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.model.Work;
import dev.postern.store.MapDbStore;
import dev.postern.store.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox flush as a job: it reports messages tried of those waiting and, cancelled, stops between two
 * messages: what was sent (to a real SMTP server) is out of the outbox, the rest waits there.
 */
class OutboxFlushCancelTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir Path dir;

    @Test
    void aCancelledFlushSendsWhatItTriedAndLeavesTheRestWaiting() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        // POP3 for reading: a sent message has no Sent folder to be copied to, so only SMTP is involved.
        Path file = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                PosternConfig.account("t", "pop3", "127.0.0.1", 1, "plain", "alice", "secret", 20, null),
                "[accounts.t.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
        Config config = new ConfigLoader(Map.of("HOME", dir.toString())).load(file);
        AccountConfig a = config.account("t").orElseThrow();
        try (MapDbStore store = MapDbStore.open(config.dataDir())) {
            for (int i = 1; i <= 4; i++) {
                byte[] raw = ("From: alice@localhost\r\nTo: bob@localhost\r\nSubject: m" + i + "\r\n\r\nbody\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                store.enqueueOutgoing(new OutboxEntry(0, "t", "alice@localhost", List.of("bob@localhost"), raw, 0, "down"));
            }
            store.commit();
            Postman postman = new Postman(n -> a, x -> new SmtpSender(x.smtp().asAccount(x), () -> "secret"), x -> null,
                    store, Clock.systemUTC());
            List<long[]> seen = new ArrayList<>();
            Work cancelAfterTwo = new Work() {
                @Override public void progress(long done, long total) { seen.add(new long[] {done, total}); }

                @Override public boolean cancelled() { return !seen.isEmpty() && seen.get(seen.size() - 1)[0] >= 1; }
            };
            Work.Cancelled c = assertThrows(Work.Cancelled.class, () -> postman.flush("t", cancelAfterTwo));
            assertEquals("outbox flush of t cancelled after 2 of 4 messages: 2 sent, 2 waiting in the outbox.", c.getMessage());
            assertEquals(2, greenMail.getReceivedMessages().length);
            assertEquals(2, store.outbox("t").size());
            assertEquals(4, seen.get(0)[1]);
            assertTrue(seen.stream().allMatch(p -> p[0] <= 2), "tried before each message");
            // Not cancelled: the rest goes.
            assertEquals(2, postman.flush("t").sent());
            assertEquals(0, store.outbox("t").size());
        }
    }
}
