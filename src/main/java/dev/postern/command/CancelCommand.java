package dev.postern.command;

import dev.postern.controller.Job;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code cancel [ID]}: asks a running job (by the id {@code jobs} and the reader's status bar show; without one,
 * the newest) to stop at its next message. The job tidies up and ends with a sentence saying what it left.
 */
public final class CancelCommand implements Command<CancelCommand.Args, CancelCommand.Asked> {
    /** {@code id} null: the newest job. */
    public record Args(Long id) {}

    /** The job asked to stop, as it stood. */
    public record Asked(Job.Info job) implements Result {
        @Override
        public String text() {
            return Sanitizer.oneLine("cancelling job " + job.id() + " (" + job.what() + " " + job.account() + " at "
                    + job.done() + (job.total() > 0 ? " of " + job.total() : "") + ").");
        }
    }

    @Override public String name() { return "cancel"; }

    @Override public String summary() { return "Stop a running job (the newest, or the one with this id)"; }

    @Override
    public List<String> help() {
        return List.of("Stop a running job (see postern jobs) at its next message.",
                "Without ID, the newest. The job leaves what it wrote whole (a cancelled export removes its unfinished",
                "mbox; an import keeps what it appended; a flush keeps the rest in the outbox) and ends with exit 75.",
                "Exit 66 when no such job runs.");
    }

    @Override public List<Option> options() { return List.of(); }

    @Override public List<String> operands() { return List.of("ID"); }

    @Override public String operandHelp(String label) { return "The job's id, as postern jobs lists it."; }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "cancel jobs"; }

    @Override
    public Args arguments(Words words, Messages targets) {
        List<String> p = words.positionals();
        if (p.size() > 1) throw Words.usage("cancel takes one job id.");
        return new Args(p.isEmpty() ? null : id(p.get(0)));
    }

    /** "3" -> 3; anything else is a usage error. */
    public static long id(String word) {
        try {
            long id = Long.parseLong(word.strip());
            if (id > 0) return id;
        } catch (NumberFormatException e) {
            // below
        }
        throw Words.usage("cancel: '" + Sanitizer.oneLine(word) + "' is not a job id; `jobs` lists them.");
    }

    @Override
    public CompletableFuture<Asked> run(MailController c, Args a) {
        List<Job.Info> jobs = c.jobs();
        Job.Info which = null;
        for (Job.Info j : jobs) if (a.id() == null || j.id() == a.id()) which = j; // the newest when no id
        if (which == null || !c.cancel(which.id())) {
            return CompletableFuture.failedFuture(new PosternException(ExitCode.NOINPUT, a.id() == null
                    ? "no job is running." : "no job " + a.id() + " is running; `jobs` lists them."));
        }
        return CompletableFuture.completedFuture(new Asked(which));
    }
}
