package dev.postern.command;

import dev.postern.controller.FolderKnowledge;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.thread.IndexOrder;
import dev.postern.thread.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code list [FOLDER] [--limit N] [--cached] [--threads]}: a folder's messages, newest first (or as threads,
 * the thread with the newest message first), header-only, refreshed from the server first unless
 * {@code --cached}; "All Inboxes" (with unified_inbox) merges those accounts' INBOX.
 */
public final class ListCommand implements Command<ListCommand.Args, ListCommand.Listed> {
    private static final int PAGE = 1000;

    /** {@code account} null: the first; {@code limit} null: every message. */
    public record Args(String account, String folder, Integer limit, boolean cached, boolean threads) {
        public Args {
            folder = folder == null ? "INBOX" : dev.postern.model.Folder.canonical(folder);
            if (limit != null && limit < 0) throw Words.usage("--limit must not be negative.");
        }
    }

    /**
     * One message as listed: {@code localOnly} when retention deleted its server copy and the store keeps the one
     * copy left; with threads, the tree drawn before its subject ({@code prefix}), its thread's first message, and
     * whether the message it answers is not in the folder ({@code parentMissing}).
     */
    public record Row(Envelope envelope, boolean localOnly, String prefix, MessageRef thread, boolean parentMissing) {
        public Row(Envelope envelope, boolean localOnly, String prefix, MessageRef thread) {
            this(envelope, localOnly, prefix, thread, false);
        }
    }

    /**
     * The rows of {@code folder} of {@code account} ({@link MailController#UNIFIED} for "All Inboxes", whose rows
     * keep their own accounts); {@code refreshFailure}: the server could not be asked, and these are the store's
     * rows; {@code knowledge} (with --cached, null otherwise): what the store knows of the folder.
     */
    public record Listed(Args args, String account, String folder, boolean allInboxes, List<Row> rows,
            PosternException refreshFailure, FolderKnowledge.State knowledge, List<String> messageErrors) implements Result {
        public Listed {
            rows = rows instanceof PagedRows ? rows : List.copyOf(rows);
            messageErrors = messageErrors == null ? List.of() : List.copyOf(messageErrors);
        }

        public Listed(Args args, String account, String folder, boolean allInboxes, List<Row> rows,
                PosternException refreshFailure, FolderKnowledge.State knowledge) {
            this(args, account, folder, allInboxes, rows, refreshFailure, knowledge, List.of());
        }

        /** The store has no such folder (as the server last listed them): nothing to list (66 on the command line). */
        public boolean missing() { return knowledge != null && knowledge.kind() == FolderKnowledge.Kind.MISSING; }

        /** What --cached says about a folder it holds nothing of, or null when the rows speak for themselves. */
        public String explanation() {
            if (knowledge == null) return null;
            String a = Sanitizer.oneLine(account);
            String f = Sanitizer.oneLine(folder);
            return switch (knowledge.kind()) {
                case MISSING -> FolderKnowledge.NO_MESSAGES.equals(knowledge.reason())
                        ? FolderKnowledge.missing(account, folder, knowledge)
                        : FolderKnowledge.missing(account, folder, knowledge) + "; `postern folders -a " + dev.postern.model.Names.shell(a) + "` lists them.";
                case NEVER_SYNCED -> FolderKnowledge.neverSynced(account, folder, knowledge) + "; "
                        + FolderKnowledge.howToSync(account, folder, knowledge) + ".";
                case NEVER_LISTED -> "the store has never listed the folders of " + a + ", so it cannot tell whether " + f
                        + " exists; `postern folders -a " + dev.postern.model.Names.shell(a) + "` lists them.";
                case SYNCED -> null;
            };
        }

        /** One sentence: how many messages were listed and how many of them are unread; or why there are none. */
        @Override
        public String text() {
            String why = rows.isEmpty() ? explanation() : null;
            if (why != null) return Sanitizer.oneLine(why);
            // A long flat listing is read from the store as it is printed (PagedRows): counting its unread here
            // would read it all on the caller's thread, so the sentence says how many without it.
            String listed = folder + ": " + rows.size() + " message(s) listed" + (rows instanceof PagedRows ? ""
                    : ", " + rows.stream().filter(r -> !r.envelope().flags().has(Flag.SEEN)).count() + " unread");
            return Sanitizer.oneLine(refreshFailure == null ? listed
                    : listed + " (from the store: " + refreshFailure.getMessage() + ")");
        }
    }

    static final Option LIMIT = Option.of("--limit", Option.Value.TEXT);
    static final Option CACHED = Option.flagSwitch("--cached");
    static final Option THREADS = Option.flagSwitch("--threads");

    @Override public String name() { return "list"; }

    @Override public String summary() { return "List a folder header-only, newest first"; }

    @Override public List<Option> options() { return List.of(LIMIT, CACHED, THREADS); }

    @Override public List<String> operands() { return List.of("FOLDER"); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "list messages"; }

    @Override
    public Args arguments(Words words, Messages targets) {
        List<String> p = words.positionals();
        if (p.size() > 1) throw Words.usage("list takes one folder; quote a name with spaces.");
        String limit = words.value(LIMIT.name());
        Integer n = null;
        if (limit != null) {
            try {
                n = Integer.valueOf(limit);
            } catch (NumberFormatException e) {
                throw Words.usage("list: --limit takes a number, not '" + Sanitizer.oneLine(limit) + "'.");
            }
        }
        return new Args(words.accountOrDefault(), p.isEmpty() ? null : p.get(0), n, words.has(CACHED.name()), words.has(THREADS.name()));
    }

    @Override
    public CompletableFuture<Listed> run(MailController c, Args a) {
        // "All Inboxes" (with unified_inbox configured) merges the INBOX of several accounts; rows keep theirs.
        boolean all = c.isAllInboxes(a.folder());
        String folder = all ? MailController.ALL_INBOXES : a.folder();
        String account = all ? MailController.UNIFIED : a.account() != null ? a.account() : c.accounts().get(0);
        CompletableFuture<Listed> noFolder = all ? null : MaildropFolders.refused(c, account, folder);
        if (noFolder != null) return noFolder;
        if (a.cached()) return CompletableFuture.supplyAsync(() -> listed(c, a, account, folder, all, null, List.of())); // the store
        // Cancelling it (a served list's client gone) cuts off the folder's refresh on the account's thread.
        JobFuture<Listed> listing = new JobFuture<>(c);
        return listing.completing(listing.follow(c.refreshFolderTold(account, folder)).handleAsync((v, failed) -> {
            PosternException failure = null;
            if (failed != null) {
                Throwable t = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
                // Still useful offline: the store's rows, and the failure for the exit code, unless the store has none.
                if (listing.isCancelled() || !(t instanceof PosternException p) || c.count(account, folder) == 0) {
                    throw new CompletionException(t);
                }
                failure = p;
            }
            // A POP3 message the refresh could not download is not among the rows: said, not passed over in silence.
            return listed(c, a, account, folder, all, failure, v == null ? List.of() : v.messageErrors());
        }));
    }

    /** Reads the rows from the store: on a thread of the pool, never the caller's or an account worker's. */
    private static Listed listed(MailController c, Args a, String account, String folder, boolean all, PosternException failure,
            List<String> errors) {
        // Taken before anything is read: the listing is kept for the next `list --cached` only if nothing wrote to
        // the store between this mark and its keeping (and nothing after, until the store closes).
        long mark = all || a.threads() || failure != null ? -1 : c.listingMark();
        FolderKnowledge.State knowledge = a.cached() && !all ? c.folderKnowledge(account, folder) : null;
        List<Row> rows = new ArrayList<>();
        if (knowledge == null || knowledge.kind() != FolderKnowledge.Kind.MISSING) {
            int wanted = a.limit() == null ? Integer.MAX_VALUE : a.limit();
            int total = c.count(account, folder);
            int size = Math.min(wanted, total);
            if (!a.threads() && size > PAGE) {
                // A flat listing of a big folder is read a page at a time as the door prints it, as the batch
                // command always did: 100k envelopes are never held at once.
                return new Listed(a, account, folder, all, new PagedRows(c, account, folder, size), failure, knowledge, errors);
            }
            List<Envelope> envs = new ArrayList<>();
            int offset = 0;
            while (offset < wanted) {
                List<Envelope> page = c.page(account, folder, offset, Math.min(PAGE, wanted - offset));
                if (page.isEmpty()) break;
                envs.addAll(page);
                offset += page.size();
            }
            if (a.threads()) {
                IndexOrder order = IndexOrder.arrange(envs, true, SortKey.ACTIVITY, false);
                IndexOrder.Rows threaded = order.rows(Set.of(), IndexOrder.Glyphs.ASCII);
                for (int i = 0; i < threaded.size(); i++) {
                    Envelope e = envs.get(threaded.message(i)); // the whole envelope, not the order's cut one
                    rows.add(new Row(e, c.localOnly(e.ref()), threaded.prefix(i), threaded.thread(i), threaded.parentMissing(i)));
                }
            } else {
                List<Boolean> localOnly = new ArrayList<>(envs.size());
                for (Envelope e : envs) {
                    boolean local = c.localOnly(e.ref());
                    localOnly.add(local);
                    rows.add(new Row(e, local, "", null));
                }
                if (mark >= 0 && (knowledge == null || knowledge.kind() == FolderKnowledge.Kind.SYNCED)) {
                    c.keepListing(mark, account, folder, total, envs, localOnly);
                }
            }
        }
        return new Listed(a, account, folder, all, rows, failure, knowledge, errors);
    }

    /**
     * The rows of a flat listing, read from the store one page at a time as they are walked (newest first, as
     * {@link MailController#page} gives them), so only one page is held. {@code size} is the count when it was
     * made; a walk ends early when the folder shrank meanwhile (mail deleted by another door).
     */
    static final class PagedRows extends java.util.AbstractList<Row> {
        private final MailController c;
        private final String account;
        private final String folder;
        private final int size;
        private int from = -1;
        private List<Envelope> page = List.of();

        PagedRows(MailController c, String account, String folder, int size) {
            this.c = c;
            this.account = account;
            this.folder = folder;
            this.size = size;
        }

        @Override
        public int size() { return size; }

        /** Whether row {@code i} can be read, its page read first when it is not the one held; false past the end or the folder. */
        private synchronized boolean has(int i) {
            if (i < 0 || i >= size) return false;
            if (from < 0 || i < from || i >= from + page.size()) {
                from = i;
                page = c.page(account, folder, i, Math.min(PAGE, size - i));
            }
            return i - from < page.size(); // else the folder shrank meanwhile
        }

        @Override
        public synchronized Row get(int i) {
            if (!has(i)) throw new IndexOutOfBoundsException(i);
            Envelope e = page.get(i - from);
            return new Row(e, c.localOnly(e.ref()), "", null);
        }

        @Override
        public java.util.Iterator<Row> iterator() {
            return new java.util.Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() { return has(next); }

                @Override
                public Row next() {
                    if (!hasNext()) throw new java.util.NoSuchElementException();
                    return get(next++);
                }
            };
        }
    }
}
