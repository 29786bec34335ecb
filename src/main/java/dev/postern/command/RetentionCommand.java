package dev.postern.command;

import dev.postern.controller.Job;
import dev.postern.controller.MailController;
import dev.postern.controller.RetentionReport;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code retention [--dry-run] [--yes]}: the config's [[retention]] rules over one account (or every account
 * when none is named), as a controller job (id, progress, cancel). Its result is the job's report: what each
 * rule names, what was deleted, the warnings, and why it stopped when it did.
 */
public final class RetentionCommand implements Command<RetentionCommand.Args, RetentionCommand.Retained> {
    /** {@code account} null: every account. */
    public record Args(String account, boolean dryRun, boolean yes) {
        public RetentionReport.Mode mode() {
            return dryRun ? RetentionReport.Mode.DRY_RUN : yes ? RetentionReport.Mode.YES : RetentionReport.Mode.ASK;
        }
    }

    /** The job's report; {@link #text()} is its one line (what was, or would be, deleted, or why nothing was). */
    public record Retained(Args args, RetentionReport report) implements Result {
        @Override
        public String text() { return report.text(); }
    }

    static final Option DRY_RUN = Option.flagSwitch("--dry-run");
    static final Option YES = Option.flagSwitch("--yes");

    @Override public String name() { return "retention"; }

    @Override public String summary() { return "Apply the [[retention]] rules of the config (a job: jobs lists it, cancel stops it)"; }

    @Override public List<Option> options() { return List.of(DRY_RUN, YES); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "delete by rule"; }

    @Override
    public Args arguments(Words words, Messages targets) {
        if (!words.positionals().isEmpty()) throw Words.usage("retention takes no words; it reads its rules from the config.");
        return new Args(words.accountOrDefault(), words.has(DRY_RUN.name()), words.has(YES.name()));
    }

    @Override
    public CompletableFuture<Retained> run(MailController c, Args a) {
        Job<RetentionReport> job;
        try {
            job = c.retention(a.account() == null ? List.of() : List.of(a.account()), a.mode()); // starts the job; reads nothing
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        JobFuture<Retained> f = new JobFuture<>(c); // cancelling the wait cancels the job
        f.follow(job);
        return f.completing(job.result().thenApply(r -> new Retained(a, r)));
    }
}
