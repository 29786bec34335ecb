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
            if (folder == null) folder = "INBOX";
            if (limit != null && limit < 0) throw Words.usage("--limit must not be negative.");
        }
    }

    /**
     * One message as listed: {@code localOnly} when retention deleted its server copy and the store keeps the one
     * copy left; with threads, the tree drawn before its subject ({@code prefix}) and its thread's first message.
     */
    public record Row(Envelope envelope, boolean localOnly, String prefix, MessageRef thread) {}

    /**
     * The rows of {@code folder} of {@code account} ({@link MailController#UNIFIED} for "All Inboxes", whose rows
     * keep their own accounts); {@code refreshFailure}: the server could not be asked, and these are the store's
     * rows; {@code knowledge} (with --cached, null otherwise): what the store knows of the folder.
     */
    public record Listed(Args args, String account, String folder, boolean allInboxes, List<Row> rows,
            PosternException refreshFailure, FolderKnowledge.State knowledge) implements Result {
        public Listed {
            rows = List.copyOf(rows);
        }

        /** The store has no such folder (as the server last listed them): nothing to list (66 on the command line). */
        public boolean missing() { return knowledge != null && knowledge.kind() == FolderKnowledge.Kind.MISSING; }

        /** What --cached says about a folder it holds nothing of, or null when the rows speak for themselves. */
        public String explanation() {
            if (knowledge == null) return null;
            String a = Sanitizer.oneLine(account);
            String f = Sanitizer.oneLine(folder);
            return switch (knowledge.kind()) {
                case MISSING -> "account " + a + " has no folder '" + f + "' (as the server last listed them); "
                        + "`postern folders -a " + a + "` lists them.";
                case NEVER_SYNCED -> FolderKnowledge.neverSynced(account, folder, knowledge) + "; "
                        + FolderKnowledge.howToSync(account, folder, knowledge) + ".";
                case NEVER_LISTED -> "the store has never listed the folders of " + a + ", so it cannot tell whether " + f
                        + " exists; `postern folders -a " + a + "` lists them.";
                case SYNCED -> null;
            };
        }

        /** One sentence: how many messages were listed and how many of them are unread; or why there are none. */
        @Override
        public String text() {
            String why = rows.isEmpty() ? explanation() : null;
            if (why != null) return Sanitizer.oneLine(why);
            long unread = rows.stream().filter(r -> !r.envelope().flags().has(Flag.SEEN)).count();
            String listed = folder + ": " + rows.size() + " message(s) listed, " + unread + " unread";
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
        if (a.cached()) return CompletableFuture.supplyAsync(() -> listed(c, a, account, folder, all, null)); // reads the store
        return c.refreshFolder(account, folder).handleAsync((v, failed) -> {
            PosternException failure = null;
            if (failed != null) {
                Throwable t = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
                // Still useful offline: the store's rows, and the failure for the exit code, unless the store has none.
                if (!(t instanceof PosternException p) || c.count(account, folder) == 0) throw new CompletionException(t);
                failure = p;
            }
            return listed(c, a, account, folder, all, failure);
        });
    }

    /** Reads the rows from the store: on a thread of the pool, never the caller's or an account worker's. */
    private static Listed listed(MailController c, Args a, String account, String folder, boolean all, PosternException failure) {
        FolderKnowledge.State knowledge = a.cached() && !all ? c.folderKnowledge(account, folder) : null;
        List<Row> rows = new ArrayList<>();
        if (knowledge == null || knowledge.kind() != FolderKnowledge.Kind.MISSING) {
            List<Envelope> envs = new ArrayList<>();
            int wanted = a.limit() == null ? Integer.MAX_VALUE : a.limit();
            int offset = 0;
            while (offset < wanted) {
                List<Envelope> page = c.page(account, folder, offset, Math.min(PAGE, wanted - offset));
                if (page.isEmpty()) break;
                envs.addAll(page);
                offset += page.size();
            }
            if (a.threads()) {
                IndexOrder order = IndexOrder.arrange(envs, true, SortKey.ACTIVITY, false);
                for (IndexOrder.Row r : order.rows(Set.of(), IndexOrder.Glyphs.ASCII)) {
                    if (r.envelope() != null) rows.add(new Row(r.envelope(), c.localOnly(r.envelope().ref()), r.prefix(), r.thread()));
                }
            } else {
                for (Envelope e : envs) rows.add(new Row(e, c.localOnly(e.ref()), "", null));
            }
        }
        return new Listed(a, account, folder, all, rows, failure, knowledge);
    }
}
