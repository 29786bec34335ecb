package dev.postern.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

    private static void report(String label, long t0) {
        System.out.printf("%-40s %8.1f ms%n", label, (System.nanoTime() - t0) / 1e6);
    }
}
