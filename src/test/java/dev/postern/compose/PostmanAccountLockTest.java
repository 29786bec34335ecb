package dev.postern.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.store.MapDbStore;
import dev.postern.store.OutboxEntry;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt38-M M19: the lock that keeps a message from being sent twice is the account's, not one for all: while one
 * account's flush waits on a relay that accepts and never greets, another account's send goes through its own
 * (real) relay at once, and that flush is still waiting when it has. Before, the send waited for the flush's time-out
 * (15 s here) and the flush was over by then.
 */
class PostmanAccountLockTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir Path dir;

    @Test
    void aStalledRelayOfOneAccountHoldsUpNoOtherAccountsSend() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        try (ServerSocket stall = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path file = PosternConfig.write(dir.resolve("config.toml"), dir.resolve("data"),
                    PosternConfig.account("slow", "pop3", "127.0.0.1", 1, "plain", "alice", "secret", 15, null),
                    "[accounts.slow.smtp]\nhost = \"127.0.0.1\"\nport = " + stall.getLocalPort()
                            + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n",
                    PosternConfig.account("fast", "pop3", "127.0.0.1", 1, "plain", "alice", "secret", 120, null),
                    "[accounts.fast.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                            + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
            Config config = new ConfigLoader(Map.of("HOME", dir.toString())).load(file);
            try (MapDbStore store = MapDbStore.open(config.dataDir())) {
                store.enqueueOutgoing(new OutboxEntry(0, "slow", "alice@localhost", List.of("bob@localhost"),
                        raw("waits"), 0, "down"));
                store.commit();
                Postman postman = new Postman(n -> config.account(n).orElseThrow(),
                        x -> new SmtpSender(x.smtp().asAccount(x), () -> "secret"), x -> null, store, Clock.systemUTC());
                CompletableFuture<Postman.FlushReport> slowFlush = CompletableFuture.supplyAsync(() -> postman.flush("slow"));
                try (Socket held = stall.accept()) { // the slow flush is connected and waits for a greeting that never comes
                    Postman.Result r = postman.send("fast", new Built(raw("goes"), "<goes@localhost>", "alice@localhost",
                            List.of("bob@localhost")));
                    assertEquals(Postman.Outcome.SENT, r.outcome());
                    assertEquals(1, greenMail.getReceivedMessages().length);
                    assertTrue(!slowFlush.isDone(), "the other account's send waited for the stalled flush to end");
                }
                // The stalled link closed: the slow account's message waits on in its outbox.
                assertEquals(1, slowFlush.get().waiting());
                assertEquals(0, store.outbox("fast").size());
            }
        }
    }

    private static byte[] raw(String subject) {
        return ("From: alice@localhost\r\nTo: bob@localhost\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject
                + "@localhost>\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
