package dev.postern.cli;

import dev.postern.command.CancelCommand;
import dev.postern.command.Commands;
import dev.postern.command.JobsCommand;
import dev.postern.controller.Job;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern jobs} and {@code postern cancel [ID]}: the argv adapters over {@link Commands#JOBS} and {@link Commands#CANCEL}. */
final class JobCommands {
    private JobCommands() {}

    @Command(name = "jobs", description = {"List running jobs (export, import, retention, outbox flush) and their progress.",
            "They are the jobs of the postern owning the store (the reader, the shell or a daemon, reached",
            "through its socket). One line per job: its id, what it is, its account and its progress",
            "(done/total). A batch command's own jobs end with it."})
    static final class Jobs implements Callable<Integer> {
        @ParentCommand PosternCommand root;

        @Override
        public Integer call() {
            JobsCommand.Listed l = Futures.await(Commands.JOBS.run(root.controller(), new JobsCommand.Args()));
            for (Job.Info j : l.jobs()) root.out().println(j.text());
            root.out().flush();
            return 0;
        }
    }

    @Command(name = "cancel", description = {"Stop a running job (see postern jobs) at its next message.",
            "Without ID, the newest. The job leaves what it wrote whole (a cancelled export removes its unfinished",
            "mbox; an import keeps what it appended; a flush keeps the rest in the outbox) and ends with exit 75.",
            "Exit 66 when no such job runs."})
    static final class Cancel implements Callable<Integer> {
        @ParentCommand PosternCommand root;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The job's id, as postern jobs lists it.")
        String id;

        @Override
        public Integer call() {
            CancelCommand.Asked a = Futures.await(Commands.CANCEL.run(root.controller(),
                    new CancelCommand.Args(id == null ? null : CancelCommand.id(id))));
            root.out().println(a.text());
            root.out().flush();
            return 0;
        }
    }
}
