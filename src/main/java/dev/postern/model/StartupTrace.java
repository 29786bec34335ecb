package dev.postern.model;

/**
 * Where start-up (and quitting) time goes, for the benchmarks: with {@code POSTERN_TRACE_STARTUP} set, each mark prints
 * the milliseconds since the first one to stderr. Off, a mark is one branch on a constant.
 */
public final class StartupTrace {
    private static final boolean ON = System.getenv("POSTERN_TRACE_STARTUP") != null;
    private static final long T0 = System.nanoTime();

    private StartupTrace() {}

    static {
        // The wall clock at the first mark, to set against the time the process was started (bench/screen-time).
        if (ON) System.err.printf("postern-trace %7.1f ms  main at epoch ms %d%n", 0.0, System.currentTimeMillis());
    }

    public static void mark(String what) {
        if (ON) System.err.printf("postern-trace %7.1f ms  %s%n", (System.nanoTime() - T0) / 1e6, what);
    }
}
