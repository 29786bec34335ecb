package dev.postern.cli;

import dev.postern.model.Envelope;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A plain {@code postern search --local QUERY...} command line, answered without picocli and without opening the store
 * when the search index and the snapshot the store kept at its last clean close answer it (issue 16: a search in a
 * process of its own paid picocli's model, the store's open and its lock before Lucene's). Read here, as
 * {@link CachedList} reads its line: {@code --config FILE}, {@code --config=FILE}, {@code -a NAME}, {@code --account NAME},
 * {@code --account=NAME} (before or after {@code search}), and after {@code search}: {@code --local} (required),
 * {@code --json}, {@code --folder F} / {@code --folder=F}, the query's words (a word of one dash, {@code -seen}, is a
 * negated term, as picocli takes it for search) and {@code --}. Anything else (help, a repeated option, an odd value,
 * an {@code @file}, a dash word that could be a short option) is null and goes through picocli as before.
 *
 * <p>{@link #answer} prints what the store's own search would print (the same rows, notes and exit code: the index's
 * answer is the store's) or returns null, having printed nothing: no snapshot, a stale one, a folder it does not
 * hold, a query whose terms need a body read from the store, an empty answer (whose note needs what the store knows of
 * the folder), a first word that may name a folder (picocli's door refuses that), All Inboxes, or any failure. The
 * command then runs as before.
 */
public record LocalSearchLine(Path config, String account, String folder, boolean named, boolean json, List<String> query) {

    /** What the index answered from the store's snapshot: the matches (newest first), which UIDs the store keeps alone, and {missing, all} bodies (null when not asked). */
    public record Found(List<Envelope> found, Set<Long> localOnly, int[] bodiesMissing) {}

    /** The search index as the store's snapshot left it (app wires it: this layer does not reach the store or the index). */
    @FunctionalInterface
    public interface Indexed {
        /** The folder's matches, newest first, when the snapshot and the index answer exactly as the store would; else null. */
        Found search(Path dataDir, String account, String folder, dev.postern.model.Query query, boolean bodiesMissing);
    }

    /** The line {@code args} hold when it is a plain {@code search --local}, else null (picocli reads it). */
    public static LocalSearchLine of(String[] args) {
        String fold = null;
        boolean searched = false;
        boolean local = false;
        boolean json = false;
        boolean words = false;
        List<String> query = new ArrayList<>();
        PlainLine line = new PlainLine(args); // the root's --config and --account/-a, and option values (CachedList's too)
        while (line.next()) {
            String a = line.word();
            if (a.startsWith("@")) return null; // picocli's argument files
            if (words) {
                query.add(a);
                continue;
            }
            PlainLine.Root root = line.root();
            if (root == PlainLine.Root.REFUSED) return null;
            if (root == PlainLine.Root.TAKEN) continue;
            if (!searched) {
                if (!a.equals("search")) return null;
                searched = true;
            } else if (line.name().equals("--folder")) {
                String value = line.value();
                if (value == null || fold != null) return null;
                fold = value;
            } else if (a.equals("--local")) {
                if (local) return null;
                local = true;
            } else if (a.equals("--json")) {
                if (json) return null;
                json = true;
            } else if (a.equals("--")) {
                words = true;
            } else if (a.startsWith("--") || mayBeShortOption(a)) {
                return null;
            } else {
                query.add(a);
            }
        }
        if (!searched || !local || query.isEmpty()) return null;
        return new LocalSearchLine(line.config(), line.account(), fold == null ? "INBOX" : fold, fold != null, json, List.copyOf(query));
    }

    /** A word of one dash that picocli could read as a short option ({@code -a}, {@code -h}, {@code -V}, clustered or not). */
    private static boolean mayBeShortOption(String a) {
        return a.length() > 1 && a.charAt(0) == '-' && "ahV".indexOf(a.charAt(1)) >= 0;
    }

    /**
     * Prints the answer and returns the exit code (0) when the index answers from the store's snapshot; else null,
     * having printed nothing (the command runs as before). {@code root}: app/Main's, made as for picocli.
     */
    public Integer answer(PosternCommand root, PrintWriter out, PrintWriter err, Indexed indexed) {
        if (folder.equalsIgnoreCase(dev.postern.controller.MailController.ALL_INBOXES)) return null;
        String first = query.get(0);
        // picocli's door asks the store whether a bare first word names a folder (SearchCommand.refuseFolderAsWord).
        if (!named && !(first.isEmpty() || first.indexOf(':') >= 0 || first.startsWith("-") || first.startsWith("("))) return null;
        String text = String.join(" ", query);
        String acct;
        Path dataDir;
        boolean maildrop;
        dev.postern.model.Query q;
        try {
            q = dev.postern.model.QueryParser.parse(text);
            root.config = config;
            root.account = account;
            acct = root.account();
            dev.postern.config.Config c = root.config();
            dataDir = c.dataDir();
            var a = c.account(acct);
            if (a.isEmpty()) return null;
            maildrop = a.get().capabilities().contains(dev.postern.model.Capability.MAILDROP);
        } catch (RuntimeException e) {
            return null; // picocli's door says what is wrong, as it always did
        }
        dev.postern.model.StartupTrace.mark("search: config read");
        String canonical = dev.postern.model.Folder.canonical(folder);
        Found f = indexed.search(dataDir, acct, canonical, q, q.readsBodies());
        if (f == null || f.found().isEmpty()) return null;
        dev.postern.model.StartupTrace.mark("search: answered by the index");
        if (f.bodiesMissing() != null && f.bodiesMissing()[0] > 0) {
            err.println("postern: " + dev.postern.command.SearchCommand.noBodies(f.bodiesMissing(), acct, canonical, false, maildrop));
            err.flush();
        }
        SearchCommand.print(out, f.found(), e -> f.localOnly().contains(e.ref().uid()), json, json ? 0 : root.outColumns());
        return 0;
    }
}
