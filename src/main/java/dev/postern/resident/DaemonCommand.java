package dev.postern.resident;

import dev.postern.cli.PosternCommand;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.StoreInUseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern daemon}: a postern with no screen that owns the data directory, so cron jobs and
 * scripts run their commands through it (one store opening, logged-in accounts) instead of each paying a
 * start-up or, while another postern holds the store, failing.
 *
 * <p>When an owner already runs, these subcommands reach it as any command does and it answers them
 * ({@code stop}, {@code status}); when none does, they run here.
 */
@Command(name = "daemon", description = {"Owns the data directory with no screen and runs other postern commands.",
        "The reader and `postern shell` do the same while they run.",
        "Other postern commands on the same data directory are sent to it over a socket in the data directory "
                + "(owner.sock, mode 0600, your user only) and print what it prints."},
        subcommands = {DaemonCommand.Run.class, DaemonCommand.Start.class, DaemonCommand.Stop.class, DaemonCommand.Status.class})
public final class DaemonCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE.code();
    }

    /** "postern daemon (pid 42) owns DIR" for whichever owner this process is. */
    static String who(Owner o) {
        return o.role().words() + " (pid " + ProcessHandle.current().pid() + ") owns " + o.dataDir();
    }

    @Command(name = "run", description = {"Owns the data directory in the foreground until stopped.",
            "Stopped by postern daemon stop, SIGTERM or Ctrl-C: for a service manager or a terminal."})
    static final class Run implements Callable<Integer> {
        @ParentCommand DaemonCommand daemon;

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Owner here = Owner.current();
            if (here != null) {
                spec.commandLine().getErr().println("postern: " + who(here) + " already and runs commands for others.");
                return ExitCode.TEMPFAIL.code();
            }
            dev.postern.cli.Wiring ctx = daemon.root.context();
            try {
                // Passwords typed at a prompt are asked now, on this terminal if there is one; after that nobody is
                // asked: a request from another process must never wait on a prompt nobody sees.
                ctx.askPasswords();
                ctx.setPasswordPrompt(null);
                ctx.controller(); // takes the store; Main made this context start the owner with it
            } catch (StoreInUseException e) {
                // Another postern took the store first. If it is an owner, it answers for this command line.
                Path config = ctx.config().source().toAbsolutePath().normalize();
                int code = Client.send(new String[] {"--config", config.toString(), "daemon", "run"}, ctx.env(),
                        config, ctx.config().dataDir().toAbsolutePath().normalize(), 10_000);
                if (code != Client.NOT_SERVED) return code;
                throw e;
            }
            Owner o = Owner.current();
            if (o == null) {
                throw new PosternException(ExitCode.IOERR, "the daemon could not open its socket; see " 
                        + dev.postern.model.LogFile.where() + ".");
            }
            spec.commandLine().getErr().println("postern: " + who(o) + " and runs postern commands for others (socket "
                    + o.socket() + ").");
            spec.commandLine().getErr().flush();
            o.awaitStop();
            return 0;
        }
    }

    @Command(name = "start", description = {"Starts `postern daemon run` in the background, waiting until it serves.",
            "Says so and exits 0 when an owner already runs."})
    static final class Start implements Callable<Integer> {
        @ParentCommand DaemonCommand daemon;

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Owner here = Owner.current();
            if (here != null) {
                spec.commandLine().getOut().println(who(here) + " already and runs commands for others.");
                return 0;
            }
            dev.postern.cli.Wiring ctx = daemon.root.context();
            Path config = ctx.config().source().toAbsolutePath().normalize();
            Path dataDir = ctx.config().dataDir().toAbsolutePath().normalize();
            Path log = Files.createTempFile("postern-daemon", ".err");
            try {
                List<String> cmd = new ArrayList<>();
                if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid"); // no terminal's hang-up reaches it
                cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                    if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
                }
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.postern.app.Postern",
                        "--config", config.toString(), "daemon", "run"));
                ProcessBuilder pb = new ProcessBuilder(cmd);
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.redirectError(log.toFile());
                Process p = pb.start();
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < deadline) {
                    if (serving(dataDir)) {
                        spec.commandLine().getOut().println("postern daemon (pid " + p.pid() + ") owns " + dataDir
                                + " and runs postern commands for others; `postern daemon stop` stops it.");
                        return 0;
                    }
                    if (!p.isAlive()) {
                        String said = Files.readString(log, StandardCharsets.UTF_8).strip();
                        if (p.exitValue() == 0 || said.contains("already")) { // lost a race to another owner
                            spec.commandLine().getOut().println(said.replaceFirst("^postern: ", ""));
                            return 0;
                        }
                        spec.commandLine().getErr().println(said.isEmpty() ? "postern: the daemon exited with code " + p.exitValue() + "."
                                : said);
                        return p.exitValue();
                    }
                    Thread.sleep(50);
                }
                throw new PosternException(ExitCode.TEMPFAIL, "the daemon (pid " + p.pid() + ") did not start serving "
                        + dataDir + " within a minute; see " + dev.postern.model.LogFile.where() + ".");
            } finally {
                Files.deleteIfExists(log);
            }
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

    @Command(name = "stop", description = {"Stops the daemon that owns the data directory.",
            "It finishes the command it is running first; readers it serves go on, one of them taking the data directory over.",
            "Exits 0 when none runs. The reader and the shell stop when you quit them."})
    static final class Stop implements Callable<Integer> {
        @ParentCommand DaemonCommand daemon;

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Owner o = Owner.current();
            if (o == null) {
                spec.commandLine().getOut().println("no postern daemon runs for " + daemon.root.context().config().dataDir() + ".");
                return 0;
            }
            if (o.role() != Owner.Role.DAEMON) {
                spec.commandLine().getErr().println("postern: " + who(o) + ", not a daemon; it stops when you quit it.");
                return ExitCode.TEMPFAIL.code();
            }
            o.stopAfterThisRequest();
            spec.commandLine().getOut().println("postern daemon (pid " + ProcessHandle.current().pid() + ") stops.");
            return 0;
        }
    }

    @Command(name = "status", description = {"Says which postern owns the data directory, or that none does.", "Exit 0 when one does, 69 when none does."})
    static final class Status implements Callable<Integer> {
        @ParentCommand DaemonCommand daemon;

        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Owner o = Owner.current();
            if (o == null) {
                spec.commandLine().getOut().println("no postern owns " + daemon.root.context().config().dataDir() + ".");
                return ExitCode.UNAVAILABLE.code();
            }
            spec.commandLine().getOut().println(who(o) + " since " + java.time.Instant.ofEpochMilli(o.startedMillis())
                    + "; " + o.served() + " commands served before this one"
                    + (o.readersServed() > 0 ? "; serving " + o.readersServed() + (o.readersServed() == 1 ? " reader" : " readers")
                            + " to other terminals" : "") + "; socket " + o.socket() + ".");
            return 0;
        }
    }
}
