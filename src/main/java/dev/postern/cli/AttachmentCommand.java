package dev.postern.cli;

import dev.postern.attach.Mailcap;
import dev.postern.attach.Viewer;
import dev.postern.command.AttachmentCommand.Action;
import dev.postern.command.AttachmentCommand.Args;
import dev.postern.command.AttachmentCommand.Done;
import dev.postern.command.AttachmentCommand.Picked;
import dev.postern.command.AttachmentCommand.Saved;
import dev.postern.command.Commands;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Attachments;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern attachment save|show|open}: the argv adapters over {@link Commands#ATTACHMENT}; show and open
 * take the attachment it picks and show its text or hand it to the mailcap viewer here, at this door's terminal.
 */
@Command(name = "attachment", description = "Save or open a message's attachments.",
        subcommands = {AttachmentCommand.Save.class, AttachmentCommand.Open.class, AttachmentCommand.Show.class})
final class AttachmentCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Override
    public Integer call() {
        throw new PosternException(ExitCode.USAGE, "say what to do: `postern attachment save FOLDER UID [INDEX] --out DIR`"
                + " or `postern attachment open FOLDER UID INDEX`.");
    }

    /** Runs the typed {@code attachment} command: the attachment picked, or those saved. */
    static Done run(PosternCommand root, Action action, String folder, String uidText, long index, Path out) {
        long uid = dev.postern.command.ReadCommand.uid(uidText);
        String account = root.account();
        MailController c = root.controller();
        return Futures.awaitTellingRefetches(c, root.err(), () -> Commands.ATTACHMENT.run(c, new Args(account, action, folder, uid, index, out)));
    }

    static long index(String text) {
        return dev.postern.command.AttachmentCommand.index(text);
    }

    @Command(name = "save", description = {"Save attachments under safe names inside DIR (all of them without INDEX).",
            "A sender's name never leaves DIR, never overwrites a file and never runs anything."})
    static final class Save implements Callable<Integer> {
        @ParentCommand AttachmentCommand parent;

        @Parameters(index = "0", paramLabel = "FOLDER") String folder;
        @Parameters(index = "1", paramLabel = "UID") String uid;
        @Parameters(index = "2", arity = "0..1", paramLabel = "INDEX", description = "Attachment number as `read` lists it.")
        String index;

        // A default through picocli (not a field initializer), so a command run for a client by the resident
        // owner saves into the client's directory: picocli converts it as it converts a given path.
        @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = ".", description = "Directory to save into (default: the current one).")
        Path out;

        @Override
        public Integer call() {
            PosternCommand root = parent.root;
            dev.postern.command.AttachmentCommand.outIsADirectory(new Args(null, Action.SAVE, folder, 1, 0, out)); // first, as always
            long n = index == null ? 0 : index(index);
            Saved saved = (Saved) run(root, Action.SAVE, folder, uid, n, out);
            for (String line : saved.lines()) root.out().println(line);
            root.out().flush();
            if (saved.failure() != null) throw saved.failure();
            return 0;
        }
    }

    @Command(name = "show", description = {"Print one attachment as text (PDF, office documents, HTML, text).",
            "Of a large message read text-only (thin link), downloads just that attachment.",
            "Exits 65 when it is not a type read as text or could not be read (damaged, encrypted, too big)."})
    static final class Show implements Callable<Integer> {
        @ParentCommand AttachmentCommand parent;

        @Parameters(index = "0", paramLabel = "FOLDER") String folder;
        @Parameters(index = "1", paramLabel = "UID") String uid;
        @Parameters(index = "2", paramLabel = "INDEX") String index;

        @Override
        public Integer call() {
            PosternCommand root = parent.root;
            Attachments.Attachment a = ((Picked) run(root, Action.SHOW, folder, uid, index(index), null)).attachment();
            dev.postern.render.AttachmentTextExtractor text0 = root.context().attachmentText();
            // A decrypted attachment's text stays out of the cache (in clear, on disk) unless store_decrypted = true.
            var shown = dev.postern.render.AttachmentSections.show(a, a.decrypted() ? text0.privately() : text0);
            String what = "attachment " + a.part().index() + " (" + Sanitizer.oneLine(a.part().contentType()) + ")";
            if (shown == null) {
                throw new PosternException(ExitCode.DATAERR, what + " is not a type postern reads as text; "
                        + "use `postern attachment save` or `open`.");
            }
            if (!shown.read()) {
                // As a type postern does not read: the attachment's content is at fault (65), or the reader is (69).
                ExitCode code = shown.status() == dev.postern.render.AttachmentTextExtractor.Status.UNAVAILABLE
                        ? ExitCode.UNAVAILABLE : ExitCode.DATAERR;
                throw new PosternException(code, what + " " + shown.why() + "; use `postern attachment save` or `open`.");
            }
            root.out().println(shown.text());
            root.out().flush();
            return 0;
        }
    }

    @Command(name = "open", description = {"Open an attachment with its viewer from ~/.mailcap or /etc/mailcap ($MAILCAPS).",
            "The viewer gets a private temporary copy, removed when it exits (or when postern is ended); no shell is involved.",
            "Exits 65 with one sentence when the viewer exits with a status other than 0.",
            "Run for you by a reader or daemon that owns the mail: only a copiousoutput viewer runs (30 s at most);"
                    + " one that needs your terminal is refused (75)."})
    static final class Open implements Callable<Integer> {
        /** How long an owner runs a copiousoutput viewer for a client: the reader's bound for its `v`. */
        static final java.time.Duration SERVED_DEADLINE = java.time.Duration.ofSeconds(30);

        @ParentCommand AttachmentCommand parent;

        @Parameters(index = "0", paramLabel = "FOLDER") String folder;
        @Parameters(index = "1", paramLabel = "UID") String uid;
        @Parameters(index = "2", paramLabel = "INDEX") String index;

        @Override
        public Integer call() throws InterruptedException {
            PosternCommand root = parent.root;
            var env = root.env(); // the client's, served or not: its $MAILCAPS, $HOME, $DISPLAY (hunt 38-A, A10)
            Attachments.Attachment a = ((Picked) run(root, Action.OPEN, folder, uid, index(index), null)).attachment();
            String type = a.part().contentType();
            Mailcap mailcap = Mailcap.load(Mailcap.files(
                    dev.postern.config.ViewConfig.load(root.config(), env).mailcapFiles(), env));
            String servedBy = root.terminalHandoff() == null ? null : root.terminalHandoff().servedBy();
            try {
                var entry = servedBy == null ? java.util.Optional.<Mailcap.Entry>empty() : Viewer.entryFor(mailcap, type, env);
                if (entry.isPresent() && !entry.get().copiousOutput()) {
                    // The owner has no terminal of this command's to give a viewer: it ran on the owner's (a reader's
                    // screen and keys) or on none (hunt 38-A, A10). Only copiousoutput, whose output comes here, runs.
                    String program = entry.get().command().strip().split("\\s+")[0];
                    throw new PosternException(ExitCode.TEMPFAIL, "the viewer " + Sanitizer.oneLine(program)
                            + " for attachment " + a.part().index() + " (" + Sanitizer.oneLine(type) + ") needs this terminal,"
                            + " but " + servedBy + "; save it with `postern attachment save` and open the file yourself.");
                }
                // Served, a copiousoutput viewer holds the owner's one command at a time: the reader's bound (A14).
                var outcome = Viewer.open(mailcap, type, a.rawName(), a.part().index(), a.bytes(), env,
                        servedBy == null ? null : SERVED_DEADLINE, text -> root.out().print(Sanitizer.text(text)));
                if (outcome.isEmpty()) {
                    throw new PosternException(ExitCode.CONFIG, "no viewer for " + Sanitizer.oneLine(type)
                            + " in ~/.mailcap or /etc/mailcap that runs without a shell; add one, or use `postern attachment save`.");
                }
                root.out().flush();
                int status = outcome.get().exitCode();
                if (status != 0) {
                    // It ran and failed (a file it cannot show, a viewer that cannot start its window): the attachment
                    // as the viewer took it, 65 as for `show`; 69 says the server, which had no part in it (hunt 36-S, S3).
                    throw new PosternException(ExitCode.DATAERR, "the viewer " + Sanitizer.oneLine(outcome.get().argv().get(0))
                            + " exited with status " + status + " on attachment " + a.part().index() + " ("
                            + Sanitizer.oneLine(type) + ").");
                }
                return 0;
            } catch (InterruptedException e) {
                throw new PosternException(ExitCode.INTERRUPTED, "interrupted: the viewer of attachment " + a.part().index()
                        + " was stopped.", e);
            } catch (IOException e) {
                if (e instanceof Viewer.TimedOut) {
                    throw new PosternException(ExitCode.DATAERR, "the viewer " + Sanitizer.oneLine(e.getMessage()) + " ("
                            + servedBy + ", and gives a viewer " + SERVED_DEADLINE.toSeconds() + " s); save it with `postern"
                            + " attachment save` and run the viewer yourself.", e);
                }
                throw new PosternException(ExitCode.IOERR, Sanitizer.oneLine(dev.postern.model.ProgramStart.sentence(
                        "the viewer for " + type, dev.postern.model.ProgramStart.program(e.getMessage()), e.getMessage(),
                        "check the mailcap entry")), e);
            }
        }
    }
}
