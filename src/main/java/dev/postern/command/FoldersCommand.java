package dev.postern.command;

import dev.postern.controller.MailController;
import dev.postern.model.Folder;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@code folders [--cached]}: an account's folders with message and unread counts, listed afresh or from the store. */
public final class FoldersCommand implements Command<FoldersCommand.Args, FoldersCommand.Listed> {
    public record Args(String account, boolean cached) {}

    /**
     * The folders as listed; {@link #neverListed()} when the store was asked and has never listed them; {@code inPart}
     * when the server's list held a line postern could not read (every stored folder was kept: hunt33-X X10);
     * {@code refreshFailure}: the server could not be asked, and these are the store's folders and counts, as
     * {@code list} shows the store's rows then (null when listed afresh or from the store as asked).
     */
    public record Listed(Args args, List<Folder> folders, boolean inPart, PosternException refreshFailure) implements Result {
        public Listed {
            folders = List.copyOf(folders);
        }

        public Listed(Args args, List<Folder> folders) {
            this(args, folders, false, null);
        }

        /** The sentence for a list read in part, said once on stderr; null when it was read whole. */
        public String inPartNote() {
            if (!inPart) return null;
            return Sanitizer.oneLine(args.account() + ": the server's folder list had a line postern could not read;"
                    + " no stored folder was dropped for missing from it (see the log file).");
        }

        public boolean neverListed() { return args.cached() && folders.isEmpty(); }

        /** One sentence: how many folders, how many unread in them. */
        @Override
        public String text() {
            if (neverListed()) {
                return Sanitizer.oneLine("the store has not listed the folders of " + args.account() + " yet; `postern folders -a "
                        + args.account() + "` (without --cached) lists them.");
            }
            long unread = folders.stream().mapToLong(Folder::unread).sum();
            String listed = args.account() + ": " + folders.size() + " folder(s), " + unread + " unread";
            return Sanitizer.oneLine(refreshFailure == null ? listed : listed + " (from the store: " + refreshFailure.getMessage() + ")");
        }
    }

    static final Option CACHED = Option.flagSwitch("--cached");

    @Override public String name() { return "folders"; }

    @Override public String summary() { return "List folders with message and unread counts"; }

    @Override public List<Option> options() { return List.of(CACHED); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "list folders"; }

    @Override
    public Args arguments(Words words, Messages targets) {
        if (!words.positionals().isEmpty()) throw Words.usage("folders takes no words; -a NAME picks the account.");
        return new Args(words.accountOrDefault(), words.has(CACHED.name()));
    }

    @Override
    public CompletableFuture<Listed> run(MailController c, Args given) {
        Args a = given.account() != null ? given : new Args(c.accounts().get(0), given.cached());
        if (a.cached()) return CompletableFuture.supplyAsync(() -> new Listed(a, c.folders(a.account()))); // reads the store
        JobFuture<Listed> listing = new JobFuture<>(c); // cancelling it cuts off the listing on the account's thread
        return listing.completing(listing.follow(c.refreshFoldersTold(a.account())).handleAsync((f, failed) -> {
            if (failed == null) return new Listed(a, f.folders(), !f.whole(), null);
            Throwable t = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
            // Still useful offline, as list's rows are: the store's folders and counts, and the failure for the exit
            // code, unless the store has none (hunt 39-Y, Y12: `folders` printed nothing where `list` fell back).
            List<Folder> stored = listing.isCancelled() || !(t instanceof PosternException) ? List.of() : c.folders(a.account());
            if (stored.isEmpty()) throw new CompletionException(t);
            return new Listed(a, stored, false, (PosternException) t);
        }));
    }
}
