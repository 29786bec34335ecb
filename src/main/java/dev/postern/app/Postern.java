package dev.postern.app;

/**
 * The jar's entry point, kept apart from {@link Main} and this small on purpose: the java launcher loads
 * every type in the main class's method signatures before it runs {@code main}, and Main's name picocli and
 * the CLI. When another postern owns the data directory (the reader, the shell, a daemon), this process is
 * only its client ({@link dev.postern.resident.Client}), and loads nothing else of postern.
 */
public final class Postern {
    private Postern() {}

    public static void main(String[] args) {
        dev.postern.model.StartupTrace.mark("main");
        int served = dev.postern.resident.Client.run(args, System.getenv());
        if (served != dev.postern.resident.Client.NOT_SERVED) System.exit(served);
        Main.inProcess(args);
    }
}
