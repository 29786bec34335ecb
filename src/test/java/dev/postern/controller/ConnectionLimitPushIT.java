package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.ImapSession;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.PosternConfig;
import dev.postern.e2e.SyntheticMail;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt37-I I2: Dovecot with {@code mail_max_userip_connections = 1} (hosting providers set such low limits; a phone and
 * a webmail session holding the others leave postern one). The reader's push (its IDLE watch, a connection of its own)
 * took the only slot while the account's own connection was between logins, and the reader stayed offline for ever.
 * Now the connection that shows the mail comes first: a login refused for too many connections makes the watch give
 * its connection up and poll the folder on the account's own connection, as with poll_seconds; the account recovers and
 * new mail still comes in by itself.
 */
@Tag("e2e")
class ConnectionLimitPushIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer().maxUserIpConnections(1);

    @TempDir Path home;

    private MapDbStore store;
    private DefaultMailController controller;
    private Reading.Watching watching;

    @AfterEach
    void stop() {
        if (watching != null) watching.close();
        if (controller != null) controller.close();
        if (store != null) store.close();
    }

    private static void within(Duration limit, String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError(what + " did not happen within " + limit);
            Thread.sleep(100);
        }
    }

    private boolean stored(long n) {
        String id = SyntheticMail.messageId(n).replace("<", "").replace(">", "");
        return store.page("e2e", "INBOX", 0, 1000).stream().anyMatch(e -> e.messageId() != null && e.messageId().contains(id));
    }

    @Test
    void theWatchGivesUpTheOnlySlotAndTheAccountPollsOnItsOwnConnection() throws Exception {
        DOVECOT.deliver("alice", "INBOX", SyntheticMail.message(37_001, "alice@postern.test"));
        Path p = home.resolve("config.toml");
        PosternConfig.write(p, home.resolve("data"), PosternConfig.dovecot(DOVECOT, "alice", 10));
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        store = MapDbStore.open(config.dataDir());
        controller = new DefaultMailController(config, store, a -> new ImapSession(a, () -> DOVECOT.user("alice")), raw -> null);

        // The watch first: it logs in and idles on the only slot before the account's own connection is made.
        watching = controller.watch("e2e", "INBOX");
        within(Duration.ofSeconds(30), "the watch logged in", () -> Files.exists(DOVECOT.logPath()) && log().contains("Login: user=<alice>"));
        // The account's own login is refused for the connection limit: the watch gives its slot up for it.
        DOVECOT.deliver("alice", "INBOX", SyntheticMail.message(37_002, "alice@postern.test"));
        within(Duration.ofSeconds(60), "the account back online with the new mail", () -> {
            try {
                controller.refreshFolder("e2e", "INBOX").get(30, TimeUnit.SECONDS);
            } catch (Exception refused) {
                return false;
            }
            return stored(37_002);
        });
        assertEquals(ConnectionState.ONLINE, controller.connectionState("e2e"));
        // Mail delivered now comes in by the watch's poll on the account's connection, with nobody asking.
        DOVECOT.deliver("alice", "INBOX", SyntheticMail.message(37_003, "alice@postern.test"));
        within(Duration.ofSeconds(45), "new mail polled in", () -> stored(37_003));
        assertTrue(log().contains("Maximum number of connections"), "the limit was met: " + log());
    }

    private static String log() {
        try {
            return Files.readString(DOVECOT.logPath());
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
