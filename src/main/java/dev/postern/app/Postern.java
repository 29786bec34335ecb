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
        String launcher = System.getProperty(dev.postern.resident.Client.CLIENT_ONLY);
        // HOME and the XDG directories as postern takes them; one it cannot name refused before anything is created.
        java.util.Map<String, String> env = dev.postern.model.HomeEnv.process();
        String refused = dev.postern.model.HomeEnv.refusal(env);
        if (refused != null) {
            dev.postern.resident.Client.say(new StringBuilder("postern: ").append(refused).toString());
            System.exit(78);
        }
        int served = dev.postern.resident.Client.run(args, env, launcher != null, Postern.class.getName());
        if (served != dev.postern.resident.Client.NOT_SERVED) System.exit(served);
        args = dev.postern.resident.Client.commandLine(args); // a reader handed over starts again on its folder
        // A JVM the launcher started as a client alone, and no owner served: the full JVM runs the command.
        if (launcher != null) System.exit(dev.postern.resident.Client.runInFullJvm(launcher, args));
        Main.inProcess(args);
    }
}
