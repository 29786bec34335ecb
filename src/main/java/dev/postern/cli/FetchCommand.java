package dev.postern.cli;

import dev.postern.render.Sizes;
import dev.postern.app.AppContext;
import dev.postern.config.AccountConfig;
import dev.postern.controller.MailController;
import dev.postern.controller.FetchProgress;
import dev.postern.controller.FetchOptions;
import dev.postern.controller.FetchSummary;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "fetch", description = {"Download new mail from every POP3 account and every IMAP account's INBOX.",
        "POP3 accounts keep or delete what was downloaded under their own policy.",
        "Accounts can be chosen with -a NAME[,NAME...] or as arguments. Prints one summary line per account.",
        "Exit 0 when every account succeeded, 75 when one failed temporarily (the others still fetched), "
        + "78 on a configuration problem, and the failure's own code when every account failed."})
final class FetchCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(arity = "0..*", paramLabel = "ACCOUNT", description = "Accounts to fetch (default: all).")
    List<String> named = new ArrayList<>();

    @Option(names = "--headers-only", description = "Fetch new messages header-only (bodies when opened).")
    boolean headersOnly;

    @Option(names = "--bodies", description = "Also fetch the bodies of messages fetched header-only before.")
    boolean bodies;

    @Option(names = "--json", description = "One JSON summary object per account.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary text; failures still go to stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        if (headersOnly && bodies) {
            throw new PosternException(ExitCode.USAGE, "--headers-only and --bodies contradict each other; use one.");
        }
        AppContext ctx = root.context();
        List<String> accounts = accounts(ctx);
        try {
            ctx.store();
        } catch (StoreLockedException e) {
            throw new PosternException(ExitCode.TEMPFAIL, "another postern (a fetch or the reader) is using the data "
                    + "directory " + ctx.config().dataDir() + ", so this fetch did nothing; try again when it has finished.", e);
        }
        MailController c = ctx.controller();
        FetchOptions options = new FetchOptions(headersOnly, bodies);
        ProgressBar bar = !quiet && Terminals.isTerminal(2) ? new ProgressBar(root.err()) : null;
        List<FetchSummary> results = new ArrayList<>();
        ExitCode retentionFailure = ExitCode.OK;
        // One account at a time: the store has one transaction, and a failing account rolls back.
        for (String a : accounts) {
            FetchSummary s = Futures.await(c.fetch(a, options, bar == null ? p -> { } : bar::onProgress));
            if (bar != null) bar.clear();
            results.add(s);
            List<dev.postern.controller.RetentionReport.Done> retained = List.of();
            if (s.ok()) {
                try {
                    retained = RetentionRun.auto(ctx, List.of(a), root.err());
                } catch (PosternException e) {
                    root.err().println("postern: automatic retention after fetching " + Sanitizer.oneLine(a) + " failed: "
                            + Sanitizer.oneLine(e.getMessage()));
                    retentionFailure = e.exitCode();
                }
            }
            report(s, retained);
        }
        OutboxFlush.quietly(ctx, accounts, root.err());
        ExitCode code = exitCode(results);
        return (code == ExitCode.OK ? retentionFailure : code).code();
    }

    private List<String> accounts(AppContext ctx) {
        Set<String> wanted = new LinkedHashSet<>(named);
        if (root.account != null) for (String a : root.account.split(",")) if (!a.isBlank()) wanted.add(a.strip());
        if (wanted.isEmpty()) {
            for (AccountConfig a : ctx.config().accounts()) wanted.add(a.name());
        }
        for (String a : wanted) ctx.account(a);
        return List.copyOf(wanted);
    }

    private void report(FetchSummary s, List<dev.postern.controller.RetentionReport.Done> retained) {
        PrintWriter out = root.out();
        if (!s.ok()) {
            root.err().println("postern: " + Sanitizer.oneLine(s.failure().getMessage()));
            root.err().flush();
        }
        if (json) {
            Map<String, Object> o = jsonOf(s);
            if (!retained.isEmpty()) o.put("retention", RetentionRun.json(retained));
            out.println(Json.write(o));
        } else if (!quiet && s.ok()) {
            StringBuilder line = new StringBuilder(s.account()).append(": ").append(s.fetched()).append(" new");
            if (s.partial() > 0) line.append(" (").append(s.partial()).append(" header-only)");
            if (s.bodies() > 0) line.append(", ").append(s.bodies()).append(" bodies");
            line.append(", ").append(s.skipped()).append(" skipped, ").append(s.deleted()).append(" deleted, ")
                    .append(Sizes.human(s.bytes()));
            if (!s.messageErrors().isEmpty()) line.append(", ").append(s.messageErrors().size()).append(" could not be stored");
            Rows.of(root, false).println(Sanitizer.oneLine(line.toString()));
            for (String e : s.messageErrors()) root.err().println("postern: " + Sanitizer.oneLine(e)); // each names its account
            RetentionRun.summarise(retained, out);
        } else if (!quiet) {
            out.println(Sanitizer.oneLine(s.account()) + ": failed");
        }
        out.flush();
    }

    static Map<String, Object> jsonOf(FetchSummary s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("account", s.account());
        o.put("protocol", s.protocol());
        o.put("ok", s.ok());
        o.put("new", s.fetched());
        o.put("header_only", s.partial());
        o.put("bodies", s.bodies());
        o.put("skipped", s.skipped());
        o.put("deleted", s.deleted());
        o.put("bytes", s.bytes());
        o.put("error", s.ok() ? null : s.failure().getMessage());
        o.put("message_errors", s.messageErrors());
        o.put("exit", s.ok() ? 0 : s.failure().exitCode().code());
        return o;
    }

    /** 0 all ok; 78 if any account's config is wrong; the failure's code if all failed; else 75. */
    static ExitCode exitCode(List<FetchSummary> results) {
        List<FetchSummary> failed = results.stream().filter(s -> !s.ok()).toList();
        if (failed.isEmpty()) return ExitCode.OK;
        if (failed.stream().anyMatch(s -> s.failure().exitCode() == ExitCode.CONFIG)) return ExitCode.CONFIG;
        if (failed.size() == results.size()) return failed.get(0).failure().exitCode();
        return ExitCode.TEMPFAIL;
    }

    /** "\r[#####     ] home  120/3000  4.1 MB/98 MB" on stderr, redrawn at most ten times a second. */
    static final class ProgressBar {
        private static final int WIDTH = 24;
        private final PrintWriter err;
        private long lastDraw;
        private boolean drawn;

        ProgressBar(PrintWriter err) {
            this.err = err;
        }

        synchronized void onProgress(FetchProgress p) {
            long now = System.nanoTime();
            if (drawn && now - lastDraw < 100_000_000L && p.done() < p.total()) return;
            lastDraw = now;
            long got = p.bytes();
            long of = p.totalBytes();
            int filled = p.total() == 0 ? WIDTH : (int) (WIDTH * p.done() / Math.max(1, p.total()));
            err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + Sanitizer.oneLine(p.account()) + "  " + p.done() + "/" + p.total() + "  "
                    + Sizes.human(got) + "/" + Sizes.human(of) + "\u001b[K");
            err.flush();
            drawn = true;
        }

        synchronized void clear() {
            if (drawn) {
                err.print("\r\u001b[K");
                err.flush();
                drawn = false;
            }
        }
    }
}
