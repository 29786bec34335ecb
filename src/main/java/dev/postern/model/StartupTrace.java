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
        if (ON) System.err.print(String.format("postern-trace %7.1f ms  main at epoch ms %d%n", 0.0, System.currentTimeMillis()));
    }

    public static void mark(String what) {
        if (ON) {
            double wall = (System.nanoTime() - T0) / 1e6;
            // One write, whole: formatting loads classes, and a class-loading log (-Xlog:class+load) on the same
            // stream would otherwise land inside the line.
            String line = String.format("postern-trace %7.1f ms  %s  (cpu %.1f ms, %s)%n", wall, what, threadCpuMs(),
                    Thread.currentThread().getName());
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
                b.append(String.format("postern-trace thread %-16s cpu %7.1f ms%n", comm, Long.parseLong(ss.substring(0, ss.indexOf(' '))) / 1e6));
            }
            System.err.print(b);
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or a thread ended while being read: the trace is for the benchmarks
        }
    }

    /** The calling thread's CPU time in ms (on Linux), or NaN. */
    private static double threadCpuMs() {
        try {
            String s = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/thread-self/schedstat")),
                    java.nio.charset.StandardCharsets.US_ASCII);
            return Long.parseLong(s.substring(0, s.indexOf(' '))) / 1e6;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
