package dev.postern.bench;

import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.PosternProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run startup [MESSAGES [RUNS]]}: a short command in its own process (no resident owner), as people
 * type it, through {@code ./postern} (the launcher, its start-up archive and JVM options): {@code postern list
 * --cached --limit 50} of a store that holds a Dovecot INBOX of MESSAGES messages (default 100), beside the floor
 * of any JVM ({@code java -version} with the launcher's GC and compiler flags). Issue 16's goal: 0.35 s on a quiet
 * machine. With {@code BENCH_BASE=DIR} (a checkout built before a change) its {@code DIR/postern} is timed too, on
 * a store of its own. The commands take turns, one run each per round, so a change in load falls on all of them;
 * prints median and worst of RUNS (default 21) and the load average before and after.
 */
public final class StartupBench {
    private static final String STORE_READ = "  the same, no listing kept (the store read)";
    private static final String BASE_STORE_READ = "  the same, no listing kept (the base's store read)";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        String base = System.getProperty("bench.base", System.getenv("BENCH_BASE"));
        try (DovecotServer dovecot = DovecotServer.started()) {
            dovecot.seedBulk("alice", "INBOX", count);
            Path home = Files.createTempDirectory("postern-startup-bench-");
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                    "XDG_RUNTIME_DIR", home.toString(), "XDG_CACHE_HOME", home.resolve("cache").toString());
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put("java -version (a JVM that loads nothing)", List.of(PosternProcess.javaBinary(), "-Xlog:disable",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-version"));
            commands.put("postern list --cached --limit 50 (./postern)", listed(Path.of("").toAbsolutePath() + "/postern",
                    config(home, "this", dovecot), env));
            // The same line when no listing is kept (the first after a sync or any other change): the store is read.
            commands.put(STORE_READ, listed(Path.of("").toAbsolutePath() + "/postern", config(home, "this", dovecot), env));
            if (base != null) {
                commands.put("postern list --cached --limit 50 (" + base + ")", listed(base + "/postern",
                        config(home, "base", dovecot), env));
                commands.put(BASE_STORE_READ, listed(base + "/postern", config(home, "base", dovecot), env));
            }
            Map<String, List<Long>> ms = new LinkedHashMap<>();
            for (String what : commands.keySet()) ms.put(what, new ArrayList<>());
            String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
            for (int i = 0; i < runs; i++) {
                for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                    if (c.getKey().equals(STORE_READ)) Files.deleteIfExists(home.resolve("this-data").resolve("listing.cache"));
                    if (c.getKey().equals(BASE_STORE_READ)) Files.deleteIfExists(home.resolve("base-data").resolve("listing.cache"));
                    ms.get(c.getKey()).add(run(c.getValue(), env).elapsed().toMillis());
                }
            }
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
            System.out.printf("%n%d messages in the store's INBOX, median of %d runs, the commands taking turns%n", count, runs);
            System.out.printf("%-58s %10s %10s%n", "what", "median ms", "worst ms");
            for (Map.Entry<String, List<Long>> e : ms.entrySet()) {
                List<Long> s = new ArrayList<>(e.getValue());
                s.sort(null);
                System.out.printf("%-58s %10d %10d%n", e.getKey(), s.get(s.size() / 2), s.get(s.size() - 1));
            }
            System.out.println("goal: postern list --cached --limit 50 <= 350 ms on a quiet machine");
            System.out.println("(./postern's row prints the listing the warm-up kept beside the store, as every list --cached after"
                    + " the first one since a change does; the row below it deletes that file before each run)");
            System.out.println("load average before: " + loadBefore + "; after: " + loadAfter);
        }
    }

    /** The launcher's {@code list --cached --limit 50} against {@code cfg}, after one untimed sync and one warm-up. */
    private static List<String> listed(String launcher, Path cfg, Map<String, String> env) {
        // The first run after a build records the launcher's archive if it has none: untimed, with the sync.
        run(List.of(launcher, "--version"), env);
        run(List.of(launcher, "--config", cfg.toString(), "list", "--json"), env);
        List<String> argv = List.of(launcher, "--config", cfg.toString(), "list", "--cached", "--limit", "50");
        run(argv, env);
        return argv;
    }

    private static PosternProcess.Result run(List<String> argv, Map<String, String> env) {
        return PosternProcess.command(argv.toArray(String[]::new)).env(env).timeout(Duration.ofMinutes(5)).run().assertExitCode(0);
    }

    private static Path config(Path home, String name, DovecotServer dovecot) throws Exception {
        Path cfg = home.resolve(name + ".toml");
        Files.writeString(cfg, "data_dir = \"" + home.resolve(name + "-data") + "\"\n[accounts.dovecot]\nprotocol = \"imap\"\n"
                + "host = \"localhost\"\nport = " + dovecot.imapsPort() + "\nsecurity = \"tls\"\nuser = \"alice\"\n"
                + "password = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \"" + dovecot.certPem() + "\"\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        return cfg;
    }
}
