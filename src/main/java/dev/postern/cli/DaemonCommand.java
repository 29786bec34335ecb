package dev.postern.cli;

import dev.postern.command.ProcessCommands;
import dev.postern.command.DaemonCommand.Action;
import dev.postern.command.DaemonCommand.Args;
import dev.postern.command.DaemonCommand.Said;
import dev.postern.model.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern daemon run|start|stop|status}: argv adapters over {@link ProcessCommands#DAEMON}, which runs on the
 * process's {@link dev.postern.command.DataDirOwner} (the resident owner's side, handed in by the wiring).
 */
@Command(name = "daemon", description = {"Owns the data directory with no screen and runs other postern commands.",
        "The reader and `postern shell` do the same while they run.",
        "Other postern commands on the same data directory are sent to it over a socket in the data directory "
                + "(owner.sock, mode 0600, your user only) and print what it prints."},
        subcommands = {DaemonCommand.Run.class, DaemonCommand.Start.class, DaemonCommand.Stop.class, DaemonCommand.Status.class})
final class DaemonCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr()); // a usage error's text goes where errors go (J18)
        return ExitCode.USAGE.code();
    }

    /** Runs the typed command and prints what it said: {@code run}'s line on stderr (stdout is the commands'), the rest on stdout. */
    int run(Action action) {
        PosternCommand r = root;
        Said said = Futures.await(ProcessCommands.DAEMON.run(ThisProcess.of(r), new Args(action)));
        if (!said.text().isEmpty()) {
            if (action == Action.RUN) {
                r.err().println("postern: " + said.text());
                r.err().flush();
            } else {
                r.out().println(said.text());
                r.out().flush();
            }
        }
        Futures.await(said.stopped());
        return said.exitCode();
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand DaemonCommand daemon;
    }

    @Command(name = "run", description = {"Owns the data directory in the foreground until stopped.",
            "Stopped by postern daemon stop, SIGTERM or Ctrl-C: for a service manager or a terminal.",
            "Stops by itself when the config changed in a way it cannot apply (an account, data_dir...) and it serves no"
                    + " reader: the command goes back to its client, which runs it with the new config."})
    static final class Run extends Sub {
        @Override
        public Integer call() { return daemon.run(Action.RUN); }
    }

    @Command(name = "start", description = {"Starts `postern daemon run` in the background, waiting until it serves.",
            "Says so and exits 0 when an owner already runs."})
    static final class Start extends Sub {
        @Override
        public Integer call() { return daemon.run(Action.START); }
    }

    @Command(name = "stop", description = {"Stops the daemon that owns the data directory.",
            "It finishes the command it is running first and answers once the store is released; readers it serves go on,"
                    + " one of them taking the data directory over.",
            "Exits 0 when none runs. The reader and the shell stop when you quit them."})
    static final class Stop extends Sub {
        @Override
        public Integer call() { return daemon.run(Action.STOP); }
    }

    @Command(name = "status", description = {"Says which postern owns the data directory, or that none does.", "Exit 0 when one does, 69 when none does."})
    static final class Status extends Sub {
        @Override
        public Integer call() { return daemon.run(Action.STATUS); }
    }
}
