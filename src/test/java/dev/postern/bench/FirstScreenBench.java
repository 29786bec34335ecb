package dev.postern.bench;

import dev.postern.e2e.DovecotServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run screen [MESSAGES [ROUNDS]]}: the reader's first screen as a person sees it, beside neomutt's,
 * on one Dovecot INBOX of MESSAGES synthetic messages. Every figure is {@code bench/screen-time} (a tmux pane of
 * 80x24 polled until 15 index rows show): from starting the command to the rows on screen, and the process's
 * memory half a second later ({@code BENCH_SETTLE=S} in the environment: S seconds later). The tools take turns, one run each per round, so a change in the machine's load
 * falls on all of them; the medians over ROUNDS are printed with the ratios.
 *
 * <ul>
 *   <li>postern, warm: {@code ./postern} (the launcher) on a store that already holds the folder (one
 *       {@code list} before), the network catching up behind the screen;</li>
 *   <li>postern, cold: an empty store each run, the rows come from the server;</li>
 *   <li>postern with a resident owner: a {@code postern daemon} (started each round, on a store of its own that one
 *       {@code list} filled) owns the mail, and {@code ./postern} is served by it: the launcher's Perl client relays
 *       the terminal, the daemon renders. Timed twice a round: the daemon's first reader (its reader classes still
 *       cold), then the next one; the latter also through the Java client ({@code POSTERN_CLIENT=jvm}) for
 *       comparison. The daemon runs with an owners' directory of its own ({@code XDG_RUNTIME_DIR}), so that the
 *       other rows' launchers see no owner, as before. Its memory is printed apart (the pane's process is the
 *       client);</li>
 *   <li>neomutt over IMAP (IMAPS, the same account) with a warm header cache, and neomutt on the same
 *       Maildir directly (what a neomutt user with mbsync reads), warm header cache; read-only;</li>
 *   <li>aerc over IMAP (IMAPS, header cache on, warmed by one untimed run) and aerc on the same Maildir++
 *       directory.</li>
 * </ul>
 * With {@code BENCH_BASE=DIR} (a checkout built before a change), its {@code DIR/postern} is timed too,
 * on a store of its own. neomutt and aerc are skipped, and said so, when they are not installed (bench/run
 * installs them with apt-get when run as root).
 */
public final class FirstScreenBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path repo = Path.of("").toAbsolutePath();
        String base = System.getProperty("bench.base", System.getenv("BENCH_BASE"));
        DovecotServer dovecot = DovecotServer.started();
        Runtime.getRuntime().addShutdownHook(new Thread(dovecot::close));
        dovecot.seedBulk("alice", "INBOX", count);
        Path home = Files.createTempDirectory("postern-screen-");
        Path cfg = config(home, "warm", dovecot);
        run(List.of("./postern", "--version"), repo); // the launcher's archive, if a build left none
        run(List.of("./postern", "--config", cfg.toString(), "list", "--json"), repo);
        Map<String, List<String>> tools = new LinkedHashMap<>();
        tools.put("postern, warm store", List.of("./postern", "--config", cfg.toString()));
        if (base != null) {
            Path baseCfg = config(home, "base", dovecot);
            run(List.of(base + "/postern", "--version"), repo);
            run(List.of(base + "/postern", "--config", baseCfg.toString(), "list", "--json"), repo);
            tools.put("postern before (" + base + "), warm store", List.of(base + "/postern", "--config", baseCfg.toString()));
        }
        boolean neomutt = onPath("neomutt");
        if (neomutt) {
            for (String kind : List.of("imap", "maildir")) {
                List<String> cmd = neomutt(home, dovecot, kind, "INBOX");
                screenTime(cmd, repo); // fills the header cache: untimed
                tools.put("neomutt " + (kind.equals("imap") ? "IMAP" : "Maildir") + ", warm header cache", cmd);
            }
        }
        boolean aerc = onPath("aerc");
        if (aerc) {
            for (String kind : List.of("imap", "maildir")) {
                List<String> cmd = aerc(home, dovecot, kind, "INBOX", null);
                screenTime(cmd, repo); // fills the header cache: untimed
                tools.put("aerc " + (kind.equals("imap") ? "IMAP, header cache" : "Maildir"), cmd);
            }
        }
        // BENCH_COLD=1: only the empty-store rows (postern, the base's, aerc with an empty header cache) and the warm ones.
        boolean coldOnly = "1".equals(System.getenv("BENCH_COLD"));
        Map<String, List<long[]>> results = new LinkedHashMap<>();
        tools.keySet().forEach(k -> results.put(k, new ArrayList<>()));
        results.put("postern, empty store", new ArrayList<>());
        if (base != null) results.put(BASE_COLD, new ArrayList<>());
        if (aerc) results.put(AERC_COLD, new ArrayList<>());
        Path residentCfg = config(home, "resident", dovecot);
        run(List.of("./postern", "--config", residentCfg.toString(), "list", "--json"), repo);
        Path runtime = Files.createDirectories(home.resolve("run-resident"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        List<String> served = List.of("env", "XDG_RUNTIME_DIR=" + runtime, "./postern", "--config", residentCfg.toString());
        List<String> servedJava = List.of("env", "XDG_RUNTIME_DIR=" + runtime, "POSTERN_CLIENT=jvm", "./postern", "--config",
                residentCfg.toString());
        List<String> daemon = new ArrayList<>(List.of("env", "XDG_RUNTIME_DIR=" + runtime, "./postern", "--config",
                residentCfg.toString(), "daemon"));
        results.put(START_AND_SERVED, new ArrayList<>());
        results.put(FIRST_SERVED_LATER, new ArrayList<>());
        results.put(FIRST_SERVED, new ArrayList<>());
        results.put(SERVED, new ArrayList<>());
        results.put(SERVED_JAVA, new ArrayList<>());
        List<Long> ownerRss = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, List<String>> t : tools.entrySet()) results.get(t.getKey()).add(screenTime(t.getValue(), repo));
            Path cold = config(home, "cold-" + r, dovecot);
            results.get("postern, empty store").add(screenTime(List.of("./postern", "--config", cold.toString()), repo));
            if (base != null) {
                Path baseCold = config(home, "base-cold-" + r, dovecot);
                results.get(BASE_COLD).add(screenTime(List.of(base + "/postern", "--config", baseCold.toString()), repo));
            }
            if (aerc) {
                // aerc's first run: an empty header cache of its own each round (its config as the warm row's).
                results.get(AERC_COLD).add(screenTime(aerc(home, dovecot, "imap", "INBOX", "aerc-cold-cache-" + r), repo));
            }
            if (coldOnly) continue;
            // What start_daemon would cost a reader that starts the daemon: `daemon start`, then served by it.
            String quoted = String.join(" ", daemon.stream().map(w -> "'" + w + "'").toList());
            String servedQuoted = String.join(" ", served.stream().map(w -> "'" + w + "'").toList());
            results.get(START_AND_SERVED).add(screenTime(List.of("sh", "-c", quoted + " start >/dev/null && exec " + servedQuoted), repo));
            stopDaemon(daemon, repo);
            // The daemon's first reader once its warm-up is done (a daemon started at login, a reader later).
            run(with(daemon, "start"), repo);
            try {
                Thread.sleep(WARM_WAIT_MS);
                results.get(FIRST_SERVED_LATER).add(screenTime(served, repo));
            } finally {
                stopDaemon(daemon, repo);
            }
            run(with(daemon, "start"), repo);
            try {
                results.get(FIRST_SERVED).add(screenTime(served, repo));
                results.get(SERVED).add(screenTime(served, repo));
                results.get(SERVED_JAVA).add(screenTime(servedJava, repo));
                ownerRss.add(ownerRss(runtime));
            } finally {
                stopDaemon(daemon, repo);
            }
        }
        results.values().removeIf(List::isEmpty);
        System.out.printf("%nFirst screen of a %,d-message INBOX (80x24 tmux, 15 rows shown), median of %d rounds, load %s%n",
                count, rounds, Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.printf("%-48s %9s %8s %8s%n", "reader", "ms", "RSS MB", "peak MB");
        for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
            System.out.printf("%-48s %9d %8d %8d%n", e.getKey(), median(e.getValue(), 0), median(e.getValue(), 1), median(e.getValue(), 2));
        }
        boolean ownerRows = results.containsKey(SERVED); // BENCH_COLD: no resident rows, and no figure printed for them
        if (ownerRows) {
            System.out.printf("(%s: the pane's process is the Perl client; the daemon that serves it had %s MB resident after each"
                    + " round's readers)%n", SERVED, ownerRss);
        }
        long cold = median(results.get("postern, empty store"), 0);
        if (results.containsKey(AERC_COLD)) {
            System.out.printf("ratio postern empty store / %s: %.1fx%n", AERC_COLD, (double) cold / median(results.get(AERC_COLD), 0));
        }
        if (results.containsKey(BASE_COLD)) {
            System.out.printf("ratio postern empty store / %s: %.2fx%n", BASE_COLD, (double) cold / median(results.get(BASE_COLD), 0));
        }
        long warm = median(results.get("postern, warm store"), 0);
        if (neomutt || aerc) {
            for (String k : results.keySet()) {
                if (!k.startsWith("neomutt") && !k.startsWith("aerc")) continue;
                long n = median(results.get(k), 0);
                String withOwner = ownerRows ? String.format("; with a resident owner: %.1fx", (double) median(results.get(SERVED), 0) / n) : "";
                System.out.printf("ratio postern warm / %s: %.1fx (memory %.1fx)%s%n", k, (double) warm / n,
                        (double) median(results.get("postern, warm store"), 1) / median(results.get(k), 1), withOwner);
            }
        } else {
            System.out.println("neither neomutt nor aerc is installed (apt-get install neomutt aerc); postern's figures alone.");
        }
        dovecot.close();
    }

    static final String FIRST_SERVED = "postern, resident owner's first reader";
    static final String BASE_COLD = "postern before, empty store";
    static final String AERC_COLD = "aerc IMAP, empty header cache";
    static final String FIRST_SERVED_LATER = "postern, resident owner's first reader, 5 s on";
    static final String START_AND_SERVED = "postern, daemon start then its first reader";
    /** How long after {@code daemon start} the later first reader comes: the warm-up is done by then. */
    static final long WARM_WAIT_MS = 5_000;
    static final String SERVED = "postern, resident owner (Perl client)";
    static final String SERVED_JAVA = "postern, resident owner (Java client)";

    /**
     * {@code daemon stop}, then until {@code daemon status} says none runs: stop answers before the daemon has closed,
     * and a {@code daemon start} at once could reach the stopping one ("is stopping; run the command again").
     */
    private static void stopDaemon(List<String> daemon, Path repo) throws IOException, InterruptedException {
        run(with(daemon, "stop"), repo);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            Process p = new ProcessBuilder(with(daemon, "status")).directory(repo.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() == 69) return;
            Thread.sleep(100);
        }
    }

    private static List<String> with(List<String> command, String word) {
        List<String> c = new ArrayList<>(command);
        c.add(word);
        return c;
    }

    /** The resident owner's VmRSS in MB: the one pid named in the owners' directory under {@code runtime}. */
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
        return -1;
    }

    /**
     * neomutt on {@code folder} of alice's account, read-only, its header cache under {@code home}: over IMAPS
     * ({@code kind} "imap") or straight from Dovecot's Maildir ("maildir", what a neomutt user with mbsync reads).
     */
    static List<String> neomutt(Path home, DovecotServer dovecot, String kind, String folder) throws IOException {
        Path nm = Files.createDirectories(home.resolve("neomutt"));
        if (!Files.exists(nm.resolve("certs"))) Files.copy(dovecot.certPem(), nm.resolve("certs"));
        String name = "muttrc-" + kind + "-" + folder;
        Path maildir = dovecot.maildir("alice", folder);
        Files.writeString(nm.resolve(name), kind.equals("imap")
                ? "set folder=imaps://alice@localhost:" + dovecot.imapsPort() + "/\n" + "set spoolfile=+" + folder + "\nset imap_pass="
                        + dovecot.user("alice") + "\nset certificate_file=" + nm.resolve("certs") + "\nset header_cache="
                        + nm.resolve("hcache-imap") + "\nset mail_check_stats=no\nset imap_check_subscribed=no\n"
                : "set mbox_type=Maildir\nset folder=" + maildir + "\nset spoolfile=" + maildir + "\nset header_cache="
                        + nm.resolve("hcache-maildir") + "\nset mail_check_stats=no\n");
        return List.of("env", "HOME=" + nm, "neomutt", "-n", "-R", "-F", nm.resolve(name).toString());
    }

    /**
     * aerc on {@code folder} over IMAPS with its header cache on ({@code kind} "imap") or on the same Maildir++
     * directory ("maildir"); {@code coldCache}, when not null, names an empty header cache of its own (aerc's first
     * run). Go's TLS trusts Dovecot's self-made certificate through SSL_CERT_FILE. Its rows are recognised by their
     * date: aerc's default index at 80 columns cuts most subjects before the number.
     */
    static List<String> aerc(Path home, DovecotServer dovecot, String kind, String folder, String coldCache) throws IOException {
        Path ah = Files.createDirectories(home.resolve("aerc-" + kind + "-" + folder));
        Path conf = Files.createDirectories(ah.resolve(".config/aerc"));
        String source = kind.equals("imap")
                ? "imaps://alice:" + java.net.URLEncoder.encode(dovecot.user("alice"), StandardCharsets.UTF_8)
                        + "@localhost:" + dovecot.imapsPort() + "\ncache-headers = true"
                : "maildirpp://" + dovecot.maildir("alice", "INBOX"); // the Maildir++ root
        Files.writeString(conf.resolve("accounts.conf"), "[bench]\nsource = " + source
                + "\ndefault = " + folder + "\nfrom = alice <alice@localhost>\n");
        Files.setPosixFilePermissions(conf.resolve("accounts.conf"), PosixFilePermissions.fromString("rw-------"));
        List<String> cmd = List.of("env", "HOME=" + ah, "XDG_CONFIG_HOME=" + ah.resolve(".config"),
                "XDG_CACHE_HOME=" + (coldCache == null ? ah.resolve(".cache") : home.resolve(coldCache)),
                "SSL_CERT_FILE=" + dovecot.certPem(), "aerc");
        ROW_PATTERN.put(cmd, "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}");
        return cmd;
    }

    static Path config(Path home, String name, DovecotServer dovecot) throws IOException {
        Path cfg = home.resolve(name + ".toml");
        Files.writeString(cfg, "data_dir = \"" + home.resolve("data-" + name) + "\"\n[accounts.dovecot]\nprotocol = \"imap\"\n"
                + "host = \"localhost\"\nport = " + dovecot.imapsPort() + "\nsecurity = \"tls\"\nuser = \"alice\"\n"
                + "password = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \"" + dovecot.certPem() + "\"\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        return cfg;
    }

    private static final Pattern RUN = Pattern.compile("run 1: (\\d+) ms, rss (\\d+) MB, peak (\\d+) MB");

    /**
     * How an index row is recognised on the pane, when not by its subject's "#N": aerc's default index at 80
     * columns cuts most subjects before the number, so its rows are counted by their date.
     */
    private static final Map<List<String>, String> ROW_PATTERN = new java.util.HashMap<>();

    /** One run of bench/screen-time: {ms, rss MB, peak MB}. */
    static long[] screenTime(List<String> command, Path repo) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("bench/screen-time", "-n", "1", "-m"));
        // BENCH_SETTLE=S: memory S seconds after the first screen (default ½ s); 6 is the issue's goal's (the read-ahead done).
        String settle = System.getenv("BENCH_SETTLE");
        if (settle != null && !settle.isBlank()) argv.addAll(List.of("-s", settle.strip()));
        if (ROW_PATTERN.containsKey(command)) argv.addAll(List.of("-p", ROW_PATTERN.get(command)));
        argv.add("--");
        argv.addAll(command);
        String out = run(argv, repo);
        Matcher m = RUN.matcher(out);
        if (!m.find()) throw new IllegalStateException("screen-time said: " + out);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    static String run(List<String> argv, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    static long median(List<long[]> runs, int field) {
        long[] v = runs.stream().mapToLong(r -> r[field]).sorted().toArray();
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
