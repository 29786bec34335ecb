package dev.postern.cli;

import dev.postern.render.Sizes;
import dev.postern.attach.AttachmentSaver;
import dev.postern.attach.Mailcap;
import dev.postern.attach.Viewer;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.Attachments;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern attachment save|open}: one message's attachments as files. */
@Command(name = "attachment", description = "Save or open a message's attachments.",
        subcommands = {AttachmentCommand.Save.class, AttachmentCommand.Open.class, AttachmentCommand.Show.class})
final class AttachmentCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Override
    public Integer call() {
        throw new PosternException(ExitCode.USAGE, "say what to do: `postern attachment save FOLDER UID [INDEX] --out DIR`"
                + " or `postern attachment open FOLDER UID INDEX`.");
    }

    /**
     * The message's attachments; of a large message only attachment {@code index} (0: all) is
     * downloaded, by itself (see {@link MailController#attachments}).
     */
    static List<Attachments.Attachment> attachments(PosternCommand root, String folder, String uidText, long index) {
        long uid = parseNumber(uidText, "UID", "`postern list` shows them");
        String account = root.context().account(root.account);
        MailController c = root.context().controller();
        MessageRef ref = Futures.await(c.locate(account, folder, uid));
        return Futures.await(c.attachments(ref, (int) Math.min(Integer.MAX_VALUE, index)));
    }

    static long parseNumber(String text, String what, String hint) {
        try {
            long n = Long.parseLong(text);
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new PosternException(ExitCode.USAGE, "'" + Sanitizer.oneLine(text) + "' is not " + (what.equals("UID") ? "a UID" : "an attachment number")
                    + "; " + hint + ".");
        }
    }

    static Attachments.Attachment pick(List<Attachments.Attachment> all, long index, String folder, String uid) {
        if (index > all.size()) {
            throw new PosternException(ExitCode.NOINPUT, "message " + Sanitizer.oneLine(uid) + " in '" + Sanitizer.oneLine(folder)
                    + "' has " + (all.isEmpty() ? "no attachments" : all.size() + " attachment" + (all.size() == 1 ? "" : "s")
                    + " (1-" + all.size() + ")") + "; `postern read` lists them.");
        }
        return all.get((int) index - 1);
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
            if (!Files.isDirectory(out)) {
                throw new PosternException(ExitCode.USAGE, "'" + Sanitizer.oneLine(out.toString()) + "' is not a directory; create it first.");
            }
            long n = index == null ? 0 : parseNumber(index, "INDEX", "`postern read` numbers the attachments");
            List<Attachments.Attachment> all = attachments(root, folder, uid, n);
            List<Attachments.Attachment> chosen = index == null ? all : List.of(pick(all, n, folder, uid));
            if (chosen.isEmpty()) {
                throw new PosternException(ExitCode.NOINPUT, "message " + Sanitizer.oneLine(uid) + " in '" + Sanitizer.oneLine(folder)
                        + "' has no attachments.");
            }
            for (Attachments.Attachment a : chosen) {
                try {
                    byte[] content = a.content() == null ? new byte[0] : a.content();
                    Path written = AttachmentSaver.save(out, a.rawName(), a.part().index(), content);
                    root.out().println("saved [" + a.part().index() + "] " + Sanitizer.oneLine(written.toString())
                            + " (" + Sizes.human(content.length) + ")");
                } catch (IOException e) {
                    throw new PosternException(ExitCode.IOERR, "cannot save attachment " + a.part().index() + " in "
                            + Sanitizer.oneLine(out.toString()) + " (" + Sanitizer.oneLine(e.getMessage()) + "); check the directory's permissions and free space.", e);
                }
            }
            root.out().flush();
            return 0;
        }
    }

    @Command(name = "show", description = {"Print one attachment as text (PDF, office documents, HTML, text).",
            "Of a large message read text-only (thin link), downloads just that attachment."})
    static final class Show implements Callable<Integer> {
        @ParentCommand AttachmentCommand parent;

        @Parameters(index = "0", paramLabel = "FOLDER") String folder;
        @Parameters(index = "1", paramLabel = "UID") String uid;
        @Parameters(index = "2", paramLabel = "INDEX") String index;

        @Override
        public Integer call() {
            PosternCommand root = parent.root;
            long n = parseNumber(index, "INDEX", "`postern read` numbers the attachments");
            Attachments.Attachment a = pick(attachments(root, folder, uid, n), n, folder, uid);
            dev.postern.render.AttachmentTextExtractor text0 = root.context().attachmentText();
            // A decrypted attachment's text stays out of the cache (in clear, on disk) unless store_decrypted = true.
            String text = dev.postern.render.AttachmentSections.show(a, a.decrypted() ? text0.privately() : text0);
            if (text == null) {
                throw new PosternException(ExitCode.DATAERR, "attachment " + a.part().index() + " ("
                        + Sanitizer.oneLine(a.part().contentType()) + ") is not a type postern reads as text; "
                        + "use `postern attachment save` or `open`.");
            }
            root.out().println(text);
            root.out().flush();
            return 0;
        }
    }

    @Command(name = "open", description = {"Open an attachment with its viewer from ~/.mailcap or /etc/mailcap ($MAILCAPS).",
            "The viewer gets a private temporary copy, removed when it exits; no shell is involved."})
    static final class Open implements Callable<Integer> {
        @ParentCommand AttachmentCommand parent;

        @Parameters(index = "0", paramLabel = "FOLDER") String folder;
        @Parameters(index = "1", paramLabel = "UID") String uid;
        @Parameters(index = "2", paramLabel = "INDEX") String index;

        @Override
        public Integer call() throws InterruptedException {
            PosternCommand root = parent.root;
            var env = root.context().env();
            long n = parseNumber(index, "INDEX", "`postern read` numbers the attachments");
            Attachments.Attachment a = pick(attachments(root, folder, uid, n), n, folder, uid);
            String type = a.part().contentType();
            Mailcap mailcap = Mailcap.load(Mailcap.files(
                    dev.postern.config.ViewConfig.load(root.context().config(), env).mailcapFiles(), env));
            try {
                var outcome = Viewer.open(mailcap, type, a.rawName(), a.part().index(),
                        a.content() == null ? new byte[0] : a.content(), env);
                if (outcome.isEmpty()) {
                    throw new PosternException(ExitCode.CONFIG, "no viewer for " + Sanitizer.oneLine(type)
                            + " in ~/.mailcap or /etc/mailcap that runs without a shell; add one, or use `postern attachment save`.");
                }
                if (!outcome.get().output().isEmpty()) root.out().print(Sanitizer.text(outcome.get().output()));
                root.out().flush();
                return outcome.get().exitCode() == 0 ? 0 : ExitCode.UNAVAILABLE.code();
            } catch (IOException e) {
                throw new PosternException(ExitCode.IOERR, "cannot start the viewer for " + Sanitizer.oneLine(type) + " ("
                        + Sanitizer.oneLine(e.getMessage()) + "); check the mailcap entry.", e);
            }
        }
    }
}
