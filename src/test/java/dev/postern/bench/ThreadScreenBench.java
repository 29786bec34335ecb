package dev.postern.bench;

import static dev.postern.bench.FirstScreenBench.median;
import static dev.postern.bench.FirstScreenBench.onPath;
import static dev.postern.bench.FirstScreenBench.run;

import dev.postern.e2e.DovecotServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run threads [MESSAGES [ROUNDS]]}: threads, sort and limit in the reader as a person sees them, beside
 * neomutt doing the same on the same mail (one Dovecot INBOX of MESSAGES synthetic messages, every tenth starting a
 * three-message thread). Every figure is {@code bench/key-time}: a tmux pane of 80x24, the reader's first screen
 * waited for, then two seconds, then the keys typed and the pane polled until its rows show the new arrangement and
 * stop changing; "again" is the same keys after the arrangement was undone (the second toggle). The tools take
 * turns, one run each per round, so a change in the machine's load falls on both; medians over ROUNDS with ratios.
 *
 * <ul>
 *   <li>the floor: {@code ?} (the help screen; back: {@code q}), a key that reads nothing: what the measuring costs;</li>
 *   <li>threads: postern {@code T} (back: {@code T}); neomutt {@code o t} (sort by thread; back: {@code o d}).
 *       The memory of each reader 8 s after it is measured too;</li>
 *   <li>sort by sender: postern {@code o} (date to sender; back: {@code o} four times round to date again);
 *       neomutt {@code o f} (back: {@code o d});</li>
 *   <li>limit to one sender: postern {@code l from:ada Enter} (back: {@code l Enter}); neomutt
 *       {@code l ~f ada Enter} (back: {@code l ~A Enter}).</li>
 * </ul>
 * postern is {@code ./postern} on a store that already holds the folder (one {@code list} before), online;
 * neomutt reads the same account over IMAPS with a warm header cache, read-only. With {@code BENCH_BASE=DIR} (a checkout
 * built before a change), its {@code DIR/postern} is timed too, on a store of its own; {@code BENCH_OPS=WORD} times only
 * the operations whose name has WORD ("threads", "sort", "limit").
 */
public final class ThreadScreenBench {
    /** One thing timed: a name, the keys and the undo keys for postern and for neomutt, and what the rows show when done. */
    private record Op(String name, String posternKeys, String posternBack, String posternDone,
                      String neomuttKeys, String neomuttBack, String neomuttDone, int doneRows, boolean memory) {}

    private static final List<Op> OPS = List.of(
            new Op("help screen (the floor: a key that only redraws)", "?", "q", "postern keys", "?", "i", "display-message", 1, false),
            new Op("threads", "T", "T", "[-─]>", "o t", "o d", "[-─]>", 3, true),
            new Op("sort by sender", "o", "o o o o", "#[0-9]+", "o f", "o d", "#[0-9]+", 15, false),
            new Op("limit to one sender", "l from:ada Enter", "l Enter", "Ada Lovel", "l ~f Space ada Enter", "l ~A Enter",
                    "Ada Lovel", 15, false));

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path repo = Path.of("").toAbsolutePath();
        DovecotServer dovecot = DovecotServer.started();
        Runtime.getRuntime().addShutdownHook(new Thread(dovecot::close));
        dovecot.seedBulk("alice", "INBOX", count);
        Path home = Files.createTempDirectory("postern-threads-");
        Path cfg = home.resolve("postern.toml");
        Files.writeString(cfg, "data_dir = \"" + home.resolve("data") + "\"\n[accounts.dovecot]\nprotocol = \"imap\"\n"
                + "host = \"localhost\"\nport = " + dovecot.imapsPort() + "\nsecurity = \"tls\"\nuser = \"alice\"\n"
                + "password = \"" + dovecot.user("alice") + "\"\ntls_trust_cert = \"" + dovecot.certPem() + "\"\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        run(List.of("./postern", "--version"), repo); // the launcher's archive, if a build left none
        run(List.of("./postern", "--config", cfg.toString(), "list", "--json"), repo);
        Map<String, List<String>> posterns = new LinkedHashMap<>();
        posterns.put("postern", List.of("./postern", "--config", cfg.toString()));
        String base = System.getProperty("bench.base", System.getenv("BENCH_BASE"));
        if (base != null) { // a checkout built before a change: its reader on a store of its own
            Path baseCfg = home.resolve("base.toml");
            Files.writeString(baseCfg, Files.readString(cfg).replace(home.resolve("data").toString(), home.resolve("data-base").toString()));
            Files.setPosixFilePermissions(baseCfg, PosixFilePermissions.fromString("rw-------"));
            run(List.of(base + "/postern", "--version"), repo);
            run(List.of(base + "/postern", "--config", baseCfg.toString(), "list", "--json"), repo);
            posterns.put("postern before", List.of(base + "/postern", "--config", baseCfg.toString()));
        }
        List<String> neomutt = null;
        if (onPath("neomutt")) {
            Path nm = Files.createDirectories(home.resolve("neomutt"));
            Files.copy(dovecot.certPem(), nm.resolve("certs"));
            Files.writeString(nm.resolve("muttrc"), "set folder=imaps://alice@localhost:" + dovecot.imapsPort() + "/\n"
                    + "set spoolfile=+INBOX\nset imap_pass=" + dovecot.user("alice") + "\nset certificate_file=" + nm.resolve("certs")
                    + "\nset header_cache=" + nm.resolve("hcache") + "\nset mail_check_stats=no\nset imap_check_subscribed=no\n");
            neomutt = List.of("env", "HOME=" + nm, "neomutt", "-n", "-R", "-F", nm.resolve("muttrc").toString());
            keyTime(neomutt, "o t", null, "[-─]>", 3, false, repo); // fills the header cache: untimed
        } else {
            System.out.println("neomutt is not installed (apt-get install neomutt): postern's figures alone.");
        }
        Map<String, List<long[]>> results = new LinkedHashMap<>();
        String only = System.getenv("BENCH_OPS"); // e.g. BENCH_OPS=limit: only the operations whose name has it
        List<Op> ops = OPS.stream().filter(op -> only == null || op.name().contains(only)).toList();
        for (int r = 0; r < rounds; r++) {
            for (Op op : ops) {
                for (Map.Entry<String, List<String>> p : posterns.entrySet()) {
                    results.computeIfAbsent(p.getKey() + " " + op.name(), k -> new ArrayList<>())
                            .add(keyTime(p.getValue(), op.posternKeys(), op.posternBack(), op.posternDone(), op.doneRows(), op.memory(), repo));
                }
                if (neomutt != null) {
                    results.computeIfAbsent("neomutt " + op.name(), k -> new ArrayList<>())
                            .add(keyTime(neomutt, op.neomuttKeys(), op.neomuttBack(), op.neomuttDone(), op.doneRows(), op.memory(), repo));
                }
            }
        }
        System.out.printf("%nThreads, sort and limit in a %,d-message INBOX (80x24 tmux, keys 2 s after the first screen, "
                + "until the rows settle), median of %d rounds, load %s%n", count, rounds, Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.printf("%-60s %9s %9s %8s %8s%n", "what", "first ms", "again ms", "RSS MB", "peak MB");
        for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
            boolean mem = median(e.getValue(), 2) > 0;
            System.out.printf("%-60s %9d %9d %8s %8s%n", e.getKey(), median(e.getValue(), 0), median(e.getValue(), 1),
                    mem ? median(e.getValue(), 2) : "", mem ? median(e.getValue(), 3) : "");
        }
        if (neomutt != null) {
            for (Op op : ops) {
                List<long[]> p = results.get("postern " + op.name());
                List<long[]> n = results.get("neomutt " + op.name());
                System.out.printf("ratio postern / neomutt, %s: first %.1fx, again %.1fx%n", op.name(),
                        (double) median(p, 0) / Math.max(1, median(n, 0)), (double) median(p, 1) / Math.max(1, median(n, 1)));
            }
        }
        dovecot.close();
    }

    private static final Pattern RUN = Pattern.compile("run 1: first (\\d+) ms(?:, rss (\\d+) MB, peak (\\d+) MB[^,]*)?(?:, again (\\d+) ms)?");

    /** One run of bench/key-time: {first ms, again ms, rss MB, peak MB} (0 where not measured). */
    static long[] keyTime(List<String> command, String keys, String back, String done, int doneRows, boolean memory,
                                  Path repo) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("bench/key-time", "-n", "1", "-k", keys, "-d", done, "-R", Integer.toString(doneRows)));
        if (back != null) argv.addAll(List.of("-b", back));
        if (memory) argv.add("-m");
        argv.add("--");
        argv.addAll(command);
        String out = run(argv, repo);
        System.out.print(command.get(command.size() > 3 ? 2 : 0) + " " + keys + ": " + out);
        Matcher m = RUN.matcher(out);
        if (!m.find()) throw new IllegalStateException("key-time said: " + out);
        return new long[] {Long.parseLong(m.group(1)), m.group(4) == null ? 0 : Long.parseLong(m.group(4)),
                m.group(2) == null ? 0 : Long.parseLong(m.group(2)), m.group(3) == null ? 0 : Long.parseLong(m.group(3))};
    }
}
