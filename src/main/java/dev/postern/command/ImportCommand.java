package dev.postern.command;

import dev.postern.backup.Importer;
import dev.postern.controller.Job;
import dev.postern.controller.MailController;
import dev.postern.model.Capability;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code import PATH --to FOLDER}: an mbox, one .eml file, a Maildir or .eml files appended to a server folder, as a controller job. */
public final class ImportCommand implements Command<ImportCommand.Args, ImportCommand.Imported> {
    public record Args(String account, Path path, String to) {
        public Args {
            if (path == null) throw Words.usage("import: name the archive: import PATH --to FOLDER.");
            if (to == null || to.isBlank()) throw Words.usage("import: say where to: --to FOLDER.");
            to = dev.postern.model.Folder.canonical(to);
        }
    }

    /** What was appended; {@link #text()} is the batch command's first line. */
    public record Imported(Args args, Importer.Report report) implements Result {
        @Override
        public String text() {
            return Sanitizer.oneLine(args.to()) + ": " + report.appended() + " appended, " + report.alreadyThere()
                    + " already there, " + report.skipped().size() + " skipped (" + report.format() + ")";
        }
    }

    static final Option TO = new Option("--to", Option.Value.FOLDER, false, true);

    @Override public String name() { return "import"; }

    @Override public String summary() { return "Append an mbox file, a message file (.eml), a Maildir or a directory of .eml files to an IMAP folder"; }

    @Override public List<Option> options() { return List.of(TO); }

    @Override public List<String> operands() { return List.of("PATH"); }

    @Override public java.util.Set<Capability> needs() { return java.util.Set.of(Capability.APPEND); }

    @Override public String doing() { return "import messages"; }

    @Override public boolean takesMessages() { return false; }

    @Override
    public Args arguments(Words words, Messages targets) {
        List<String> p = words.positionals();
        if (p.size() != 1) throw Words.usage("import: name one archive: import PATH --to FOLDER.");
        return new Args(words.accountOrDefault(), dev.postern.model.ClientDirectory.resolve(p.get(0)), words.value(TO.name()));
    }

    @Override
    public CompletableFuture<Imported> run(MailController c, Args given) {
        Args a = given.account() != null ? given : new Args(c.accounts().get(0), given.path(), given.to());
        JobFuture<Imported> f = new JobFuture<>(c); // cancelling the wait cancels the job
        return f.completing(CompletableFuture.supplyAsync(() -> f.follow(start(c, a))).thenCompose(Job::result)
                .thenApply(r -> new Imported(a, r)));
    }

    /** Starts the import job (the account must store messages: not POP3). */
    public Job<Importer.Report> start(MailController c, Args a) {
        if (c.capabilities(a.account()).contains(Capability.MAILDROP)) {
            throw new PosternException(ExitCode.USAGE, "account " + a.account() + " is POP3, which cannot store messages; import into an IMAP account.");
        }
        return c.importArchive(a.account(), a.path(), a.to());
    }
}
