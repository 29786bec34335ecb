package dev.postern.resident;

import dev.postern.cli.Wiring;
import dev.postern.command.DaemonCommand.Action;
import dev.postern.command.DaemonCommand.Said;
import dev.postern.command.DataDirOwner;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.StoreInUseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code postern daemon run|start|stop|status} do, for the typed {@code daemon} command
 * ({@link dev.postern.command.DaemonCommand}): this process's {@link Owner}, or a daemon started in the
 * background. The wiring ({@code app/AppContext}) hands it out as the process's {@link DataDirOwner}; the
 * picocli {@code daemon} in cli only parses argv and prints what this says.
 *
 * <p>When an owner already runs, {@code daemon} reaches it as any command does and it answers
 * ({@code stop}, {@code status}); when none does, these run here.
 */
public final class Residence implements DataDirOwner {
    private final Wiring ctx;
    private final String entry;

    private Residence(Wiring ctx, String entry) {
        this.ctx = ctx;
        this.entry = entry;
    }

    /**
     * What {@code postern daemon} acts on for the process of {@code ctx}; {@code entry} is the class whose
     * {@code main} a started daemon's JVM runs (app's entry, which this layer does not name).
     */
    public static DataDirOwner of(Wiring ctx, String entry) { return new Residence(ctx, entry); }

    /** "postern daemon (pid 42) owns DIR" for whichever owner this process is. */
    static String who(Owner o) {
        return o.role().words() + " (pid " + ProcessHandle.current().pid() + ") owns " + o.dataDir();
    }

    @Override
    public Said status() {
        Owner o = Owner.current();
        if (o == null) return Said.done(Action.STATUS, "no postern owns " + ctx.config().dataDir() + ".", ExitCode.UNAVAILABLE.code());
        return Said.done(Action.STATUS, who(o) + " since " + java.time.Instant.ofEpochMilli(o.startedMillis())
                + "; " + o.served() + " commands served before this one"
                + (o.readersServed() > 0 ? "; serving " + o.readersServed() + (o.readersServed() == 1 ? " reader" : " readers")
                        + " to other terminals" : "") + "; socket " + o.socket() + ".", 0);
    }

    @Override
    public Said stop() {
        Owner o = Owner.current();
        if (o == null) return Said.done(Action.STOP, "no postern daemon runs for " + ctx.config().dataDir() + ".", 0);
        if (o.role() != Owner.Role.DAEMON) {
            throw new PosternException(ExitCode.TEMPFAIL, who(o) + ", not a daemon; it stops when you quit it.");
        }
        o.stopAfterThisRequest();
        return Said.done(Action.STOP, "postern daemon (pid " + ProcessHandle.current().pid() + ") stops.", 0);
    }

    @Override
    public Said run() {
        Owner here = Owner.current();
        if (here != null) throw new PosternException(ExitCode.TEMPFAIL, who(here) + " already and runs commands for others.");
        try {
            // Passwords typed at a prompt are asked now, on this terminal if there is one; after that nobody is
            // asked: a request from another process must never wait on a prompt nobody sees.
            ctx.askPasswords();
            ctx.setPasswordPrompt(null);
            StoreWait.daemonWaits(ctx.config().dataDir().toAbsolutePath().normalize(), line -> {
                org.slf4j.LoggerFactory.getLogger(Residence.class).info(line);
                System.err.println("postern: " + line);
            });
            ctx.controller(); // takes the store; Main made this context start the owner with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PosternException(ExitCode.TEMPFAIL, "interrupted while waiting for the store.");
        } catch (StoreInUseException e) {
            // Another postern took the store first. If it is an owner, it answers for this command line.
            Path config = ctx.config().source().toAbsolutePath().normalize();
            int code = Client.send(new String[] {"--config", config.toString(), "daemon", "run"}, ctx.env(),
                    config, ctx.config().dataDir().toAbsolutePath().normalize(), 10_000);
            if (code != Client.NOT_SERVED) return Said.done(Action.RUN, "", code);
            throw e;
        }
        Owner o = Owner.current();
        if (o == null) throw new PosternException(ExitCode.IOERR, noSocket(ctx.config().dataDir(), Owner.failure()));
        inBackground(ctx, o);
        return new Said(Action.RUN, who(o) + " and runs postern commands for others (socket " + o.socket() + ").", 0,
                o.whenStopped());
    }

    /**
     * What the daemon does in the background once it serves: the reader's warm-up (the first served reader paints as
     * fast as the later ones), then the search index's catch-up when it is behind the store (a crash, a short command
     * that set it aside, a daemon killed during its own): README promises it while the daemon runs, and nothing else
     * started it before the first commit (hunt36-K, K8). After the warm-up, so the two do not compete for the cores.
     */
    static void inBackground(Wiring ctx, Owner o) {
        ReaderWarmUp.ended(ReaderWarmUp.start(ctx, o)).thenRun(() -> {
            if (o.whenStopped().isDone()) return;
            try {
                ctx.controller().catchUpSearchIndex();
            } catch (RuntimeException e) { // stopping meanwhile: the next owner catches up
                org.slf4j.LoggerFactory.getLogger(Residence.class).debug("starting the search index's catch-up", e);
            }
        });
    }

    /**
     * The daemon could not open the socket of {@code dataDir} for {@code failure} (null: not known): said with the way
     * out, where "see the log" hid a reason postern knew, such as a /tmp/postern-UID another user made first (hunt
     * 34-C, C13).
     */
    static String noSocket(Path dataDir, String failure) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path socket = SocketFiles.socketFor(dir);
        return "the daemon could not open its socket " + socket + " (" + (failure == null ? "see " + dev.postern.model.LogFile.where()
                : failure) + ")" + (socket.startsWith(dir) ? "" : "; it is there, not in " + dir + ", because that path is too"
                + " long for a socket (108 bytes): use a shorter data_dir, or have " + socket.getParent() + " removed") + ".";
    }

    @Override
    public Said start() {
        Owner here = Owner.current();
        if (here != null) return Said.done(Action.START, who(here) + " already and runs commands for others.", 0);
        Path config = ctx.config().source().toAbsolutePath().normalize();
        Path dataDir = ctx.config().dataDir().toAbsolutePath().normalize();
        try {
            return started(config, dataDir, entry);
        } catch (IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot start the daemon (" + e.getMessage() + ").", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PosternException(ExitCode.TEMPFAIL, "interrupted while the daemon started.");
        }
    }

    /** How long {@code daemon start} lets its daemon show it waits for a batch command before saying so: its JVM's start. */
    private static final long WAIT_SAID_NS = 2_000_000_000L;

    private static Said started(Path config, Path dataDir, String entry) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dev.postern.model.PrivateTemp.root(), "postern-daemon", ".err");
        try {
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid"); // no terminal's hang-up reaches it
            cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), entry,
                    "--config", config.toString(), "daemon", "run"));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(log.toFile());
            Process p = pb.start();
            long started = System.nanoTime();
            long deadline = started + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (serving(dataDir)) {
                    // Two starts at once (hunt 27, F18): each saw a daemon serve, but only one of the two children
                    // holds the store; the other was refused and ends. Name the one that owns it, not our own child.
                    long owner = SocketFiles.lockHolder(dataDir.resolve("store.lock"));
                    if (owner > 0 && owner != p.pid()) {
                        return Said.done(Action.START, "another postern (pid " + owner + ") started at the same time and owns "
                                + dataDir + "; it runs postern commands for others, and this start's daemon stood down.", 0);
                    }
                    return Said.done(Action.START, "postern daemon (pid " + p.pid() + ") owns " + dataDir
                            + " and runs postern commands for others; `postern daemon stop` stops it.", 0);
                }
                String batch = StoreWait.batchHolder(dataDir);
                if (batch != null && p.isAlive() && System.nanoTime() - started > WAIT_SAID_NS) {
                    // The daemon waits for a cron sync to end before it takes the store (StoreWait.daemonWaits): said
                    // now, not after the minute, and it is started (0); commands sent meanwhile run as without it.
                    return Said.done(Action.START, "postern daemon (pid " + p.pid() + ") waits for " + batch + " to finish"
                            + " with the store in " + dataDir + "; then it runs postern commands for others.", 0);
                }
                if (!p.isAlive()) {
                    String said = Files.readString(log, StandardCharsets.UTF_8).strip().replaceFirst("^postern: ", "");
                    if (p.exitValue() == 0 || said.contains("already")) return Said.done(Action.START, said, 0); // lost a race to another owner
                    throw new PosternException(exitCode(p.exitValue()),
                            said.isEmpty() ? "the daemon exited with code " + p.exitValue() + "." : said);
                }
                Thread.sleep(50);
            }
            throw new PosternException(ExitCode.TEMPFAIL, "the daemon (pid " + p.pid() + ") did not start serving "
                    + dataDir + " within a minute; see " + dev.postern.model.LogFile.where() + ".");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The daemon's exit code as postern's own; one outside sysexits (a JVM that could not start) is a bug's, 70. */
    private static ExitCode exitCode(int code) {
        for (ExitCode c : ExitCode.values()) if (c.code() == code) return c;
        return ExitCode.SOFTWARE;
    }

    /** Whether an owner answers on the data directory's socket. */
    private static boolean serving(Path dataDir) {
        Path socket = SocketFiles.socketFor(dataDir);
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            return ch.connect(java.net.UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }
}
