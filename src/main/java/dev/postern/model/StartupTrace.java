package dev.postern.model;

/**
 * Where start-up (and quitting) time goes, for the benchmarks: with {@code POSTERN_TRACE_STARTUP} set, each mark prints
 * the milliseconds since the first one to stderr, and the CPU time the marking thread has used so far (its
 * {@code /proc/thread-self/schedstat}: on a shared machine the wall clock is the machine's, the thread's own CPU
 * time far less so). Off, a mark is one branch on a constant.
 */
public final class StartupTrace {
    private static final boolean ON = System.getenv("POSTERN_TRACE_STARTUP") != null;
    private static final long T0 = System.nanoTime();

    private StartupTrace() {}

    static {
        // The wall clock at the first mark, to set against the time the process was started (bench/screen-time).
        if (ON) System.err.print("postern-trace     0.0 ms  main at epoch ms " + System.currentTimeMillis() + "\n");
    }

    public static void mark(String what) {
        if (ON) {
            long wall = (System.nanoTime() - T0) / 100_000;
            // One write, whole: a class-loading log (-Xlog:class+load) on the same stream would otherwise land inside
            // the line. No String.format: its first use loads and interprets Formatter's classes, some 40 ms on a cold
            // JVM that the trace would add to what it measures.
            StringBuilder line = new StringBuilder(96).append("postern-trace ");
            String ms = tenths(wall);
            for (int i = ms.length(); i < 7; i++) line.append(' ');
            line.append(ms).append(" ms  ").append(what).append("  (cpu ").append(tenths(threadCpuTenths()))
                    .append(" ms, ").append(Thread.currentThread().getName()).append(")\n");
            System.err.print(line);
        }
    }

    /**
     * Every thread's CPU time so far (from {@code /proc/self/task}), one line each: at the end of a command, where the
     * process's CPU went beside the main thread (the compiler threads, the VM thread's collections).
     */
    public static void threads() {
        if (!ON) return;
        try (var d = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc/self/task"))) {
            StringBuilder b = new StringBuilder();
            for (var t : d) {
                String comm = java.nio.file.Files.readString(t.resolve("comm")).strip();
                String ss = java.nio.file.Files.readString(t.resolve("schedstat"));
                b.append(String.format(java.util.Locale.ROOT, "postern-trace thread %-16s cpu %7.1f ms%n", comm, Long.parseLong(ss.substring(0, ss.indexOf(' '))) / 1e6));
            }
            System.err.print(b);
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or a thread ended while being read: the trace is for the benchmarks
        }
    }

    /** {@code tenths} of a millisecond as milliseconds with one decimal ("12.3"); "?" for a negative one. */
    private static String tenths(long tenths) {
        return tenths < 0 ? "?" : (tenths / 10) + "." + (tenths % 10);
    }

    /** The calling thread's CPU time in tenths of a ms (on Linux), or -1. */
    private static long threadCpuTenths() {
        try {
            String s = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/thread-self/schedstat")),
                    java.nio.charset.StandardCharsets.US_ASCII);
            return Long.parseLong(s.substring(0, s.indexOf(' '))) / 100_000;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
