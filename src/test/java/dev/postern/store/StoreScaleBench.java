package dev.postern.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints how long the store takes at 100,000 messages: open, insert (commit per 5,000), first page and
 * deep pages, each the best of several runs after warm-up. Not a test: timings belong here, not in
 * assertions. Run from the project directory with
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.postern.store.StoreScaleBench [n]
 * </pre>
 */
public final class StoreScaleBench {
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("cold")) {
            cold(Path.of(args[1]));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("postern-bench");
        try {
            long t0 = System.nanoTime();
            MapDbStore store = MapDbStore.open(dir);
            report("open (new file)", t0);

            t0 = System.nanoTime();
            ScaleFolder.fill(store, n, 5_000);
            report("insert " + n + " envelopes, commit per 5,000", t0);
            store.close();
            System.out.printf("store file size: %.1f MB%n", Files.size(dir.resolve(MapDbStore.FILE_NAME)) / 1e6);

            t0 = System.nanoTime();
            store = MapDbStore.open(dir);
            report("reopen (" + n + " envelopes)", t0);

            try (MapDbStore s = store) {
                time("count+unread", 200, () -> s.count(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER) + s.unread(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER));
                time("page(0,50)", 200, () -> s.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, 0, 50).size());
                time("page(" + (n / 2 - 25) + ",50) (worst case)", 10, () -> s.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, n / 2 - 25, 50).size());
                time("page(" + (n - 50) + ",50)", 200, () -> s.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, n - 50, 50).size());
            }
            // What a user meets: a fresh JVM (nothing loaded, nothing JIT-compiled) opening the store and listing a page.
            // The same in an empty store tells the JVM's own start-up cost (class loading: MapDB brings Kotlin) from the store's.
            Path empty = Files.createTempDirectory("postern-bench-empty");
            for (int run = 1; run <= 3; run++) {
                for (Path d : List.of(dir, empty)) {
                    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                            System.getProperty("java.class.path"), StoreScaleBench.class.getName(), "cold", d.toString())
                            .redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    System.out.print(d == empty ? out.replace("cold JVM:", "cold JVM, empty store:") : out);
                    p.waitFor();
                }
            }
            try (Stream<Path> files = Files.walk(empty)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            String jar = System.getProperty("postern.jar");
            if (jar != null) cli(Path.of(jar), dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private interface Op { int run(); }

    private static void time(String label, int runs, Op op) {
        long best = Long.MAX_VALUE;
        int sink = 0;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            sink += op.run();
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf("%-40s best of %3d: %8.3f ms  (%d)%n", label, runs, best / 1e6, sink / runs);
    }

    /** In a fresh JVM: open the store, then the first page, each timed once (cold). */
    private static void cold(Path dir) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        try (MapDbStore s = MapDbStore.open(dir)) {
            // CPU time as well as wall clock: on a loaded machine the wall clock mostly measures waiting for a core.
            System.out.printf("%-40s %8.1f ms  (cpu %.1f ms, all threads)%n", "cold JVM: open", (System.nanoTime() - t0) / 1e6,
                    (os.getProcessCpuTime() - cpu0) / 1e6);
            t0 = System.nanoTime();
            int rows = s.page(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER, 0, 50).size();
            report("cold JVM: first page(0,50) (" + rows + " rows)", t0);
            t0 = System.nanoTime();
            s.count(ScaleFolder.ACCOUNT, ScaleFolder.FOLDER);
            report("cold JVM: count", t0);
        }
    }

    /** The whole command a user types, `postern list INBOX --cached --limit 50`, as a process, wall clock. */
    private static void cli(Path jar, Path dir) throws Exception {
        Path cfg = dir.resolve("bench.toml");
        Files.writeString(cfg, "data_dir = \"" + dir + "\"\n[accounts." + ScaleFolder.ACCOUNT + "]\nprotocol = \"imap\"\n"
                + "host = \"127.0.0.1\"\nport = 1\nsecurity = \"plain\"\nuser = \"u\"\npassword_env = \"POSTERN_BENCH_PW\"\n");
        Files.setPosixFilePermissions(cfg, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        for (int run = 1; run <= 3; run++) {
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "--config", cfg.toString(), "list", ScaleFolder.FOLDER, "--cached", "--limit", "50");
            pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
            Process p = pb.redirectErrorStream(true).start();
            long lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().count();
            int code = p.waitFor();
            report("postern list --cached --limit 50 (exit " + code + ", " + lines + " lines)", t0);
        }
    }

    private static void report(String label, long t0) {
        System.out.printf("%-40s %8.1f ms%n", label, (System.nanoTime() - t0) / 1e6);
    }
}
