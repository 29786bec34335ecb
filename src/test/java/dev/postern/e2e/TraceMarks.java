package dev.postern.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/**
 * Reads the finished jar's own timing marks ({@code POSTERN_TRACE_STARTUP}, its stderr sent to a file): the clock
 * a tmux test asserts a 200 ms answer on, apart from what tmux itself costs to show it.
 */
final class TraceMarks {
    private TraceMarks() {}

    /** How many lines the trace holds now: the marks of a key sent after this are those after it. */
    static int count(Path trace) throws Exception {
        return Files.exists(trace) ? Files.readAllLines(trace, StandardCharsets.ISO_8859_1).size() : 0;
    }

    /**
     * The milliseconds between the reader's trace marks {@code from} and the first {@code to} after it, among the
     * lines written after the first {@code skip} (the marks of the key just sent), printing the marks between; fails
     * when either is missing.
     */
    static long between(Path trace, int skip, String from, String to) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Long ms = between(Files.readAllLines(trace, StandardCharsets.ISO_8859_1), skip, from, to, System.nanoTime() > deadline);
            if (ms != null) return ms;
            Thread.sleep(20);
        }
    }

    /**
     * The marks are written after what they mark: a frame reaches the terminal (and the test's eyes) a moment before
     * its "frame after key" line reaches the file. So a missing mark is waited for, up to {@link #WAIT}: a deadline,
     * not a bound on any answer.
     */
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(10);

    private static Long between(List<String> lines, int skip, String from, String to, boolean last) {
        double start = -1;
        StringBuilder shown = new StringBuilder(); // printed with the answer: where its time went
        for (String line : lines.subList(Math.min(skip, lines.size()), lines.size())) {
            if (!line.startsWith("postern-trace ")) continue;
            String[] f = line.substring("postern-trace ".length()).strip().split(" ms  ", 2);
            if (f.length < 2) continue;
            String what = f[1].replaceFirst("  \\(cpu .*$", "");
            if (start < 0 && what.equals(from)) start = Double.parseDouble(f[0]);
            if (start >= 0) shown.append(line).append('\n');
            if (start >= 0 && what.equals(to)) {
                System.out.print("the reader's marks from '" + from + "' to '" + to + "':\n" + shown);
                return Math.round(Double.parseDouble(f[0]) - start);
            }
        }
        if (!last) return null;
        return Assertions.fail("the reader's trace has no '" + from + "' then '" + to + "' after line " + skip
                + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }

    /**
     * The wall-clock time (epoch milliseconds) of the first mark {@code what} after the first {@code skip} lines: the
     * trace's first line gives the epoch of its clock's zero. Set against the moment a test sent a key, it times the
     * key's whole way through the reader (a loop that was slow to read it included) without tmux's cost of showing
     * the answer; fails when the mark is missing.
     */
    static long epochOf(Path trace, int skip, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Long ms = epochOf(Files.readAllLines(trace, StandardCharsets.ISO_8859_1), skip, what, System.nanoTime() > deadline);
            if (ms != null) return ms;
            Thread.sleep(20);
        }
    }

    private static Long epochOf(List<String> lines, int skip, String what, boolean last) {
        long zero = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("postern-trace ")) continue;
            String[] f = line.substring("postern-trace ".length()).strip().split(" ms  ", 2);
            if (f.length < 2) continue;
            if (zero < 0 && f[1].startsWith(EPOCH)) zero = Long.parseLong(f[1].substring(EPOCH.length()).strip());
            if (i >= skip && zero >= 0 && f[1].replaceFirst("  \\(cpu .*$", "").equals(what)) {
                return zero + Math.round(Double.parseDouble(f[0]));
            }
        }
        if (!last) return null;
        return Assertions.fail("the reader's trace has no epoch line or no '" + what + "' after line " + skip + ":\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }

    private static final String EPOCH = "main at epoch ms ";
}
