package dev.postern.cli;

import dev.postern.controller.FolderKnowledge;

import dev.postern.render.Sizes;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.thread.IndexOrder;
import dev.postern.thread.SortKey;
import dev.postern.ui.Cells;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = {"List a folder header-only, newest first.",
        "Refreshes the store from the server first (headers, flags, sizes; never bodies).",
        "\"All Inboxes\" (with unified_inbox in the config) merges those accounts' INBOX; each row names its account."})
final class ListCommand implements Callable<Integer> {
    private static final int PAGE = 1000;
    private static final DateTimeFormatter HUMAN_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    @ParentCommand PosternCommand root;

    @Parameters(arity = "0..1", paramLabel = "FOLDER", defaultValue = "INBOX", description = "Folder (default: INBOX).")
    String folder;

    @Option(names = "--limit", paramLabel = "N", description = "Only the newest N messages.")
    Integer limit;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--cached", description = "Do not contact the server; print what the store has. A folder it "
            + "has nothing of is explained on stderr: never synced (exit 0), no such folder (66), folders never listed (0).")
    boolean cached;

    @Option(names = "--threads", description = {"Group into threads (References/In-Reply-To, then subject), the thread "
            + "with the newest message first; replies indented under their parent as in the reader.",
            "With --json each message has `thread` (UID of the thread's first row) and `depth` (0 for that row)."})
    boolean threads;

    @Override
    public Integer call() {
        if (limit != null && limit < 0) throw new PosternException(ExitCode.USAGE, "--limit must not be negative.");
        MailController c = root.context().controller();
        // "All Inboxes" (with unified_inbox configured) merges the INBOX of several accounts; rows keep theirs.
        boolean all = c.isAllInboxes(folder);
        if (all) folder = MailController.ALL_INBOXES;
        String account = all ? MailController.UNIFIED : root.context().account(root.account);
        int accountWidth = 0;
        if (all) for (String a : c.unifiedInbox()) accountWidth = Math.max(accountWidth, Cells.width(Sanitizer.oneLine(a)));
        accountWidth = Math.min(accountWidth, 16);
        PosternException failure = null;
        if (!cached) {
            try {
                Futures.await(c.refreshFolder(account, folder));
            } catch (PosternException e) {
                if (c.count(account, folder) == 0) throw e;
                // Still useful offline: say what failed, show the cache, and let the exit code tell scripts.
                failure = e;
                root.err().println("postern: " + Sanitizer.oneLine(e.getMessage()) + " Showing the cached list.");
                root.err().flush();
            }
        }
        if (cached && !all && !explainedEmpty(account)) return ExitCode.NOINPUT.code();
        PrintWriter out = root.out();
        int wanted = limit == null ? Integer.MAX_VALUE : limit;
        if (threads) {
            printThreads(c, account, wanted, all, accountWidth, out);
            return failure == null ? 0 : failure.exitCode().code();
        }
        Rows rows = Rows.of(root, json);
        int offset = 0;
        while (offset < wanted) {
            List<Envelope> page = c.page(account, folder, offset, Math.min(PAGE, wanted - offset));
            if (page.isEmpty()) break;
            for (Envelope e : page) {
                boolean localOnly = c.localOnly(e.ref());
                rows.println(json ? Json.write(jsonOf(e, localOnly))
                        : all ? Cells.fit(Sanitizer.oneLine(e.ref().account()), accountWidth) + " " + line(e, localOnly)
                        : line(e, localOnly));
            }
            offset += page.size();
        }
        out.flush();
        return failure == null ? 0 : failure.exitCode().code();
    }

    /**
     * With --cached, a folder the store holds nothing of is explained on stderr instead of an empty list
     * and exit 0: never synced (and how to sync it), or one that does not exist (false: exit 66), or
     * unknown because the store has never listed the account's folders.
     */
    private boolean explainedEmpty(String account) {
        FolderKnowledge.State st = root.context().controller().folderKnowledge(account, folder);
        String a = Sanitizer.oneLine(account);
        String f = Sanitizer.oneLine(folder);
        switch (st.kind()) {
            case MISSING -> {
                root.err().println("postern: account " + a + " has no folder '" + f + "' (as the server last listed them); "
                        + "`postern folders -a " + a + "` lists them.");
                root.err().flush();
                return false;
            }
            case NEVER_SYNCED -> root.err().println("postern: " + FolderKnowledge.neverSynced(account, folder, st) + "; "
                    + FolderKnowledge.howToSync(account, folder, st) + ".");
            case NEVER_LISTED -> root.err().println("postern: the store has never listed the folders of " + a
                    + ", so it cannot tell whether " + f + " exists; `postern folders -a " + a + "` lists them.");
            case SYNCED -> { }
        }
        root.err().flush();
        return true;
    }

    /** The newest {@code wanted} messages as threads, arranged like the reader's thread view (ASCII tree). */
    private void printThreads(MailController c, String account, int wanted, boolean all, int accountWidth, PrintWriter out) {
        List<Envelope> envs = new ArrayList<>();
        int offset = 0;
        while (offset < wanted) {
            List<Envelope> page = c.page(account, folder, offset, Math.min(PAGE, wanted - offset));
            if (page.isEmpty()) break;
            envs.addAll(page);
            offset += page.size();
        }
        IndexOrder order = IndexOrder.arrange(envs, true, SortKey.ACTIVITY, false);
        Rows rows = Rows.of(root, json);
        for (IndexOrder.Row row : order.rows(Set.of(), IndexOrder.Glyphs.ASCII)) {
            Envelope e = row.envelope();
            if (e == null) continue;
            boolean localOnly = c.localOnly(e.ref());
            if (json) {
                Map<String, Object> o = jsonOf(e, localOnly);
                o.put("thread", row.thread().uid());
                if (all) o.put("thread_account", row.thread().account());
                o.put("depth", depth(row.prefix()));
                out.println(Json.write(o));
            } else {
                String l = line(e, localOnly, row.prefix());
                rows.println(all ? Cells.fit(Sanitizer.oneLine(e.ref().account()), accountWidth) + " " + l : l);
            }
        }
        out.flush();
    }

    /** How deep a row sits: 0 for a thread's first row; each level of the ASCII tree is 2 columns plus a 3-column arrow. */
    static int depth(String prefix) {
        return prefix.isEmpty() ? 0 : (prefix.length() - 3) / 2 + 1;
    }

    static Map<String, Object> jsonOf(Envelope e) {
        return jsonOf(e, false);
    }

    /** {@code local_only}: retention deleted the server copy and the store keeps the one copy left. */
    static Map<String, Object> jsonOf(Envelope e, boolean localOnly) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("account", e.ref().account());
        o.put("folder", e.ref().folder());
        o.put("uid", e.ref().uid());
        o.put("message_id", e.messageId());
        o.put("date", e.date() == null ? null : e.date().toString());
        o.put("from", e.from());
        o.put("subject", e.subject());
        o.put("size", e.size());
        o.put("flags", e.flags().labels());
        o.put("cached", e.cached());
        o.put("local_only", localOnly);
        return o;
    }

    static String line(Envelope e) {
        return line(e, false);
    }

    /** N unread, ! flagged, r answered, L kept locally only (its server copy deleted by retention). */
    static String line(Envelope e, boolean localOnly) {
        return line(e, localOnly, "");
    }

    /** @param treePrefix the thread tree drawn before the subject ("" when flat) */
    static String line(Envelope e, boolean localOnly, String treePrefix) {
        String flags = (e.flags().has(Flag.SEEN) ? " " : "N") + (e.flags().has(Flag.FLAGGED) ? "!" : " ")
                + (e.flags().has(Flag.ANSWERED) ? "r" : " ") + (localOnly ? "L" : " ");
        String date = e.date() == null ? "????-??-?? ??:??" : HUMAN_DATE.format(e.date());
        // Columns, not chars: a CJK name is twice as wide as its length.
        return String.format("%7d %s %s %s %s (%s)", e.ref().uid(), flags, date,
                Cells.fit(Sanitizer.oneLine(e.from()), 24), treePrefix + Sanitizer.oneLine(e.subject()), Sizes.human(e.size()));
    }
}
