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
        List<String> lines = Files.readAllLines(trace, StandardCharsets.ISO_8859_1);
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
        return Assertions.fail("the reader's trace has no '" + from + "' then '" + to + "' after line " + skip
                + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
}
