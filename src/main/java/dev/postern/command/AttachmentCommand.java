package dev.postern.command;

import dev.postern.attach.AttachmentSaver;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Attachments;
import dev.postern.render.Sanitizer;
import dev.postern.render.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code attachment save|show|open FOLDER UID [INDEX] [--out DIR]}: one message's attachments. {@code save} writes
 * them under safe names inside DIR (all of them without INDEX); {@code show} and {@code open} pick one, which the
 * door shows as text or hands to its mailcap viewer (a door's terminal, not the command's). Of a large message only
 * the attachment asked for is downloaded.
 */
public final class AttachmentCommand implements Command<AttachmentCommand.Args, AttachmentCommand.Done> {
    public enum Action { SAVE, SHOW, OPEN;
        public String word() { return name().toLowerCase(Locale.ROOT); }
    }

    /** {@code account} null: the first; {@code index} 1-based as {@code read} lists them, 0 for all (save only). */
    /** {@code uidValidity}: the folder's the caller saw the message under (0: a typed UID, whatever it names now). */
    public record Args(String account, Action action, String folder, long uid, long index, Path out, long uidValidity) {
        public Args(String account, Action action, String folder, long uid, long index, Path out) {
            this(account, action, folder, uid, index, out, 0);
        }

        public Args {
            folder = dev.postern.model.Folder.canonical(folder);
            if (action == null) throw Words.usage("say what to do: `postern attachment save FOLDER UID [INDEX] --out DIR`"
                    + " or `postern attachment open FOLDER UID INDEX`.");
            if (folder == null || uid <= 0) throw Words.usage("attachment " + action.word() + ": name the message: FOLDER UID.");
            if (index < 0 || index == 0 && action != Action.SAVE) {
                throw Words.usage("attachment " + action.word() + ": say which attachment (INDEX, as `postern read` numbers them).");
            }
            // A relative directory is the user's: a served command's client's, not the owner's (hunt 38-A, A9).
            out = out == null ? dev.postern.model.ClientDirectory.current() : dev.postern.model.ClientDirectory.current().resolve(out);
        }
    }

    /** What {@code attachment ...} did; {@link #lines()} are what the batch command prints. */
    public sealed interface Done extends Result permits Saved, Picked {
        List<String> lines();
    }

    /**
     * One attachment written: its number, the file and its size; {@code senderName} is the name the sender gave when the
     * file could not have it (a letter the locale's file names cannot hold became '_'), else null.
     */
    public record SavedFile(int index, Path path, long size, String senderName) {}

    /** The attachments written; {@code failure}: the one that could not be, after those (null when all were). */
    public record Saved(Args args, List<SavedFile> files, PosternException failure) implements Done {
        public Saved {
            files = List.copyOf(files);
        }

        @Override
        public List<String> lines() {
            return files.stream().map(f -> "saved [" + f.index() + "] " + Sanitizer.oneLine(f.path().toString()) + " ("
                    + Sizes.human(f.size()) + (f.senderName() == null ? "" : "; named so because its name '"
                    + Sanitizer.oneLine(f.senderName()) + "' has letters that file names in "
                    + dev.postern.model.FileNameCharset.of().name() + ", this locale's charset, cannot hold") + ")").toList();
        }

        @Override
        public String text() {
            if (failure != null) return Sanitizer.oneLine("saved " + files.size() + " attachment(s), then: " + failure.getMessage());
            return files.size() == 1 ? lines().get(0)
                    : Sanitizer.oneLine("saved " + files.size() + " attachments of message " + args.uid() + " in " + args.out());
        }
    }

    /** The attachment {@code show} or {@code open} asked for, with its content, for the door to show or view. */
    public record Picked(Args args, Attachments.Attachment attachment) implements Done {
        @Override public List<String> lines() { return List.of(text()); }

        @Override
        public String text() {
            Attachments.Attachment a = attachment;
            String name = a.part().filename() == null ? "(no name)" : a.part().filename();
            return Sanitizer.oneLine("attachment " + a.part().index() + " of message " + args.uid() + ": " + name + ", "
                    + a.part().contentType() + ", " + Sizes.human(a.size()));
        }
    }

    /** The attachment to show or open, refused (65) when its bytes are not at hand ({@link Attachments.Attachment#bytes}). */
    private static Picked picked(Args a, Attachments.Attachment at) {
        at.atHand();
        return new Picked(a, at);
    }

    static final Option OUT = Option.of("--out", Option.Value.TEXT);

    @Override public String name() { return "attachment"; }

    @Override public String summary() { return "Save, show or open a message's attachments"; }

    @Override public List<Option> options() { return List.of(OUT); }

    @Override public boolean takesMessages() { return false; }

    @Override public boolean namesItsMessage() { return true; }

    @Override public String doing() { return "save attachments"; }

    /** An attachment's number as {@code read} lists them: a positive whole number, else one sentence (64). */
    public static long index(String text) {
        try {
            long n = Long.parseLong(text);
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw Words.usage("'" + Sanitizer.oneLine(text) + "' is not an attachment number; `postern read` numbers the attachments.");
        }
    }

    /** {@code save INBOX 7 [2]}, {@code show INBOX 7 2}: the words after "attachment". */
    @Override
    public Args arguments(Words words, Messages targets) {
        List<String> p = words.positionals();
        Action action = null;
        if (!p.isEmpty()) {
            for (Action a : Action.values()) if (a.word().equals(p.get(0))) action = a;
            if (action == null) throw Words.usage("attachment: '" + Sanitizer.oneLine(p.get(0)) + "' is not save, show or open.");
        }
        if (p.size() > 4) throw Words.usage("attachment: too many words; quote a folder name with spaces.");
        if (action != Action.SAVE && words.has(OUT.name())) throw Words.usage("attachment: --out goes with save.");
        String out = words.value(OUT.name());
        if (action != null && p.size() <= 2 && targets != null) { // the reader's message: `attachment show 2`
            return new Args(targets.account(), action, targets.folder(), ReadCommand.shown("attachment " + action.word(), targets),
                    p.size() > 1 ? index(p.get(1)) : 0, out == null ? null : dev.postern.model.ClientDirectory.resolve(out),
                    targets.uidValidity());
        }
        return new Args(words.accountOrDefault(), action, p.size() > 1 ? p.get(1) : null, p.size() > 2 ? ReadCommand.uid(p.get(2)) : 0,
                p.size() > 3 ? index(p.get(3)) : 0, out == null ? null : dev.postern.model.ClientDirectory.resolve(out));
    }

    @Override
    public CompletableFuture<Done> run(MailController c, Args a) {
        String account = a.account() != null ? a.account() : c.accounts().get(0);
        // Of a large message only attachment INDEX (0: all) is downloaded, by itself. Cancelling it (Ctrl-C, a served
        // command's client gone) cuts off that download on the account's thread; nothing half downloaded is saved.
        JobFuture<Done> saving = new JobFuture<>(c);
        return saving.completing(CompletableFuture.runAsync(() -> outIsADirectory(a)) // before anything is downloaded
                .thenCompose(v -> c.locate(account, a.folder(), a.uidValidity(), a.uid()))
                .thenCompose(ref -> saving.follow(c.attachments(ref, (int) Math.min(Integer.MAX_VALUE, a.index()))))
                .thenApplyAsync(all -> a.action() == Action.SAVE ? save(a, all, saving) : picked(a, pick(all, a))));
    }

    private static Attachments.Attachment pick(List<Attachments.Attachment> all, Args a) {
        if (a.index() > all.size() && all instanceof Attachments.Listed l && !l.unopened().isEmpty()) {
            throw new PosternException(l.exitCode(), "message " + a.uid() + " in '" + Sanitizer.oneLine(a.folder()) + "' has "
                    + (all.isEmpty() ? "no attachments" : all.size() + " attachment" + (all.size() == 1 ? "" : "s")) + " that can be read;"
                    + " attachment " + a.index() + " may be inside its encrypted part, which could not be decrypted: "
                    + Sanitizer.oneLine(l.unopened().get(0)));
        }
        if (a.index() > all.size()) {
            throw new PosternException(ExitCode.NOINPUT, "message " + a.uid() + " in '" + Sanitizer.oneLine(a.folder())
                    + "' has " + (all.isEmpty() ? "no attachments" : all.size() + " attachment" + (all.size() == 1 ? "" : "s")
                    + " (1-" + all.size() + ")") + "; `postern read` lists them.");
        }
        return all.get((int) a.index() - 1);
    }

    /** Writes the chosen attachments into {@code out} (see {@link AttachmentSaver}: never outside it, never over a file). */
    /** Saving into a directory that is not there fails at once (64), before anything is downloaded. */
    public static void outIsADirectory(Args a) {
        if (a.action() == Action.SAVE && !Files.isDirectory(a.out())) {
            throw Words.usage("'" + Sanitizer.oneLine(a.out().toString()) + "' is not a directory; create it first.");
        }
    }

    private static Saved save(Args a, List<Attachments.Attachment> all, CompletableFuture<?> cancelled) {
        List<Attachments.Attachment> chosen = a.index() == 0 ? all : List.of(pick(all, a));
        if (chosen.isEmpty() && all instanceof Attachments.Listed l && !l.unopened().isEmpty()) {
            throw new PosternException(l.exitCode(), "message " + a.uid() + " in '" + Sanitizer.oneLine(a.folder())
                    + "' has an encrypted part that could not be decrypted, so its attachments cannot be saved: "
                    + Sanitizer.oneLine(l.unopened().get(0)));
        }
        if (chosen.isEmpty()) {
            throw new PosternException(ExitCode.NOINPUT, "message " + a.uid() + " in '" + Sanitizer.oneLine(a.folder()) + "' has no attachments.");
        }
        for (Attachments.Attachment at : chosen) at.atHand(); // none saved when one is not at hand
        List<SavedFile> files = new ArrayList<>();
        for (Attachments.Attachment at : chosen) {
            if (cancelled.isCancelled()) {
                // Ctrl-C in the shell, a served client gone, postern cancel: thousands of parts are not all written first.
                throw new dev.postern.model.Work.Cancelled("stopped: " + files.size() + " of " + chosen.size()
                        + " attachments were saved in " + Sanitizer.oneLine(a.out().toString()) + ", the rest were not.");
            }
            try {
                // Streamed: a part downloaded alone goes from its kept file to the new one a block at a time.
                Path saved = AttachmentSaver.save(a.out(), at.rawName(), at.part().index(), at::writeTo);
                files.add(new SavedFile(at.part().index(), saved, Files.size(saved),
                        dev.postern.attach.SafeName.unnamable(at.rawName()) ? at.rawName() : null));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // Every name it could take is taken: the directory's names, not its disk (hunt 41-H, H4).
                return new Saved(a, files, new PosternException(ExitCode.IOERR, "cannot save attachment " + at.part().index()
                        + " in " + Sanitizer.oneLine(a.out().toString()) + " (" + Sanitizer.oneLine(e.getReason()) + "); save into"
                        + " an empty directory with -o.", e));
            } catch (IOException e) {
                return new Saved(a, files, new PosternException(ExitCode.IOERR, "cannot save attachment " + at.part().index() + " in "
                        + Sanitizer.oneLine(a.out().toString()) + " (" + Sanitizer.oneLine(e.getMessage())
                        + "); check the directory's permissions and free space.", e));
            }
        }
        if (a.index() == 0 && all instanceof Attachments.Listed l && !l.unopened().isEmpty()) {
            // The ones that could be read are saved; those inside the encrypted part are not, and that is said.
            return new Saved(a, files, new PosternException(l.exitCode(), "the encrypted part could not be decrypted, so"
                    + " its attachments were not saved: " + Sanitizer.oneLine(l.unopened().get(0))));
        }
        return new Saved(a, files, null);
    }
}
