package dev.postern.cli;

import dev.postern.controller.SyncNotes;

import dev.postern.app.AppContext;
import dev.postern.config.AccountConfig;
import dev.postern.controller.MailController;
import dev.postern.controller.SyncFolders;
import dev.postern.controller.SyncOutcome;
import dev.postern.controller.SyncReport;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.render.Sanitizer;
import dev.postern.store.StoreLockedException;
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
        "own code when every account failed."})
final class SyncCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = {"-f", "--folder"}, paramLabel = "FOLDER",
            description = "Only this folder (of the first account, or of each account named with -a), chosen or not.")
    String folder;

    @Option(names = "--headers-only", description = "Envelopes and flags only; no bodies.")
    boolean headersOnly;

    @Option(names = "--json", description = {"One JSON object per folder (account, folder, total, bodies_fetched, "
            + "bodies_left), then one per account: account, ok, left_out ([{folder, reason}]), error, exit."})
    boolean json;

    @Override
    public Integer call() {
        dev.postern.model.StartupTrace.mark("sync parsed");
        AppContext ctx = root.context();
        // -a names the accounts; --folder without -a means the first account's folder: either way, asked for by name.
        boolean named = root.account != null || folder != null;
        List<String> accounts = accounts(ctx);
        dev.postern.model.StartupTrace.mark("config");
        try {
            ctx.store();
        } catch (StoreLockedException e) {
            throw new PosternException(ExitCode.TEMPFAIL, "another postern (a fetch or the reader) is using the data "
                    + "directory " + ctx.config().dataDir() + ", so this sync did nothing; try again when it has finished.", e);
        }
        dev.postern.model.StartupTrace.mark("store");
        MailController c = ctx.controller();
        dev.postern.model.StartupTrace.mark("controller");
        SyncNotes notes = SyncNotes.in(ctx.config().dataDir());
        PrintWriter out = root.out();
        List<String> ok = new ArrayList<>();
        List<PosternException> failures = new ArrayList<>();
        int tried = 0;
        for (String account : accounts) {
            AccountConfig a = ctx.config().account(account).orElseThrow();
            if (a.protocol() != Protocol.IMAP) {
                String why = Sanitizer.oneLine(account) + " is a " + a.protocol() + " account, which sync leaves to "
                        + "`postern fetch` (it downloads under the account's keep/delete policy; sync never changes the server)";
                if (named) throw new PosternException(ExitCode.USAGE, why + "; run postern fetch -a " + Sanitizer.oneLine(account) + ".");
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("account", account);
                    o.put("ok", true);
                    o.put("skipped", why);
                    out.println(Json.write(o));
                    out.flush();
                } else if (notes.record(account, List.of(new SyncFolders.LeftOut("", why)))) {
                    root.err().println("postern: " + why + ".");
                    root.err().flush();
                }
                continue;
            }
            tried++;
            SyncOutcome outcome;
            try {
                outcome = Futures.await(c.syncAccount(account, folder, headersOnly));
            } catch (PosternException e) {
                failures.add(e);
                out.flush();
                root.err().println("postern: " + Sanitizer.oneLine(e.getMessage()));
                root.err().flush();
                if (json) out.println(Json.write(accountJson(account, null, e)));
                out.flush();
                continue;
            }
            ok.add(account);
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
                    out.println(Json.write(o));
                } else {
                    rows.println(String.format("%s  %-30s %7d messages, %d bodies fetched%s", Sanitizer.oneLine(account),
                            Sanitizer.oneLine(r.folder()), r.total(), r.bodiesFetched(),
                            r.bodiesLeft() == 0 ? "" : ", " + r.bodiesLeft() + " large ones left on the server"));
                    for (String e : r.messageErrors()) root.err().println("postern: " + Sanitizer.oneLine(account + ": " + e));
                }
            }
            if (json) out.println(Json.write(accountJson(account, outcome.leftOut(), null)));
            out.flush();
            // --folder syncs one folder by hand: it says nothing about what the account's own choice leaves out.
            if (folder == null && notes.record(account, outcome.leftOut()) && !outcome.leftOut().isEmpty()) {
                root.err().println("postern: " + leftOutText(account, outcome.leftOut()));
                root.err().flush();
            }
        }
        notes.save();
        dev.postern.model.StartupTrace.mark("synced");
        // Rules marked auto = true run on the freshly synced store; a failure there is reported after the sync's own lines.
        ExitCode retentionFailure = ExitCode.OK;
        List<dev.postern.controller.RetentionReport.Done> retained = List.of();
        if (!ok.isEmpty()) {
            try {
                retained = RetentionRun.auto(ctx, ok, root.err());
            } catch (PosternException e) {
                out.flush();
                root.err().println("postern: automatic retention after syncing " + Sanitizer.oneLine(String.join(", ", ok))
                        + " failed: " + Sanitizer.oneLine(e.getMessage()));
                root.err().flush();
                retentionFailure = e.exitCode();
            }
        }
        if (json) {
            if (!RetentionRun.json(retained).isEmpty()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("accounts", ok);
                o.put("retention", RetentionRun.json(retained));
                out.println(Json.write(o));
            }
        } else {
            RetentionRun.summarise(retained, out);
        }
        out.flush();
        dev.postern.model.StartupTrace.mark("retention");
        if (!ok.isEmpty()) OutboxFlush.quietly(ctx, ok, root.err());
        dev.postern.model.StartupTrace.mark("outbox");
        ExitCode code = exitCode(failures, tried);
        return (code == ExitCode.OK ? retentionFailure : code).code();
    }

    /** -a NAME[,NAME...], else every account; with --folder and no -a, the first account (the folder is its). */
    private List<String> accounts(AppContext ctx) {
        Set<String> wanted = new LinkedHashSet<>();
        if (root.account != null) for (String a : root.account.split(",")) if (!a.isBlank()) wanted.add(a.strip());
        if (wanted.isEmpty()) {
            if (folder != null) return List.of(ctx.account(null));
            for (AccountConfig a : ctx.config().accounts()) wanted.add(a.name());
        }
        for (String a : wanted) ctx.account(a);
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

    /** 0 all ok; 78 if any account's config is wrong; the failure's code if all failed; else 75. */
    static ExitCode exitCode(List<PosternException> failed, int tried) {
        if (failed.isEmpty()) return ExitCode.OK;
        if (failed.stream().anyMatch(e -> e.exitCode() == ExitCode.CONFIG)) return ExitCode.CONFIG;
        if (failed.size() == tried) return failed.get(0).exitCode();
        return ExitCode.TEMPFAIL;
    }
}
