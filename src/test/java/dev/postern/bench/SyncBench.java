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
 * Bytes are what Dovecot counted per session, and what crossed the socket ({@link WireMeter}), with postern's
 * COMPRESS=DEFLATE on and off. mbsync is optional: without it its rows are skipped.
 */
public final class SyncBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (DovecotServer dovecot = DovecotServer.started(); WireMeter meter = new WireMeter(dovecot.imapsPort())) {
            dovecot.seedBulk("alice", "INBOX", count);
            Path home = Files.createTempDirectory("postern-syncbench-");
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString());

            System.out.printf("%n%d messages in INBOX, Dovecot 2.3, IMAPS on loopback, %d runs each%n", count, runs);
            System.out.printf("%-48s %10s %10s %14s %14s%n", "what", "median ms", "worst ms", "server bytes", "wire bytes");
            // The server's counter (out= at logout) counts what Dovecot wrote before TLS and COMPRESS; the wire
            // meter counts what crossed the socket, so it is the one that shows what compression saves.
            for (boolean compress : new boolean[] {true, false}) {
                Path cfg = home.resolve("config-" + compress + ".toml");
                Files.writeString(cfg, "data_dir = \"" + home.resolve("data") + "\"\n[accounts.bench]\nprotocol = \"imap\"\n"
                        + "host = \"localhost\"\nport = " + meter.port() + "\nsecurity = \"tls\"\nuser = \"alice\"\n"
                        + "password = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \"" + dovecot.certPem() + "\"\n"
                        + "compress = " + compress + "\n");
                Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
                // Through ./postern, as people run it; its first run after a build records the CDS archive, untimed.
                PosternProcess.launcher("--version").env(env).timeout(Duration.ofMinutes(5)).run().assertExitCode(0);
                Supplier<PosternProcess.Result> sync = () -> PosternProcess.launcher("--config", cfg.toString(), "sync",
                        "--folder", "INBOX").env(env).timeout(Duration.ofMinutes(10)).run().assertExitCode(0);
                List<Long> fullMs = new ArrayList<>();
                List<Long> fullBytes = new ArrayList<>();
                List<Long> fullWire = new ArrayList<>();
                List<Long> againMs = new ArrayList<>();
                List<Long> againBytes = new ArrayList<>();
                List<Long> againWire = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    deleteTree(home.resolve("data"));
                    List<SessionBytes> before = dovecot.sessionBytes();
                    long wire = meter.toClient.get();
                    fullMs.add(sync.get().elapsed().toMillis());
                    fullBytes.add(bytesSince(dovecot, before));
                    fullWire.add(meter.toClient.get() - wire);
                    before = dovecot.sessionBytes();
                    wire = meter.toClient.get();
                    againMs.add(sync.get().elapsed().toMillis());
                    againBytes.add(bytesSince(dovecot, before));
                    againWire.add(meter.toClient.get() - wire);
                }
                String how = compress ? "compress on" : "compress off";
                row("postern sync (empty store, bodies, " + how + ")", fullMs, fullBytes, fullWire);
                row("postern sync (no change, " + how + ")", againMs, againBytes, againWire);
            }

            if (PosternProcess.command("sh", "-c", "command -v mbsync").run().exitCode() != 0) {
                System.out.println("mbsync not installed (apt-get install isync): its rows are skipped");
            } else {
                Path mcfg = home.resolve("mbsyncrc");
                Path maildir = home.resolve("mbsync");
                Files.writeString(mcfg, "IMAPAccount bench\nHost localhost\nPort " + meter.port() + "\nUser alice\n"
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
                List<Long> mFullWire = new ArrayList<>();
                List<Long> mAgainWire = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    deleteTree(maildir);
                    Files.createDirectories(maildir);
                    List<SessionBytes> before = dovecot.sessionBytes();
                    long wire = meter.toClient.get();
                    mFullMs.add(mbsync.get().elapsed().toMillis());
                    mFullBytes.add(bytesSince(dovecot, before));
                    mFullWire.add(meter.toClient.get() - wire);
                    before = dovecot.sessionBytes();
                    wire = meter.toClient.get();
                    mAgainMs.add(mbsync.get().elapsed().toMillis());
                    mAgainBytes.add(bytesSince(dovecot, before));
                    mAgainWire.add(meter.toClient.get() - wire);
                }
                row("mbsync Pull (empty Maildir)", mFullMs, mFullBytes, mFullWire);
                row("mbsync Pull (no change)", mAgainMs, mAgainBytes, mAgainWire);
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

    private static void row(String what, List<Long> ms, List<Long> bytes, List<Long> wire) {
        List<Long> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        System.out.printf("%-48s %10d %10d %14d %14d%n", what, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                bytes.stream().sorted().toList().get(bytes.size() / 2), wire.stream().sorted().toList().get(wire.size() / 2));
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
