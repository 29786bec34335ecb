package dev.postern.bench;

import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.PosternProcess;
import dev.postern.e2e.SessionBytes;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run relist [MESSAGES]}: a folder synced with bodies, then given a new UIDVALIDITY on the server
 * (as if recreated with the same messages), then synced again: time, bytes, and how many bodies had to be
 * downloaded again (none should).
 */
public final class RelistBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (DovecotServer dovecot = DovecotServer.started(); WireMeter meter = new WireMeter(dovecot.imapsPort())) {
            dovecot.seedBulk("alice", "INBOX", count);
            Path home = Files.createTempDirectory("postern-relist-");
            Path cfg = home.resolve("config.toml");
            Files.writeString(cfg, "data_dir = \"" + home.resolve("data") + "\"\n[accounts.bench]\nprotocol = \"imap\"\n"
                    + "host = \"localhost\"\nport = " + meter.port() + "\nsecurity = \"tls\"\nuser = \"alice\"\n"
                    + "password = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \"" + dovecot.certPem() + "\"\n");
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString());
            PosternProcess sync = PosternProcess.postern("--config", cfg.toString(), "sync", "--folder", "INBOX", "--json")
                    .env(env).timeout(Duration.ofMinutes(15));

            PosternProcess.Result full = sync.run().assertExitCode(0);
            long validity;
            int blobs;
            try (MapDbStore store = MapDbStore.open(home.resolve("data"))) {
                validity = store.folderState("bench", "INBOX").orElseThrow().uidValidity();
                blobs = store.blobCount();
            }
            dovecot.setUidValidity("alice", "INBOX", validity + 1000);
            List<SessionBytes> before = dovecot.sessionBytes();
            long wire = meter.toClient.get();
            PosternProcess.Result relist = sync.run().assertExitCode(0);
            dovecot.awaitSession(s -> !before.contains(s), Duration.ofSeconds(10));
            Thread.sleep(500);
            long server = dovecot.sessionBytes().stream().filter(s -> !before.contains(s)).mapToLong(SessionBytes::out).sum();
            long wireBytes = meter.toClient.get() - wire;
            try (MapDbStore store = MapDbStore.open(home.resolve("data"))) {
                long now = store.folderState("bench", "INBOX").orElseThrow().uidValidity();
                System.out.printf("%n%d messages; full sync %d ms (%s)%n", count, full.elapsed().toMillis(), full.stdout().strip());
                System.out.printf("after UIDVALIDITY %d -> %d: sync %d ms, Dovecot out= %d bytes, wire %d bytes (%s)%n",
                        validity, now, relist.elapsed().toMillis(), server, wireBytes, relist.stdout().strip());
                System.out.printf("old UIDs left: %d; blobs before %d, after %d; verify: %s%n",
                        store.uids("bench", "INBOX", validity).size(), blobs, store.blobCount(),
                        store.verify().isEmpty() ? "clean" : store.verify());
            }
        }
    }
}
