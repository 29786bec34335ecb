package dev.postern.cli;

import dev.postern.ui.Cells;
import dev.postern.command.Commands;
import dev.postern.config.AccountConfig;
import dev.postern.controller.MailController;
import dev.postern.controller.SyncFolders;
import dev.postern.controller.SyncOutcome;
import dev.postern.controller.SyncReport;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sync", description = {
        "Bring the store in line with the server, for every IMAP account.",
        "Or for those named with -a NAME[,NAME...]: new messages, vanished ones, flag changes,",
        "and the bodies not cached yet (CONDSTORE deltas where offered).",
        "Folders: INBOX and the subscribed ones, or those sync_folders chooses. The",
        "folders left out are named on stderr once (again when that list changes)",
        "and always in --json. POP3 accounts are left to `postern fetch`, whose",
        "delete policy sync must not apply; naming one (-a, or --folder) exits 64.",
        "Never changes anything on the server, except through [[retention]] rules",
        "marked auto = true, which run afterwards.",
        "Exit 0 when every account synced, 75 when one failed temporarily (the",
        "others still synced), 78 on a configuration problem, and the failure's",
        "own code when every account failed. A folder the server refuses to open",
        "is named (`refused: ` and its words) and the others synced; it fails the",
        "account when its refusal is temporary by its response code (THROTTLED,",
        "UNAVAILABLE, INUSE, LIMIT, SERVERBUG: 75) or when no folder could be",
        "synced (the refusal's code: 75, or 77 for OVERQUOTA); one deleted since",
        "it was listed (NONEXISTENT) is not an error."})
/** {@code postern sync ...}: the argv adapter over {@link Commands#SYNC} (prints each account's lines as it ends). */
final class SyncCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = {"-f", "--folder"}, paramLabel = "FOLDER",
            description = "Only this folder (of the first account, or of each account named with -a), chosen or not.")
    String folder;

    @Option(names = "--headers-only", description = "Envelopes and flags only; no bodies.")
    boolean headersOnly;

    @Option(names = {"-q", "--quiet"}, description = {"No summary text (the folders' rows, retention's summary), as fetch's:"
            + " for cron; failures still go to stderr, a folder the server refused among them."})
    boolean quiet;

    @Option(names = "--json", description = {"One JSON object per folder (account, folder, total, bodies_fetched, "
            + "bodies_left), then one per account: account, ok, left_out ([{folder, reason}]), error, exit."})
    boolean json;

    @Override
    public Integer call() {
        dev.postern.model.StartupTrace.mark("sync parsed");
        // -a names the accounts; --folder without -a means the first account's folder: either way, asked for by name.
        boolean named = root.account != null || folder != null;
        List<String> accounts = accounts();
        dev.postern.model.StartupTrace.mark("config");
        MailController c;
        try {
            c = FetchCommand.controllerOrBusy(root, "sync"); // opens the store
        } catch (PosternException busy) {
            // A script reading --json gets its object per account here too (ok false, the exit code), not nothing.
            if (json) {
                for (String a : accounts) root.out().println(Json.write(accountJson(a, null, busy)));
                root.out().flush();
            }
            throw busy;
        }
        dev.postern.model.StartupTrace.mark("controller");
        PrintWriter out = root.out();
        dev.postern.command.SyncCommand.Synced done;
        try {
            done = Futures.await(Commands.SYNC.run(c, new dev.postern.command.SyncCommand.Args(accounts, folder, headersOnly, named),
                    this::print));
        } catch (PosternException stopped) {
            // Stopped (a served sync's client's signal, a daemon stop: hunt 37-J, J10): a script reading --json gets the
            // object of each account not reported yet (ok false, the sentence said on stderr), as alone at SIGTERM.
            if (json && Thread.currentThread().isInterrupted()) {
                for (String a : accounts) if (!reported.contains(a)) out.println(Json.write(accountJson(a, null, stopped)));
                out.flush();
            }
            throw stopped;
        }
        dev.postern.model.StartupTrace.mark("synced");
        // Rules marked auto = true ran on the freshly synced store; a failure there is reported after the sync's own lines.
        if (done.retention() != null) RetentionRun.warn(done.retention(), root.err());
        if (done.retentionFailed() != null) {
            out.flush();
            root.err().println("postern: automatic retention after syncing " + Sanitizer.oneLine(String.join(", ", done.synced()))
                    + " failed: " + Sanitizer.oneLine(done.retentionFailed().getMessage()));
            root.err().flush();
        }
        List<dev.postern.controller.RetentionReport.Done> retained = done.retained();
        if (json) {
            if (!RetentionRun.json(retained).isEmpty()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("accounts", done.synced());
                o.put("retention", RetentionRun.json(retained));
                out.println(Json.write(o));
            }
        } else if (!quiet) {
            RetentionRun.summarise(retained, out);
        }
        out.flush();
        dev.postern.model.StartupTrace.mark("retention");
        OutboxFlush.print(done.flushed(), root.err());
        dev.postern.model.StartupTrace.mark("outbox");
        return done.exitCode().code();
    }

    /** The accounts whose object --json printed (a stopped sync prints the others': see call). */
    private final Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** One account's lines, as it ends. */
    private void print(dev.postern.command.SyncCommand.AccountSynced s) {
        PrintWriter out = root.out();
        String account = s.account();
        reported.add(account);
        if (s.skipped() != null) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("account", account);
                o.put("ok", true);
                o.put("skipped", s.skipped());
                out.println(Json.write(o));
                out.flush();
            } else if (s.news()) {
                root.err().println("postern: " + s.skipped() + ".");
                root.err().flush();
            }
            return;
        }
        if (s.outcome() == null) {
            out.flush();
            root.err().println("postern: " + Sanitizer.diagnostic(s.failure().getMessage()));
            root.err().flush();
            if (json) out.println(Json.write(accountJson(account, null, s.failure())));
            out.flush();
            return;
        }
        SyncOutcome outcome = s.outcome();
        Rows rows = Rows.of(root, json);
        for (SyncReport r : outcome.reports()) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("account", account);
                o.put("folder", r.folder());
                o.put("total", r.total());
                o.put("bodies_fetched", r.bodiesFetched());
                o.put("bodies_left", r.bodiesLeft());
                o.put("message_errors", r.messageErrors());
                o.put("refused", r.refused() == null ? null : r.refused().words());
                out.println(Json.write(o));
            } else if (quiet) {
                // No rows (a cron sync with nothing new printed one a folder each run: hunt37-J J3); a refusal is a failure.
                if (r.refused() != null && !r.refused().gone()) {
                    root.err().println("postern: " + Sanitizer.diagnostic(account + ": " + r.folder() + " refused: " + r.refused().words()));
                }
                for (String e : r.messageErrors()) root.err().println("postern: " + Sanitizer.diagnostic(account + ": " + e));
            } else if (r.refused() != null) {
                // Not "0 messages": the folder was not looked at, which is not the same as empty.
                rows.println(String.format(java.util.Locale.ROOT, "%s  %-30s %s: %s", Sanitizer.oneLine(account), Sanitizer.oneLine(r.folder()),
                        r.refused().gone() ? "gone from the server" : "refused", Sanitizer.oneLine(r.refused().words())));
            } else {
                rows.println(String.format(java.util.Locale.ROOT, "%s  %s %7d messages, %d bodies fetched%s", Sanitizer.oneLine(account),
                        Cells.pad(Sanitizer.oneLine(r.folder()), 30), r.total(), r.bodiesFetched(),
                        r.bodiesLeft() == 0 ? "" : ", " + r.bodiesLeft() + " large ones left on the server"));
                for (String e : r.messageErrors()) root.err().println("postern: " + Sanitizer.diagnostic(account + ": " + e));
            }
        }
        if (json) out.println(Json.write(accountJson(account, outcome.leftOut(), s.failure())));
        out.flush();
        if (s.failure() != null) {
            root.err().println("postern: " + Sanitizer.diagnostic(s.failure().getMessage()));
            root.err().flush();
        }
        if (outcome.listedInPartNote() != null) {
            root.err().println("postern: " + outcome.listedInPartNote());
            root.err().flush();
        }
        if (s.news() && !outcome.leftOut().isEmpty()) {
            root.err().println("postern: " + leftOutText(account, outcome.leftOut()));
            root.err().flush();
        }
    }

    /** -a NAME[,NAME...], else every account; with --folder and no -a, the first account (the folder is its). */
    List<String> accounts() {
        Set<String> wanted = new LinkedHashSet<>();
        if (root.account != null) for (String a : root.account.split(",")) if (!a.isBlank()) wanted.add(a.strip());
        if (wanted.isEmpty()) {
            if (folder != null) return List.of(root.account(null));
            for (AccountConfig a : root.config().accounts()) wanted.add(a.name());
        }
        for (String a : wanted) root.account(a);
        return List.copyOf(wanted);
    }

    private static Map<String, Object> accountJson(String account, List<SyncFolders.LeftOut> leftOut, PosternException e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("account", account);
        o.put("ok", e == null);
        List<Object> left = new ArrayList<>();
        if (leftOut != null) {
            for (SyncFolders.LeftOut l : leftOut) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("folder", l.folder());
                f.put("reason", l.reason());
                left.add(f);
            }
        }
        o.put("left_out", left);
        o.put("error", e == null ? null : e.getMessage());
        o.put("exit", e == null ? 0 : e.exitCode().code());
        return o;
    }

    /** "work: 2 folders not synced: Spam (not subscribed), Old (…); …how to include them." One line. */
    static String leftOutText(String account, List<SyncFolders.LeftOut> leftOut) {
        StringBuilder b = new StringBuilder(Sanitizer.oneLine(account)).append(": ").append(leftOut.size())
                .append(leftOut.size() == 1 ? " folder" : " folders").append(" not synced: ");
        int shown = 0;
        for (SyncFolders.LeftOut l : leftOut) {
            if (shown == 20) {
                b.append(", and ").append(leftOut.size() - shown).append(" more (postern sync --json lists them)");
                break;
            }
            if (shown++ > 0) b.append(", ");
            b.append(Sanitizer.oneLine(l.folder())).append(" (").append(Sanitizer.oneLine(l.reason())).append(')');
        }
        b.append("; `postern sync -a ").append(Sanitizer.oneLine(account)).append(" --folder NAME` syncs one, and ")
                .append("sync_folders in [accounts.").append(Sanitizer.oneLine(account))
                .append("] chooses, e.g. sync_folders = [\"*\", \"!Spam\"] (said again only when this list changes).");
        return b.toString();
    }
}
