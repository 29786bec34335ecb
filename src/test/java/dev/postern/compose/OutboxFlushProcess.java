package dev.postern.compose;

import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.AccountConfig;
import dev.postern.config.Config;
import dev.postern.config.ConfigLoader;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The child of {@link OutboxKillTest}: flushes account {@code t}'s outbox, as {@code postern send --flush} does. */
public final class OutboxFlushProcess {
    public static void main(String[] args) throws Exception {
        Config config = new ConfigLoader(Map.of("HOME", args[1])).load(Path.of(args[0]));
        AccountConfig a = config.account("t").orElseThrow();
        try (MapDbStore store = MapDbStore.open(config.dataDir())) {
            Postman postman = new Postman(n -> a, x -> new SmtpSender(x.smtp().asAccount(x), () -> "secret"), x -> null, store,
                    Clock.systemUTC());
            System.out.println("FLUSHED " + postman.flush("t").sent());
        }
    }
}
