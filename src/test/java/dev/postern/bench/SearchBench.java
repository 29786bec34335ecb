package dev.postern.bench;

import dev.postern.backend.HeaderEnvelope;
import dev.postern.e2e.PosternProcess;
import dev.postern.e2e.SyntheticMail;
import dev.postern.index.MailIndex;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.FolderState;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench/run search [MESSAGES [RUNS]]}: {@code postern search --local} (through the {@code ./postern}
 * launcher, as a user runs it) at MESSAGES generated messages, bodies cached and indexed, beside {@code
 * grep -r} over the same messages as a Maildir. The two alternate in one run; each row prints medians,
 * the ratio postern/grep, the hit counts of both and the peak RSS of each process (of the client, for the rows
 * marked "(owner)": the same searches served by a warm {@code postern daemon}).
 */
public final class SearchBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path home = Files.createTempDirectory("postern-search-bench-");
        Path data = home.resolve("data");
        Path maildir = home.resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) Files.createDirectories(maildir.resolve(sub));
        long started = System.nanoTime();
        long bytes = fill(data, maildir, count);
        System.out.printf("%n%d messages, %.1f MB, stored and indexed in %.1f s (store commits per 500, index following)%n",
                count, bytes / 1e6, (System.nanoTime() - started) / 1e9);
        Path cfg = home.resolve("config.toml");
        Files.writeString(cfg, "data_dir = \"" + data + "\"\n[accounts.bench]\nprotocol = \"imap\"\nhost = \"localhost\"\n"
                + "port = 1\nsecurity = \"tls\"\nuser = \"alice\"\npassword = \"unused\"\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString());

        if (runs == 0) {
            System.out.println("kept: " + home);
            return;
        }
        System.out.printf("%-46s %9s %9s %7s %8s %8s %9s %9s%n", "row (median of " + runs + ", alternated)", "postern", "grep",
                "ratio", "hits", "grep", "RSS MB", "grep RSS");
        rows("", maildir, cfg, env, runs);
        // The same searches served by a warm owner (issue 14): the launcher's client and one round trip; the owner keeps the
        // store and the index's reader open between requests.
        PosternProcess.launcher("--config", cfg.toString(), "daemon", "start").env(env).timeout(Duration.ofMinutes(2))
                .run().assertExitCode(0);
        try {
            rows(" (owner)", maildir, cfg, env, runs);
            // The floor of every owner row: the launcher's client (the Perl one) and one round trip, the owner doing next to nothing.
            List<String> status = List.of(Path.of("postern").toAbsolutePath().toString(), "--config", cfg.toString(), "daemon", "status");
            List<Long> floor = new ArrayList<>();
            for (int i = 0; i < runs; i++) floor.add(run(status, env).elapsed().toMillis());
            System.out.printf("%-46s %7d ms  (the owner rows' floor: the launcher's client + one round trip)%n", "postern daemon status (owner)", median(floor));
        } finally {
            PosternProcess.launcher("--config", cfg.toString(), "daemon", "stop").env(env).timeout(Duration.ofMinutes(2)).run();
        }
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
        if (Boolean.getBoolean("bench.keep")) System.out.println("kept: " + home);
        else deleteTree(home);
    }

    /** The five rows, each postern beside grep; {@code how} is appended to each row's name. */
    private static void rows(String how, Path maildir, Path cfg, Map<String, String> env, int runs) {
        row("search --local body:nachricht" + how, new String[] {"body:nachricht"},
                new String[] {"grep", "-rli", "nachricht", maildir.toString()}, cfg, env, runs);
        row("search --local subject:invoice" + how, new String[] {"subject:invoice"},
                new String[] {"grep", "-rliE", "^subject:.*invoice", maildir.toString()}, cfg, env, runs);
        row("search --local body:seed (all)" + how, new String[] {"body:seed"},
                new String[] {"grep", "-rli", "seed", maildir.toString()}, cfg, env, runs);
        row("search --local from:grace body:fox" + how, new String[] {"from:grace", "body:fox"},
                new String[] {"sh", "-c", "grep -rliE '^from:.*grace' " + maildir + " | xargs grep -li fox"}, cfg, env, runs);
        // A phrase: the index gives only candidates (both words), each confirmed on its body's text (render/SearchText).
        row("search --local body:\"café résumé\"" + how, new String[] {"body:\"café résumé\""},
                new String[] {"grep", "-rli", "café résumé", maildir.toString()}, cfg, env, runs);
    }

    /** Stores the messages as a sync does (envelopes, then bodies, commit per batch) and writes the Maildir. */
    private static long fill(Path data, Path maildir, int count) throws Exception {
        long total = 0;
        try (MapDbStore store = MapDbStore.open(data)) {
            MailIndex.attach(data, store);
            store.putFolder(new Folder("bench", "INBOX", '/', count, 0, Set.of()));
            store.putFolderState("bench", "INBOX", new FolderState(1, count + 1, 0, System.currentTimeMillis()));
            List<Envelope> batch = new ArrayList<>();
            List<byte[]> raws = new ArrayList<>();
            for (int n = 1; n <= count; n++) {
                byte[] raw = SyntheticMail.message(n, "Reader <reader@postern.test>");
                total += raw.length;
                Files.write(maildir.resolve("cur").resolve(n + ".bench:2," + (SyntheticMail.seen(n) ? "S" : "")), raw);
                batch.add(HeaderEnvelope.of(new MessageRef("bench", "INBOX", 1, n), raw, raw.length,
                        SyntheticMail.seen(n) ? Flags.of(Flag.SEEN) : Flags.NONE, Instant.EPOCH));
                raws.add(raw);
                if (batch.size() == 500 || n == count) {
                    store.putEnvelopes(batch);
                    for (int i = 0; i < batch.size(); i++) store.attachBody(batch.get(i).ref(), raws.get(i));
                    store.commit();
                    batch.clear();
                    raws.clear();
                }
            }
        }
        return total;
    }

    private static void row(String what, String[] query, String[] grep, Path cfg, Map<String, String> env, int runs) {
        List<String> p = new ArrayList<>(List.of("/usr/bin/time", "-f", "RSS %M", Path.of("postern").toAbsolutePath().toString(),
                "--config", cfg.toString(), "search", "--local", "--json"));
        p.addAll(List.of(query));
        List<String> g = new ArrayList<>(List.of("/usr/bin/time", "-f", "RSS %M"));
        g.addAll(List.of(grep));
        List<Long> pm = new ArrayList<>(), gm = new ArrayList<>(), prss = new ArrayList<>(), grss = new ArrayList<>();
        long hits = -1, grepHits = -1;
        run(p, env); // warm: the launcher's archive, the page cache
        for (int i = 0; i < runs; i++) {
            PosternProcess.Result a = run(p, env);
            PosternProcess.Result b = run(g, env);
            pm.add(a.elapsed().toMillis());
            gm.add(b.elapsed().toMillis());
            prss.add(rss(a));
            grss.add(rss(b));
            hits = a.stdout().lines().count();
            grepHits = b.stdout().lines().count();
        }
        long pmed = median(pm), gmed = median(gm);
        System.out.printf("%-46s %7d ms %6d ms %6.1fx %8d %8d %9d %9d%n", what, pmed, gmed, (double) pmed / Math.max(1, gmed),
                hits, grepHits, median(prss) / 1024, median(grss) / 1024);
    }

    private static PosternProcess.Result run(List<String> argv, Map<String, String> env) {
        PosternProcess.Result r = PosternProcess.command(argv.toArray(String[]::new)).env(env).timeout(Duration.ofMinutes(5)).run();
        if (r.exitCode() != 0 && !argv.contains("sh")) throw new AssertionError(argv + " exit " + r.exitCode() + ": " + r.stderr());
        return r;
    }

    /** The peak RSS in KB that {@code /usr/bin/time -f "RSS %M"} printed on the run's stderr; -1 if none. */
    static long rss(PosternProcess.Result r) {
        for (String line : r.stderr().lines().toList()) if (line.startsWith("RSS ")) return Long.parseLong(line.substring(4).trim());
        return -1;
    }

    /** The median of {@code xs} (the upper one of an even count); 0 for none. */
    static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
