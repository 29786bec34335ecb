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
 * {@code bench/run list}: a 10,000-message Dovecot folder listed header-only by postern (cold store,
 * then no-change refresh, then --cached), beside Python's imaplib fetching the same envelopes with
 * one IMAP command and discarding them: the floor any client pays. Bytes are what Dovecot counted per session, not what the
 * clients claim.
 */
public final class ListBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (DovecotServer dovecot = DovecotServer.started()) {
            dovecot.seedBulk("alice", "INBOX", count);
            Path home = Files.createTempDirectory("postern-bench-");
            Path cfg = home.resolve("config.toml");
            Files.writeString(cfg, "data_dir = \"" + home.resolve("data") + "\"\n[accounts.bench]\nprotocol = \"imap\"\n"
                    + "host = \"localhost\"\nport = " + dovecot.imapsPort() + "\nsecurity = \"tls\"\nuser = \"alice\"\n"
                    + "password = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \"" + dovecot.certPem() + "\"\n");
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString());
            Supplier<PosternProcess.Result> list = () -> PosternProcess.postern("--config", cfg.toString(), "list", "--json")
                    .env(env).timeout(Duration.ofMinutes(5)).run().assertExitCode(0);
            Supplier<PosternProcess.Result> cached = () -> PosternProcess.postern("--config", cfg.toString(), "list",
                    "--json", "--cached").env(env).timeout(Duration.ofMinutes(5)).run().assertExitCode(0);

            System.out.printf("%n%d messages in one folder, Dovecot %s, IMAPS on loopback, %d runs each%n", count,
                    "2.3", runs);
            System.out.printf("%-44s %10s %10s %14s%n", "what", "median ms", "worst ms", "server bytes");
            List<Long> coldMs = new ArrayList<>();
            List<Long> coldBytes = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                deleteTree(home.resolve("data"));
                List<SessionBytes> before = dovecot.sessionBytes();
                PosternProcess.Result r = list.get();
                if (r.stdout().lines().count() != count) throw new AssertionError("listed " + r.stdout().lines().count());
                coldMs.add(r.elapsed().toMillis());
                coldBytes.add(bytesSince(dovecot, before));
            }
            row("postern list --json (empty store)", coldMs, coldBytes);
            List<Long> warmMs = new ArrayList<>();
            List<Long> warmBytes = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                List<SessionBytes> before = dovecot.sessionBytes();
                warmMs.add(list.get().elapsed().toMillis());
                warmBytes.add(bytesSince(dovecot, before));
            }
            row("postern list --json (no change)", warmMs, warmBytes);
            List<Long> cachedMs = new ArrayList<>();
            for (int i = 0; i < runs; i++) cachedMs.add(cached.get().elapsed().toMillis());
            row("postern list --json --cached (no network)", cachedMs, List.of(0L));

            List<Long> floorMs = new ArrayList<>();
            List<Long> floorBytes = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                List<SessionBytes> before = dovecot.sessionBytes();
                PosternProcess.Result r = PosternProcess.command("python3", "bench/imap_envelopes.py", "localhost",
                        String.valueOf(dovecot.imapsPort()), "alice", dovecot.user("alice"), dovecot.certPem().toString(),
                        "INBOX").timeout(Duration.ofMinutes(5)).run();
                if (r.exitCode() != 0) {
                    System.out.println("python3 imaplib floor failed: " + r.stderr());
                    break;
                }
                floorMs.add(r.elapsed().toMillis());
                floorBytes.add(bytesSince(dovecot, before));
            }
            if (!floorMs.isEmpty()) row("python imaplib UID FETCH 1:* ENVELOPE [floor]", floorMs, floorBytes);
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
        System.out.printf("%-44s %10d %10d %14d%n", what, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                bytes.stream().sorted().toList().get(bytes.size() / 2));
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
