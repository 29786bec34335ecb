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
        int roots = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            List<ThreadNode> th = Threader.thread(envs);
            long t1 = System.nanoTime();
            IndexOrder o = IndexOrder.arrange(envs, true, SortKey.DATE, false);
            long t2 = System.nanoTime();
            IndexOrder.arrange(envs, true, SortKey.ACTIVITY, false);
            long t3 = System.nanoTime();
            List<IndexOrder.Row> all = o.rows(Set.of(), IndexOrder.Glyphs.UNICODE);
            long t4 = System.nanoTime();
            List<IndexOrder.Row> few = o.rows(o.collapsibleThreads(), IndexOrder.Glyphs.UNICODE);
            long t5 = System.nanoTime();
            IndexOrder.arrange(envs, false, SortKey.SUBJECT, false);
            long t6 = System.nanoTime();
            thread[r] = t1 - t0;
            arrange[r] = t2 - t1;
            activity[r] = t3 - t2;
            rows[r] = t4 - t3;
            collapsed[r] = t5 - t4;
            flat[r] = t6 - t5;
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
    }

    private static void print(String what, long[] ns) {
        long[] s = ns.clone();
        java.util.Arrays.sort(s);
        System.out.printf("%-40s median %6.1f ms  (min %6.1f, max %6.1f)%n", what, s[s.length / 2] / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
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
