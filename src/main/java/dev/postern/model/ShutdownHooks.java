package dev.postern.model;

/**
 * Adds a shutdown hook the way every door must: a Ctrl-C or SIGTERM that came before it (in a process's first half
 * second) has already begun the JVM's shutdown, and {@link Runtime#addShutdownHook} then throws. That was printed as
 * "internal error ... IllegalStateException: Shutdown in progress" (hunt 30-Q, 6). The process is ending anyway:
 * the caller is told, and undoes by itself what the hook would have undone.
 */
public final class ShutdownHooks {
    private ShutdownHooks() {}

    /** Registers {@code hook}; false when the JVM is already shutting down (the hook will not run). */
    public static boolean add(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }
}
