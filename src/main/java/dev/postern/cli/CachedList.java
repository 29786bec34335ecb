package dev.postern.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A plain {@code postern list --cached} command line, read without picocli (issue 16: a short command in its own
 * process). Picocli's model of {@code list} (reflection over its annotations, the annotation proxies JDK 17's archive
 * cannot hold, its converters' look-ups) took a fifth of the command's CPU; this reads the forms people and
 * scripts type and runs the same code as picocli's door ({@link ListCommand#list}), with the same output and exit
 * code. Read here: {@code --config FILE}, {@code --config=FILE}, {@code -a NAME}, {@code --account NAME},
 * {@code --account=NAME} (before or after {@code list}), and after {@code list}: {@code --cached} (required),
 * {@code --json}, {@code --threads}, {@code --limit N} / {@code --limit=N} (N plain decimal digits), one FOLDER (also
 * after {@code --}). Anything else (help, a repeated option, another option, a second folder, a missing or
 * odd value, an {@code @file} argument) is null and goes through picocli as before, which says what is wrong.
 */
public record CachedList(Path config, String account, String folder, Integer limit, boolean json, boolean threads) {

    /** The line {@code args} hold when it is a plain {@code list --cached}, else null (picocli reads it). */
    public static CachedList of(String[] args) {
        String fold = null;
        Integer lim = null;
        boolean listed = false;
        boolean cached = false;
        boolean json = false;
        boolean threads = false;
        boolean words = false;
        PlainLine line = new PlainLine(args); // the root's --config and --account/-a, and option values (LocalSearchLine's too)
        while (line.next()) {
            String a = line.word();
            if (a.startsWith("@")) return null; // picocli's argument files
            PlainLine.Root root = words ? PlainLine.Root.NONE : line.root();
            if (root == PlainLine.Root.REFUSED) return null;
            if (root == PlainLine.Root.TAKEN) continue;
            if (!words && listed && line.name().equals("--limit")) {
                String value = line.value();
                if (value == null || lim != null || !plainNumber(value)) return null;
                lim = Integer.valueOf(value);
            } else if (!words && listed && a.equals("--cached")) {
                if (cached) return null;
                cached = true;
            } else if (!words && listed && a.equals("--json")) {
                if (json) return null;
                json = true;
            } else if (!words && listed && a.equals("--threads")) {
                if (threads) return null;
                threads = true;
            } else if (!words && listed && a.equals("--")) {
                words = true;
            } else if (!words && a.startsWith("-")) {
                return null;
            } else if (!listed) {
                if (!a.equals("list")) return null;
                listed = true;
            } else {
                if (fold != null) return null;
                fold = a;
            }
        }
        if (!listed || !cached) return null;
        return new CachedList(line.config(), line.account(), fold == null ? "INBOX" : dev.postern.model.Folder.canonical(fold), lim,
                json, threads);
    }

    /** {@code 0} or up to nine digits without a leading zero: what picocli reads as the same number (no sign, radix, overflow). */
    private static boolean plainNumber(String s) {
        if (s.length() > 9 || (s.length() > 1 && s.charAt(0) == '0')) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return !s.isEmpty();
    }

    /**
     * The listing kept beside the store by the last process that listed this folder and left the store unchanged
     * (app reads it: the store's {@code ListingCache}, which this layer does not reach).
     */
    @FunctionalInterface
    public interface Kept {
        /** The kept rows of {@code folder} of {@code account} in {@code dataDir}, at most {@code limit} (all when null), or null. */
        java.util.List<dev.postern.command.ListCommand.Row> rows(Path dataDir, String account, String folder, Integer limit);
    }

    /**
     * Runs it on {@code root} (app/Main's, made as for picocli) as picocli's {@code list} would and returns the exit
     * code; the listing {@code kept} has (null: none), when it has one for this line (a flat listing of one account's
     * folder), is printed without opening the store: the same rows the store would give, as the store's rule for
     * keeping them ensures, printed by the same code.
     */
    public int run(PosternCommand root, PrintWriter out, PrintWriter err, Kept kept) {
        root.config = config;
        root.account = account;
        if (kept != null && !threads && !folder.equalsIgnoreCase(dev.postern.controller.MailController.ALL_INBOXES)) {
            Integer code = fromKept(root, out, err, kept);
            if (code != null) return code;
        }
        return ListCommand.list(root, out, err, folder, limit, json, true, threads);
    }

    private Integer fromKept(PosternCommand root, PrintWriter out, PrintWriter err, Kept kept) {
        String acct;
        Path dataDir;
        try {
            acct = root.account();
            dataDir = root.config().dataDir();
        } catch (RuntimeException e) {
            return null; // the store's path says what is wrong with the config, as it always did
        }
        dev.postern.model.StartupTrace.mark("list: config read");
        java.util.List<dev.postern.command.ListCommand.Row> rows = kept.rows(dataDir, acct, folder, limit);
        if (rows == null) return null;
        dev.postern.model.StartupTrace.mark("list: kept rows read");
        dev.postern.command.ListCommand.Listed l = new dev.postern.command.ListCommand.Listed(
                new dev.postern.command.ListCommand.Args(acct, folder, limit, true, false), acct, folder, false, rows, null, null);
        return ListCommand.print(l, out, err, json, false, root.outColumns(), java.util.List.of());
    }
}
