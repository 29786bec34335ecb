package dev.postern.bench;

import static dev.postern.bench.FirstScreenBench.aerc;
import static dev.postern.bench.FirstScreenBench.config;
import static dev.postern.bench.FirstScreenBench.neomutt;
import static dev.postern.bench.FirstScreenBench.onPath;
import static dev.postern.bench.FirstScreenBench.screenTime;
import static dev.postern.bench.SearchBench.median;
import static dev.postern.bench.SearchBench.rss;

import dev.postern.e2e.DovecotServer;
import dev.postern.e2e.PosternProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run issue16 [BIG [SMALL [ROUNDS]]]}: every row of issue 16's table in one run, postern beside the tool
 * people use today on the same machine, the same Dovecot and the same mail (one INBOX of BIG synthetic messages,
 * default 20,000, and a folder "Small" of SMALL, default 1,200), printed as one table with the ratios and the goals.
 * Each row's commands take turns, ROUNDS (default 5) times, and the medians are compared, so a change in the
 * machine's load falls on both sides. The peers are installed by bench/run when it runs as root (neomutt, aerc,
 * isync for mbsync); a peer that is missing leaves its rows out, and says so.
 *
 * <p>{@code BENCH_ROWS=screens,served} in the environment runs only the rows named (listing, sync, search, screens,
 * served, threads, startup). The rows, and how each side is measured:
 * <ul>
 *   <li>first screen (warm store / warm header cache, and an empty store against aerc's empty header cache):
 *       {@code bench/screen-time}, a tmux pane of 80x24 until 15 index rows show; the memory of the reader 6 s
 *       after that (the read-ahead done) is the "memory of the reader" row;</li>
 *   <li>{@code search --local}: {@code ./postern search --local --json} on a store a full sync filled, against
 *       {@code grep -rli} over the same messages in Dovecot's Maildir;</li>
 *   <li>header listing into an empty store: {@code ./postern list --json} with the data directory removed each
 *       time, against one pipelined {@code UID FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE)} by Python's imaplib
 *       (bench/imap_envelopes.py), the floor any client pays;</li>
 *   <li>the same first screens through a resident owner: {@code postern daemon start} on the warm store, its warm-up
 *       left to finish (5 s), then {@code ./postern} served by it (the launcher's Perl client relays the terminal,
 *       the daemon draws), each run checked to be the Perl client and not a JVM of its own; beside neomutt's warm
 *       screens in turns. Memory: the client's (the pane's process, perl) and the daemon's after the readers;</li>
 *   <li>first {@code T}: {@code bench/key-time} from the key to the rows settled, against neomutt's {@code o t};</li>
 *   <li>memory of a full sync (bodies) into an empty store: peak RSS by {@code /usr/bin/time}, against mbsync
 *       pulling into an empty Maildir;</li>
 *   <li>start-up: {@code list --cached --limit 50} in its own process, against the goal (no peer).</li>
 * </ul>
 */
public final class Issue16Bench {
    /** One line of the table: what, postern's median, the peer and its median, the unit, and the goal as a ratio. */
    private record Row(String what, long postern, String peer, long peerValue, String unit, String goal) {}

    private static final List<Row> ROWS = new ArrayList<>();
    private static final Path REPO = Path.of("").toAbsolutePath();

    public static void main(String[] args) throws Exception {
        int big = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int small = args.length > 1 ? Integer.parseInt(args[1]) : 1_200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        DovecotServer dovecot = DovecotServer.started();
        Runtime.getRuntime().addShutdownHook(new Thread(dovecot::close));
        dovecot.seedBulk("alice", "INBOX", big);
        dovecot.seedBulk("alice", "Small", small);
        Path home = Files.createTempDirectory("postern-issue16-");
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                "XDG_RUNTIME_DIR", home.toString(), "XDG_CACHE_HOME", home.resolve("cache").toString());
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        run(List.of("./postern", "--version"), env); // the launcher's archive, if the build left none

        // BENCH_ROWS=screens,served (a comma list of listing, sync, search, screens, served, threads, startup): only
        // those rows; search and startup run on the store the sync fills, so they bring it along. Default: all.
        String only = System.getenv().getOrDefault("BENCH_ROWS", "").strip();
        java.util.function.Predicate<String> want = r -> only.isEmpty() || List.of(only.split(",")).contains(r);
        if (want.test("listing")) listing(dovecot, home, env, rounds, big);
        Path synced = want.test("sync") || want.test("search") || want.test("startup")
                ? sync(dovecot, home, env, Math.min(rounds, 3), big) : null;
        if (want.test("search")) search(dovecot, synced, env, rounds, big);
        if (want.test("screens") || want.test("served") || want.test("threads")) {
            screens(dovecot, home, env, want.test("screens") ? rounds : 0, big, small);
        }
        if (want.test("served")) servedScreens(dovecot, home, env, rounds, big, small);
        if (want.test("threads")) threads(dovecot, home, rounds, big);
        if (want.test("startup")) startup(synced, env, rounds, big);

        System.out.printf("%nIssue 16's rows: INBOX of %,d messages, Small of %,d, Dovecot 2.3 on loopback (IMAPS), medians of %d"
                + " turns; load before %s, after %s%n", big, small, rounds, load, Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.printf("%-62s %9s  %-40s %9s %7s  %s%n", "what a person waits for", "postern", "peer", "peer", "ratio", "goal");
        for (Row r : ROWS) {
            String ratio = r.peerValue() > 0 ? String.format("%.2fx", (double) r.postern() / r.peerValue()) : "";
            System.out.printf("%-62s %6d %-2s  %-40s %6s %-2s %7s  %s%n", r.what(), r.postern(), r.unit(), r.peer(),
                    r.peerValue() > 0 ? Long.toString(r.peerValue()) : "-", r.peerValue() > 0 ? r.unit() : "", ratio, r.goal());
        }
    }

    /** Header listing into an empty store, against the pipelined ENVELOPE floor. */
    private static void listing(DovecotServer dovecot, Path home, Map<String, String> env, int rounds, int big) throws Exception {
        Path cfg = config(home, "list", dovecot);
        Path data = home.resolve("data-list");
        List<Long> p = new ArrayList<>();
        List<Long> f = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            deleteTree(data);
            p.add(run(List.of("./postern", "--config", cfg.toString(), "list", "--json"), env).elapsed().toMillis());
            f.add(run(List.of("python3", "bench/imap_envelopes.py", "localhost", String.valueOf(dovecot.imapsPort()), "alice",
                    dovecot.user("alice"), dovecot.certPem().toString(), "INBOX"), env).elapsed().toMillis());
        }
        ROWS.add(new Row(String.format("header listing into an empty store, %,d", big), median(p), "pipelined FETCH ENVELOPE (floor)",
                median(f), "ms", "<= 3x"));
    }

    /** A full sync (bodies) into an empty store, against mbsync into an empty Maildir: time and peak memory. */
    private static Path sync(DovecotServer dovecot, Path home, Map<String, String> env, int rounds, int big) throws Exception {
        Path cfg = config(home, "sync", dovecot);
        Path data = home.resolve("data-sync");
        Path mcfg = home.resolve("mbsyncrc");
        Path maildir = home.resolve("mbsync");
        Files.writeString(mcfg, "IMAPAccount bench\nHost localhost\nPort " + dovecot.imapsPort() + "\nUser alice\nPass "
                + dovecot.user("alice") + "\nSSLType IMAPS\nCertificateFile " + dovecot.certPem() + "\n\nIMAPStore remote\n"
                + "Account bench\n\nMaildirStore local\nPath " + maildir + "/\nInbox " + maildir + "/INBOX\n\nChannel bench\n"
                + "Far :remote:\nNear :local:\nPatterns INBOX\nCreate Near\nSync Pull\nSyncState *\n");
        boolean mbsync = onPath("mbsync");
        List<Long> pRss = new ArrayList<>(), pMs = new ArrayList<>(), mRss = new ArrayList<>(), mMs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            deleteTree(data);
            PosternProcess.Result r = run(List.of("/usr/bin/time", "-f", "RSS %M", "./postern", "--config", cfg.toString(), "sync",
                    "--folder", "INBOX"), env);
            pRss.add(rss(r));
            pMs.add(r.elapsed().toMillis());
            if (mbsync) {
                deleteTree(maildir);
                Files.createDirectories(maildir);
                r = run(List.of("/usr/bin/time", "-f", "RSS %M", "mbsync", "-q", "-c", mcfg.toString(), "bench"), env);
                mRss.add(rss(r));
                mMs.add(r.elapsed().toMillis());
            }
        }
        String what = String.format("full sync (bodies) into an empty store, %,d", big);
        ROWS.add(new Row("memory of a " + what, median(pRss) / 1024, mbsync ? "mbsync Pull, empty Maildir" : "(mbsync not installed)",
                mbsync ? median(mRss) / 1024 : 0, "MB", "<= 120 MB"));
        ROWS.add(new Row("time of a " + what, median(pMs), mbsync ? "mbsync Pull, empty Maildir" : "(mbsync not installed)",
                mbsync ? median(mMs) : 0, "ms", "(no goal)"));
        return cfg;
    }

    /** search --local in its own process and through a resident owner, against grep -r over the Maildir. */
    private static void search(DovecotServer dovecot, Path cfg, Map<String, String> env, int rounds, int big) throws Exception {
        Path maildir = dovecot.maildir("alice", "INBOX");
        String cur = maildir.resolve("cur").toString(), fresh = maildir.resolve("new").toString();
        Map<String, List<String>> queries = new LinkedHashMap<>();
        queries.put("body:nachricht", List.of("grep", "-rli", "nachricht", cur, fresh));
        queries.put("subject:invoice", List.of("grep", "-rliE", "^subject:.*invoice", cur, fresh));
        queries.put("from:grace body:fox", List.of("sh", "-c", "grep -rliE '^from:.*grace' " + cur + " " + fresh + " | xargs grep -li fox"));
        for (boolean owner : new boolean[] {false, true}) {
            if (owner) run(List.of("./postern", "--config", cfg.toString(), "daemon", "start"), env);
            try {
                for (Map.Entry<String, List<String>> q : queries.entrySet()) {
                    List<String> p = new ArrayList<>(List.of("./postern", "--config", cfg.toString(), "search", "--local", "--json"));
                    p.addAll(List.of(q.getKey().split(" ")));
                    run(p, env); // warm: the page cache, the owner's index reader
                    List<Long> pm = new ArrayList<>(), gm = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        pm.add(run(p, env).elapsed().toMillis());
                        gm.add(run(q.getValue(), env).elapsed().toMillis());
                    }
                    ROWS.add(new Row(String.format("search --local %s, %,d%s", q.getKey(), big, owner ? " (resident owner)" : ""),
                            median(pm), "grep -r over the Maildir", median(gm), "ms", "<= 1.0x"));
                }
            } finally {
                if (owner) PosternProcess.command("./postern", "--config", cfg.toString(), "daemon", "stop").env(env)
                        .directory(REPO).timeout(Duration.ofMinutes(2)).run();
            }
        }
    }

    /** The reader's first screen, warm at SMALL and BIG, empty store at BIG, and its memory at BIG. */
    private static void screens(DovecotServer dovecot, Path home, Map<String, String> env, int rounds, int big, int small)
            throws Exception {
        Path warm = config(home, "warm", dovecot);
        run(List.of("./postern", "--config", warm.toString(), "list", "--json"), env);
        run(List.of("./postern", "--config", warm.toString(), "list", "--json", "Small"), env);
        Map<String, List<String>> tools = new LinkedHashMap<>();
        tools.put("postern small", List.of("./postern", "--config", warm.toString(), "Small"));
        tools.put("postern big", List.of("./postern", "--config", warm.toString()));
        if (onPath("neomutt")) {
            tools.put("neomutt Maildir small", neomutt(home, dovecot, "maildir", "Small"));
            tools.put("neomutt Maildir big", neomutt(home, dovecot, "maildir", "INBOX"));
            tools.put("neomutt IMAP big", neomutt(home, dovecot, "imap", "INBOX"));
        }
        if (onPath("aerc")) tools.put("aerc IMAP big", aerc(home, dovecot, "imap", "INBOX", null));
        for (Map.Entry<String, List<String>> t : tools.entrySet()) {
            if (!t.getKey().startsWith("postern")) screenTime(t.getValue(), REPO); // fills the header cache: untimed
        }
        if (rounds == 0) return;
        Map<String, List<long[]>> results = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, List<String>> t : tools.entrySet()) {
                results.computeIfAbsent(t.getKey(), k -> new ArrayList<>()).add(screenTime(t.getValue(), REPO));
            }
            Path cold = config(home, "cold-" + r, dovecot);
            results.computeIfAbsent("postern cold", k -> new ArrayList<>())
                    .add(screenTime(List.of("./postern", "--config", cold.toString()), REPO));
            if (onPath("aerc")) {
                results.computeIfAbsent("aerc cold", k -> new ArrayList<>())
                        .add(screenTime(aerc(home, dovecot, "imap", "INBOX", "aerc-cold-" + r), REPO));
            }
        }
        String smallWhat = String.format("first screen, warm store, %,d", small);
        String bigWhat = String.format("first screen, warm store, %,d", big);
        screenRow(results, smallWhat, "postern small", "neomutt Maildir small", "neomutt Maildir, warm hcache", 0, "ms", "<= 1.0x");
        screenRow(results, bigWhat, "postern big", "neomutt Maildir big", "neomutt Maildir, warm hcache", 0, "ms", "<= 1.0x");
        screenRow(results, bigWhat, "postern big", "neomutt IMAP big", "neomutt IMAP, warm hcache", 0, "ms", "<= 1.0x");
        screenRow(results, bigWhat, "postern big", "aerc IMAP big", "aerc IMAP, header cache", 0, "ms", "<= 1.0x");
        screenRow(results, String.format("first screen, empty store, %,d", big), "postern cold", "aerc cold",
                "aerc IMAP, empty header cache", 0, "ms", "<= 1.0x");
        String mem = String.format("memory of the reader after opening %,d", big);
        screenRow(results, mem, "postern big", "neomutt IMAP big", "neomutt IMAP", 1, "MB", "<= 100 MB");
        screenRow(results, mem, "postern big", "aerc IMAP big", "aerc IMAP", 1, "MB", "<= 100 MB");
    }

    /**
     * The first screens of {@link #screens} through a resident owner: a daemon on the warm store (its reader warmed, as
     * a daemon started at login), {@code ./postern} served by it in turns with neomutt; the client's memory (the
     * pane's process: the Perl client) and the daemon's.
     */
    private static void servedScreens(DovecotServer dovecot, Path home, Map<String, String> env, int rounds, int big, int small)
            throws Exception {
        Path warm = home.resolve("warm.toml");
        List<String> daemon = List.of("./postern", "--config", warm.toString(), "daemon");
        List<String> served = List.of("env", "XDG_RUNTIME_DIR=" + env.get("XDG_RUNTIME_DIR"), "HOME=" + env.get("HOME"),
                "./postern", "--config", warm.toString());
        List<String> servedSmall = new ArrayList<>(served);
        servedSmall.add("Small");
        boolean neomutt = onPath("neomutt");
        Map<String, List<long[]>> results = new LinkedHashMap<>();
        List<Long> ownerRss = new ArrayList<>();
        run(concat(daemon, "start"), env);
        try {
            Thread.sleep(FirstScreenBench.WARM_WAIT_MS); // the daemon's reader warm-up done, as for a daemon started at login
            for (int r = 0; r < rounds; r++) {
                results.computeIfAbsent("served small", k -> new ArrayList<>()).add(servedScreenTime(servedSmall));
                if (neomutt) {
                    results.computeIfAbsent("neomutt Maildir small", k -> new ArrayList<>())
                            .add(screenTime(neomutt(home, dovecot, "maildir", "Small"), REPO));
                }
                results.computeIfAbsent("served big", k -> new ArrayList<>()).add(servedScreenTime(served));
                if (neomutt) {
                    results.computeIfAbsent("neomutt Maildir big", k -> new ArrayList<>())
                            .add(screenTime(neomutt(home, dovecot, "maildir", "INBOX"), REPO));
                    results.computeIfAbsent("neomutt IMAP big", k -> new ArrayList<>())
                            .add(screenTime(neomutt(home, dovecot, "imap", "INBOX"), REPO));
                }
                ownerRss.add(ownerRss(home));
            }
        } finally {
            run(concat(daemon, "stop"), env);
        }
        String owner = " (resident owner)";
        screenRow(results, String.format("first screen, warm store, %,d%s", small, owner), "served small", "neomutt Maildir small",
                "neomutt Maildir, warm hcache", 0, "ms", "<= 1.0x");
        screenRow(results, String.format("first screen, warm store, %,d%s", big, owner), "served big", "neomutt Maildir big",
                "neomutt Maildir, warm hcache", 0, "ms", "<= 1.0x");
        screenRow(results, String.format("first screen, warm store, %,d%s", big, owner), "served big", "neomutt IMAP big",
                "neomutt IMAP, warm hcache", 0, "ms", "<= 1.0x");
        screenRow(results, String.format("memory of the served reader's client (perl), %,d", big), "served big", "neomutt IMAP big",
                "neomutt IMAP", 1, "MB", "<= 100 MB");
        String ownerWhat = String.format("memory of the resident owner after serving %,d", big);
        long ownerMb = median(ownerRss);
        ROWS.add(neomutt ? new Row(ownerWhat, ownerMb, "neomutt IMAP", FirstScreenBench.median(results.get("neomutt IMAP big"), 1),
                "MB", "<= 100 MB") : new Row(ownerWhat, ownerMb, "(neomutt IMAP not installed)", 0, "MB", "<= 100 MB"));
    }

    /** {@link FirstScreenBench#screenTime} of a served reader, refused unless the pane's process was the Perl client. */
    private static long[] servedScreenTime(List<String> command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("bench/screen-time", "-n", "1", "-m", "--"));
        argv.addAll(command);
        String out = FirstScreenBench.run(argv, REPO);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run 1: (\\d+) ms, rss (\\d+) MB, peak (\\d+) MB \\(([^)]*)")
                .matcher(out);
        if (!m.find()) throw new IllegalStateException("screen-time said: " + out);
        if (!m.group(4).startsWith("/usr/bin/perl ")) { // served: the launcher exec'd its Perl client, no JVM
            throw new IllegalStateException("the reader was not served (its process: " + m.group(4) + "): " + out);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    /** The resident owner's VmRSS in MB: the pid named in the owners' directory under {@code runtime}. */
    private static long ownerRss(Path runtime) throws IOException {
        try (var owners = Files.list(runtime.resolve("postern-owners"))) {
            for (Path f : (Iterable<Path>) owners::iterator) {
                String pid = f.getFileName().toString();
                if (!pid.matches("[0-9]+")) continue;
                for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                    if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        }
        throw new IllegalStateException("no resident owner in " + runtime);
    }

    private static List<String> concat(List<String> command, String word) {
        List<String> c = new ArrayList<>(command);
        c.add(word);
        return c;
    }

    private static void screenRow(Map<String, List<long[]>> results, String what, String postern, String peer, String peerName,
                                  int field, String unit, String goal) {
        if (!results.containsKey(peer)) {
            ROWS.add(new Row(what, FirstScreenBench.median(results.get(postern), field), "(" + peerName + " not installed)", 0, unit, goal));
            return;
        }
        ROWS.add(new Row(what, FirstScreenBench.median(results.get(postern), field), peerName,
                FirstScreenBench.median(results.get(peer), field), unit, goal));
    }

    /** The first T at BIG until the rows settle, against neomutt's o t, on the warm store. */
    private static void threads(DovecotServer dovecot, Path home, int rounds, int big) throws Exception {
        Path warm = home.resolve("warm.toml");
        List<String> postern = List.of("./postern", "--config", warm.toString());
        List<String> neomutt = onPath("neomutt") ? neomutt(home, dovecot, "imap", "INBOX") : null;
        List<long[]> p = new ArrayList<>(), n = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            p.add(ThreadScreenBench.keyTime(postern, "T", "T", "[-─]>", 3, false, REPO));
            if (neomutt != null) n.add(ThreadScreenBench.keyTime(neomutt, "o t", "o d", "[-─]>", 3, false, REPO));
        }
        ROWS.add(new Row(String.format("first T (threads) at %,d, until the rows settle", big), FirstScreenBench.median(p, 0),
                neomutt != null ? "neomutt o t (IMAP)" : "(neomutt not installed)", neomutt != null ? FirstScreenBench.median(n, 0) : 0,
                "ms", "<= 300 ms, <= 2.5x"));
        ROWS.add(new Row("  the same, a second toggle", FirstScreenBench.median(p, 1),
                neomutt != null ? "neomutt o t again" : "", neomutt != null ? FirstScreenBench.median(n, 1) : 0, "ms", "instant"));
    }

    /** list --cached --limit 50 in its own process (no owner), the listing kept and not; the goal has no peer. */
    private static void startup(Path cfg, Map<String, String> env, int rounds, int big) throws Exception {
        List<String> argv = List.of("./postern", "--config", cfg.toString(), "list", "--cached", "--limit", "50");
        List<String> java = List.of(PosternProcess.javaBinary(), "-Xlog:disable", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-version");
        run(argv, env);
        Path kept = cfg.resolveSibling("data-sync").resolve("listing.cache");
        List<Long> keptMs = new ArrayList<>(), readMs = new ArrayList<>(), javaMs = new ArrayList<>();
        for (int i = 0; i < Math.max(rounds, 7); i++) {
            keptMs.add(run(argv, env).elapsed().toMillis());
            Files.deleteIfExists(kept);
            readMs.add(run(argv, env).elapsed().toMillis());
            javaMs.add(run(java, env).elapsed().toMillis());
        }
        ROWS.add(new Row(String.format("list --cached --limit 50 of %,d, own process", big), median(keptMs),
                "java -version (a JVM that loads nothing)", median(javaMs), "ms", "<= 350 ms quiet"));
        ROWS.add(new Row("  the same, first after a change (store read)", median(readMs),
                "java -version", median(javaMs), "ms", "<= 350 ms quiet"));
    }

    private static PosternProcess.Result run(List<String> argv, Map<String, String> env) {
        PosternProcess.Result r = PosternProcess.command(argv.toArray(String[]::new)).env(env).directory(REPO)
                .timeout(Duration.ofMinutes(10)).run();
        if (r.exitCode() != 0 && !argv.contains("sh")) throw new IllegalStateException(argv + " exit " + r.exitCode() + ": " + r.stderr());
        return r;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }

    private Issue16Bench() {}
}
