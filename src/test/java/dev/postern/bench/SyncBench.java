package dev.postern.bench;

import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.PosternProcess;
import dev.postern.e2e.SessionBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bench/run sync [MESSAGES [RUNS]]}: one Dovecot folder synced whole (bodies too) into an empty store,
 * then re-synced with nothing changed, by {@code postern sync} and by mbsync (isync) pulling into a Maildir.
 * Bytes are what Dovecot counted per session. mbsync is optional: without it its rows are skipped.
 */
public final class SyncBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (DovecotServer dovecot = DovecotServer.started()) {
            dovecot.seedBulk("alice", "INBOX", count);
            Path home = Files.createTempDirectory("postern-syncbench-");
            Path cfg = home.resolve("config.toml");
            Files.writeString(cfg, "data_dir = \"" + home.resolve("data") + "\"\n[accounts.bench]\nprotocol = \"imap\"\n"
                    + "host = \"localhost\"\nport = " + dovecot.imapsPort() + "\nsecurity = \"tls\"\nuser = \"alice\"\n"
                    + "password = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \"" + dovecot.certPem() + "\"\n");
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString());
            Supplier<PosternProcess.Result> sync = () -> PosternProcess.postern("--config", cfg.toString(), "sync",
                    "--folder", "INBOX").env(env).timeout(Duration.ofMinutes(10)).run().assertExitCode(0);

            System.out.printf("%n%d messages in INBOX, Dovecot 2.3, IMAPS on loopback, %d runs each%n", count, runs);
            System.out.printf("%-48s %10s %10s %14s%n", "what", "median ms", "worst ms", "server bytes");
            List<Long> fullMs = new ArrayList<>();
            List<Long> fullBytes = new ArrayList<>();
            List<Long> againMs = new ArrayList<>();
            List<Long> againBytes = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                deleteTree(home.resolve("data"));
                List<SessionBytes> before = dovecot.sessionBytes();
                fullMs.add(sync.get().elapsed().toMillis());
                fullBytes.add(bytesSince(dovecot, before));
                before = dovecot.sessionBytes();
                againMs.add(sync.get().elapsed().toMillis());
                againBytes.add(bytesSince(dovecot, before));
            }
            row("postern sync (empty store, bodies too)", fullMs, fullBytes);
            row("postern sync (no change)", againMs, againBytes);

            if (PosternProcess.command("sh", "-c", "command -v mbsync").run().exitCode() != 0) {
                System.out.println("mbsync not installed (apt-get install isync): its rows are skipped");
            } else {
                Path mcfg = home.resolve("mbsyncrc");
                Path maildir = home.resolve("mbsync");
                Files.writeString(mcfg, "IMAPAccount bench\nHost localhost\nPort " + dovecot.imapsPort() + "\nUser alice\n"
                        + "Pass " + dovecot.user("alice") + "\nSSLType IMAPS\nCertificateFile " + dovecot.certPem() + "\n\n"
                        + "IMAPStore remote\nAccount bench\n\nMaildirStore local\nPath " + maildir + "/\nInbox " + maildir
                        + "/INBOX\n\nChannel bench\nFar :remote:\nNear :local:\nPatterns INBOX\nCreate Near\nSync Pull\n"
                        + "SyncState *\n");
                Supplier<PosternProcess.Result> mbsync = () -> {
                    PosternProcess.Result r = PosternProcess.command("mbsync", "-q", "-c", mcfg.toString(), "bench")
                            .env(env).timeout(Duration.ofMinutes(10)).run();
                    if (r.exitCode() != 0) throw new IllegalStateException("mbsync failed: " + r.describe());
                    return r;
                };
                List<Long> mFullMs = new ArrayList<>();
                List<Long> mFullBytes = new ArrayList<>();
                List<Long> mAgainMs = new ArrayList<>();
                List<Long> mAgainBytes = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    deleteTree(maildir);
                    Files.createDirectories(maildir);
                    List<SessionBytes> before = dovecot.sessionBytes();
                    mFullMs.add(mbsync.get().elapsed().toMillis());
                    mFullBytes.add(bytesSince(dovecot, before));
                    before = dovecot.sessionBytes();
                    mAgainMs.add(mbsync.get().elapsed().toMillis());
                    mAgainBytes.add(bytesSince(dovecot, before));
                }
                row("mbsync Pull (empty Maildir)", mFullMs, mFullBytes);
                row("mbsync Pull (no change)", mAgainMs, mAgainBytes);
            }
            deleteTree(home);
        }
    }

    private static long bytesSince(DovecotServer dovecot, List<SessionBytes> before) throws InterruptedException {
        dovecot.awaitSession(s -> !before.contains(s), Duration.ofSeconds(10));
        List<SessionBytes> now;
        List<SessionBytes> settled;
        now = dovecot.sessionBytes();
        do {
            settled = now;
            Thread.sleep(400);
            now = dovecot.sessionBytes();
        } while (now.size() != settled.size());
        return now.stream().filter(s -> !before.contains(s)).mapToLong(SessionBytes::out).sum();
    }

    private static void row(String what, List<Long> ms, List<Long> bytes) {
        List<Long> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        System.out.printf("%-48s %10d %10d %14d%n", what, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                bytes.stream().sorted().toList().get(bytes.size() / 2));
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
