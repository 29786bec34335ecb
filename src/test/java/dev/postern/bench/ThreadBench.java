package dev.postern.bench;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.thread.IndexOrder;
import dev.postern.thread.SortKey;
import dev.postern.thread.ThreadNode;
import dev.postern.thread.Threader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Threading cost on a synthetic folder (default 100,000 envelopes): threads of 1 to ~40 messages,
 * one reply in ten with only In-Reply-To, one in twenty whose parent is missing, one in fifty a
 * "Re:" with no links at all. Prints the median of RUNS for each step. Usage: ThreadBench [N [RUNS]].
 */
public final class ThreadBench {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<Envelope> envs = synthetic(n, new Random(42));
        System.out.printf("envelopes: %d%n", envs.size());
        long[] thread = new long[runs], arrange = new long[runs], activity = new long[runs], rows = new long[runs],
                collapsed = new long[runs], flat = new long[runs];
        long[][] cpu = new long[6][runs];
        CPU.put(thread, cpu[0]);
        CPU.put(arrange, cpu[1]);
        CPU.put(activity, cpu[2]);
        CPU.put(rows, cpu[3]);
        CPU.put(collapsed, cpu[4]);
        CPU.put(flat, cpu[5]);
        int roots = 0;
        for (int r = 0; r < runs; r++) {
            long[] w = new long[7];
            long[] c = new long[7];
            w[0] = now(); c[0] = cpu();
            List<ThreadNode> th = Threader.thread(envs);
            w[1] = now(); c[1] = cpu();
            IndexOrder o = IndexOrder.arrange(envs, true, SortKey.DATE, false);
            w[2] = now(); c[2] = cpu();
            IndexOrder.arrange(envs, true, SortKey.ACTIVITY, false);
            w[3] = now(); c[3] = cpu();
            List<IndexOrder.Row> all = o.rows(Set.of(), IndexOrder.Glyphs.UNICODE);
            w[4] = now(); c[4] = cpu();
            List<IndexOrder.Row> few = o.rows(o.collapsibleThreads(), IndexOrder.Glyphs.UNICODE);
            w[5] = now(); c[5] = cpu();
            IndexOrder.arrange(envs, false, SortKey.SUBJECT, false);
            w[6] = now(); c[6] = cpu();
            long[][] walls = {thread, arrange, activity, rows, collapsed, flat};
            for (int k = 0; k < 6; k++) {
                walls[k][r] = w[k + 1] - w[k];
                cpu[k][r] = c[k + 1] - c[k];
            }
            roots = th.size();
            if (all.size() != n) throw new IllegalStateException("rows " + all.size() + " != " + n);
            if (few.size() != roots) throw new IllegalStateException("collapsed rows " + few.size() + " != threads " + roots);
        }
        System.out.printf("threads: %d (runs: %d, first run includes JIT warm-up; medians below)%n", roots, runs);
        print("Threader.thread", thread);
        print("arrange threaded by date (thread+sort)", arrange);
        print("arrange threaded by activity", activity);
        print("rows, all expanded", rows);
        print("rows, all collapsed", collapsed);
        print("arrange flat by subject", flat);
        if (!Boolean.getBoolean("thread.noStore")) storeRead(envs, runs);
    }

    /** What the TUI's Arranger does before threading: read the whole folder from a real MapDB store in pages. */
    private static void storeRead(List<Envelope> envs, int runs) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("postern-threadbench");
            try (dev.postern.store.MapDbStore store = dev.postern.store.MapDbStore.open(dir)) {
                store.putFolderState("a", "INBOX", new dev.postern.store.FolderState(1, envs.size() + 1, 0, 0));
                for (int i = 0; i < envs.size(); i += 5_000) {
                    store.putEnvelopes(envs.subList(i, Math.min(envs.size(), i + 5_000)));
                    store.commit();
                }
                long[] read = new long[runs];
                long[] readCpu = new long[runs];
                CPU.put(read, readCpu);
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    long c0 = cpu();
                    int total = store.count("a", "INBOX");
                    List<Envelope> all = new ArrayList<>(total);
                    for (int off = 0; off < total; off += 5_000) all.addAll(store.page("a", "INBOX", off, Math.min(5_000, total - off)));
                    read[r] = System.nanoTime() - t0;
                    readCpu[r] = cpu() - c0;
                    if (all.size() != envs.size()) throw new IllegalStateException("read " + all.size());
                }
                print("MapDB store: read whole folder in pages", read);
            } finally {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final java.util.Map<long[], long[]> CPU = new java.util.IdentityHashMap<>();

    /** Wall time, and this thread's CPU time (on a shared, loaded machine the CPU figure is the honest one). */
    static long now() { return System.nanoTime(); }

    static long cpu() { return MX.getCurrentThreadCpuTime(); }

    private static void print(String what, long[] ns) {
        long[] s = ns.clone();
        java.util.Arrays.sort(s);
        long[] c = CPU.get(ns);
        String cpuPart = "";
        if (c != null) {
            long[] cs = c.clone();
            java.util.Arrays.sort(cs);
            cpuPart = String.format("  cpu median %6.1f ms (min %6.1f)", cs[cs.length / 2] / 1e6, cs[0] / 1e6);
        }
        System.out.printf("%-42s wall median %7.1f ms (min %7.1f)%s%n", what, s[s.length / 2] / 1e6, s[0] / 1e6, cpuPart);
    }

    static List<Envelope> synthetic(int n, Random rnd) {
        List<Envelope> out = new ArrayList<>(n);
        Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
        List<Envelope> thread = new ArrayList<>();
        int threadNo = 0;
        while (out.size() < n) {
            thread.clear();
            int size = 1 + (int) Math.min(39, Math.abs(rnd.nextGaussian() * 6));
            String subject = "Topic " + threadNo++;
            Instant start = t0.plusSeconds(rnd.nextInt(5 * 365 * 86400));
            for (int i = 0; i < size && out.size() < n; i++) {
                long uid = out.size() + 1;
                String id = "<m" + uid + "@bench>";
                String irt = null;
                List<String> refs = List.of();
                String subj = subject;
                if (i > 0) {
                    Envelope parent = thread.get(rnd.nextInt(thread.size()));
                    subj = "Re: " + subject;
                    int kind = rnd.nextInt(100);
                    List<String> chain = new ArrayList<>(parent.references());
                    chain.add(parent.messageId());
                    if (kind < 2) {
                        // no links at all
                    } else if (kind < 7) {
                        irt = "<gone" + uid + "@bench>";
                        refs = List.of(irt);
                    } else if (kind < 17) {
                        irt = parent.messageId();
                    } else {
                        irt = parent.messageId();
                        refs = chain.size() > 20 ? chain.subList(chain.size() - 20, chain.size()) : chain;
                    }
                }
                Envelope e = new Envelope(new MessageRef("a", "INBOX", 1, uid), id, start.plusSeconds(3600L * i),
                        "Person " + rnd.nextInt(500) + " <p@x>", List.of(), List.of(), subj, 1000 + rnd.nextInt(100_000),
                        rnd.nextInt(10) == 0 ? Flags.NONE : Flags.of(Flag.SEEN), irt, refs, null);
                thread.add(e);
                out.add(e);
            }
        }
        Collections.shuffle(out, rnd);
        return out;
    }
}
