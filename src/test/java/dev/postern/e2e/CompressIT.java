package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.bench.WireMeter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * COMPRESS=DEFLATE against Dovecot (imap_zlib): the same full sync through a byte-counting relay with
 * {@code compress = true} (the default) and {@code compress = false}. Dovecot's own logout counter is taken
 * before deflate, so only the wire shows the difference.
 */
@Tag("e2e")
class CompressIT {
    static final int MESSAGES = 300;

    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private long wireBytesOfAFullSync(WireMeter meter, String compressLine, String name) throws IOException {
        Path cfg = home.resolve("config-" + name + ".toml");
        PosternConfig.write(cfg, home.resolve("data-" + name),
                PosternConfig.account("e2e", "imap", "localhost", meter.port(), "tls", "alice", DOVECOT.user("alice"), 30,
                        DOVECOT.certPem()),
                compressLine);
        long before = meter.toClient.get();
        PosternProcess.Result r = PosternProcess.withConfig(home, cfg, "sync", "--folder", "INBOX", "--json")
                .timeout(Duration.ofMinutes(3)).run().assertNoStackTrace().assertExitCode(0);
        assertTrue(r.stdout().contains("\"total\":" + MESSAGES + ",\"bodies_fetched\":" + MESSAGES), r.describe());
        try {
            Thread.sleep(300); // the relay's last reads after the process closed its socket
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return meter.toClient.get() - before;
    }

    @Test
    void compressIsUsedByDefaultAndOffWhenConfigured() throws Exception {
        DOVECOT.seedBulk("alice", "INBOX", MESSAGES);
        try (WireMeter meter = new WireMeter(DOVECOT.imapsPort())) {
            long on = wireBytesOfAFullSync(meter, "", "default");
            long off = wireBytesOfAFullSync(meter, "compress = false\n", "off");
            long explicitOn = wireBytesOfAFullSync(meter, "compress = true\n", "on");
            System.out.printf("full sync of %d messages on the wire: compress default %d, on %d, off %d bytes%n",
                    MESSAGES, on, explicitOn, off);
            assertTrue(on * 3 < off, "default (compress on) " + on + " bytes against " + off + " without");
            assertTrue(explicitOn * 3 < off, "compress = true " + explicitOn + " bytes against " + off + " without");
            assertEquals(on, explicitOn, off / 20.0, "the default is compress = true");
        }
    }
}
