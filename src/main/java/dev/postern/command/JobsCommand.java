package dev.postern.command;

import dev.postern.controller.Job;
import dev.postern.controller.MailController;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code jobs}: the controller's running jobs (export, import, retention, outbox flush) with their ids and progress, for {@code cancel ID}. */
public final class JobsCommand implements Command<JobsCommand.Args, JobsCommand.Listed> {
    /** It takes nothing. */
    public record Args() {}

    /** The jobs running when asked, oldest first. */
    public record Listed(List<Job.Info> jobs) implements Result {
        public Listed {
            jobs = List.copyOf(jobs);
        }

        /** "3 export work 120/3000; 4 import work 7/50", or a sentence when none runs. */
        @Override
        public String text() {
            if (jobs.isEmpty()) return "no jobs are running.";
            return "jobs: " + String.join("; ", jobs.stream().map(Job.Info::text).toList()) + " (cancel ID stops one)";
        }

        /** The batch door's rows: one line per job, nothing when none runs. */
        @Override
        public List<String> lines() { return jobs.stream().map(Job.Info::text).toList(); }
    }

    @Override public String name() { return "jobs"; }

    @Override public String summary() { return "List the running jobs (export, import, retention, outbox flush) with their ids and progress"; }

    @Override
    public List<String> help() {
        return List.of("List running jobs (export, import, retention, outbox flush) and their progress.",
                "They are the jobs of the postern owning the store (the reader, the shell or a daemon, reached",
                "through its socket). One line per job: its id, what it is, its account and its progress",
                "(done/total). A batch command's own jobs end with it.");
    }

    @Override public List<Option> options() { return List.of(); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "list jobs"; }

    @Override
    public Args arguments(Words words, Messages targets) {
        if (!words.positionals().isEmpty()) throw Words.usage("jobs takes no words.");
        return new Args();
    }

    @Override
    public CompletableFuture<Listed> run(MailController c, Args a) {
        return CompletableFuture.completedFuture(new Listed(c.jobs()));
    }
}
