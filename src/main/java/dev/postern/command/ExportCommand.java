package dev.postern.command;

import dev.postern.model.ClientDirectory;
import dev.postern.backup.Exporter;
import dev.postern.controller.FolderKnowledge;
import dev.postern.controller.Job;
import dev.postern.controller.MailController;
import dev.postern.model.Capability;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code export FOLDER... --format mbox|maildir|eml --out DIR [--since-last] [--from-server]}: folders from the
 * store to files, as a controller job (id, progress, cancel). With {@code --from-server} the folders' envelopes
 * are brought up to date first and bodies the store has not cached come from the server.
 */
public final class ExportCommand implements Command<ExportCommand.Args, ExportCommand.Exported> {
    public record Args(String account, List<String> folders, Exporter.Format format, Path out, boolean sinceLast,
            boolean fromServer) {
        public Args {
            if (folders == null || folders.isEmpty()) throw Words.usage("export: name the folders: export FOLDER... --format mbox --out DIR.");
            folders = List.copyOf(folders);
            if (format == null) throw Words.usage("export: say the format: --format mbox, maildir or eml.");
            if (out == null) throw Words.usage("export: say where to: --out DIR.");
        }
    }

    /** What was written, folder by folder; {@link #lines()} are the batch command's lines. */
    public record Exported(Args args, List<Exporter.FolderReport> reports) implements Result {
        public int notCached() { return reports.stream().mapToInt(Exporter.FolderReport::notCached).sum(); }

        /** One line per folder, as {@code postern export} prints them. */
        public List<String> lines() {
            return reports.stream().map(r -> Sanitizer.oneLine(r.folder()) + ": " + r.written() + " written"
                    + (r.fromServer() > 0 ? " (" + r.fromServer() + " from the server)" : "")
                    + (r.unchanged() > 0 ? ", " + r.unchanged() + " already exported" : "")
                    + (r.notCached() > 0 ? ", " + r.notCached() + (args.fromServer() ? " gone from the server"
                            : " not cached (run `postern sync` or add --from-server)") : "")
                    + " -> " + Sanitizer.oneLine(r.path().toString())).toList();
        }

        @Override
        public String text() {
            int written = reports.stream().mapToInt(Exporter.FolderReport::written).sum();
            int n = notCached();
            return Sanitizer.oneLine("exported " + written + " message(s) of " + reports.size() + " folder(s) to " + args.out()
                    + (n > 0 ? "; " + n + (args.fromServer() ? " gone from the server" : " not cached (sync, or add --from-server)") : ""));
        }
    }

    static final Option FORMAT = new Option("--format", Option.Value.TEXT, false, true);
    static final Option OUT = new Option("--out", Option.Value.TEXT, false, true);
    static final Option SINCE_LAST = Option.flagSwitch("--since-last");
    static final Option FROM_SERVER = Option.flagSwitch("--from-server");

    @Override public String name() { return "export"; }

    @Override public String summary() { return "Write folders from the offline store as mbox, Maildir or .eml files"; }

    @Override public List<Option> options() { return List.of(FORMAT, OUT, SINCE_LAST, FROM_SERVER); }

    @Override public List<String> operands() { return List.of("FOLDER"); }

    @Override public boolean takesMessages() { return false; }

    /** "mbox" -> MBOX; anything else is a usage error in one sentence. */
    public static Exporter.Format format(String word) {
        try {
            return Exporter.Format.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PosternException(ExitCode.USAGE, "'" + Sanitizer.oneLine(word) + "' is not an export format; use mbox, maildir or eml.");
        }
    }

    @Override
    public Args arguments(Words words, Messages targets) {
        return new Args(words.accountOrDefault(), words.positionals(), format(words.value(FORMAT.name())),
                dev.postern.model.ClientDirectory.resolve(words.value(OUT.name())), words.has(SINCE_LAST.name()), words.has(FROM_SERVER.name()));
    }

    @Override
    public CompletableFuture<Exported> run(MailController c, Args given) {
        Args a = given.account() != null ? given : new Args(c.accounts().get(0), given.folders(), given.format(), given.out(),
                given.sinceLast(), given.fromServer());
        // The checks read the store: off the caller's thread (the reader's UI thread), as the job itself is.
        // A JobFuture: cancelling the wait (Ctrl-C, a served command's client) cancels the job.
        JobFuture<Exported> f = new JobFuture<>(c);
        return f.completing(CompletableFuture.supplyAsync(() -> f.follow(start(c, a))).thenCompose(Job::result)
                .thenApply(reports -> new Exported(a, reports)));
    }

    /**
     * Checks the arguments against what the store and the account know, then starts the export job (which,
     * with {@code --from-server}, first syncs each folder's envelopes). Reads the store: not on a UI thread.
     */
    public Job<List<Exporter.FolderReport>> start(MailController c, Args a) {
        String account = a.account();
        boolean maildrop = c.capabilities(account).contains(Capability.MAILDROP);
        if (a.fromServer()) {
            if (maildrop) {
                throw new PosternException(ExitCode.USAGE, "--from-server needs an IMAP account; " + Sanitizer.oneLine(account)
                        + " is POP3, whose mail is all in the store after postern fetch: export without --from-server.");
            }
        } else {
            neverSynced(c, a, !maildrop);
        }
        return c.export(account, a.folders(), a.format(), a.out(), a.sinceLast(), a.fromServer());
    }

    /**
     * A folder the store holds nothing of, because sync never took it (not subscribed, or left out by
     * sync_folders), fails the export before anything is written (66), saying how to include it: an empty
     * mbox would pass for an empty folder.
     */
    private static void neverSynced(MailController c, Args a, boolean imap) {
        for (String folder : a.folders()) {
            FolderKnowledge.State st = c.folderKnowledge(a.account(), folder);
            if (st.kind() != FolderKnowledge.Kind.NEVER_SYNCED) continue;
            throw new PosternException(ExitCode.NOINPUT, FolderKnowledge.neverSynced(a.account(), folder, st)
                    + ", so the store has nothing of it to export and nothing was written; "
                    + FolderKnowledge.howToSync(a.account(), folder, st) + (imap ? "; or export with --from-server" : "") + ".");
        }
    }
}
