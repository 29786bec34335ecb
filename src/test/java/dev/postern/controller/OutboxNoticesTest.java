package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.e2e.PosternConfig;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hunt 32-W, W4: the outbox timer's notices went to the last reader that started in the process (a served reader in
 * another shell, told "Sent 1 message" of mail it never queued), and to nobody once that one quit. The first reader to
 * ask, the owner's own, keeps them.
 */
class OutboxNoticesTest {
    @TempDir Path home;

    @Test
    void theFirstReaderToAskIsTheOneTold() throws Exception {
        Path p = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("t", "imap", "127.0.0.1", 1, "plain", "dan", "pw", 5, null));
        Config config = new ConfigLoader(Map.of("HOME", home.toString())).load(p);
        try (MapDbStore store = MapDbStore.open(config.dataDir())) {
            DefaultMailController c = new DefaultMailController(config, store, a -> null, raw -> null);
            try {
                List<String> owners = new CopyOnWriteArrayList<>();
                List<String> served = new CopyOnWriteArrayList<>();
                c.retryOutbox(owners::add);
                c.retryOutbox(served::add);
                c.sayOutbox("Sent 1 message(s) from the outbox of t.");
                assertEquals(List.of("Sent 1 message(s) from the outbox of t."), owners);
                assertEquals(List.of(), served);
            } finally {
                c.close();
            }
        }
    }
}
