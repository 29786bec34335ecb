package dev.postern.cli;

import dev.postern.render.Sizes;
import dev.postern.config.AccountConfig;
import dev.postern.command.Commands;
import dev.postern.controller.FetchProgress;
import dev.postern.controller.FetchSummary;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.StoreInUseException;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "fetch", description = {"Download new mail from every POP3 account and every IMAP account's INBOX.",
        "POP3 accounts keep or delete what was downloaded under their own policy.",
        "Accounts can be chosen with -a NAME[,NAME...] or as arguments. Prints one summary line per account.",
        "Exit 0 when every account succeeded, 75 when one failed temporarily (the others still fetched), "
        + "78 on a configuration problem, and the failure's own code when every account failed."})
/** {@code postern fetch ...}: the argv adapter over {@link Commands#FETCH} (a progress bar, then each account's lines). */
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
        // The options' own contradiction (64) is said before the config is read, as it always was.
        new dev.postern.command.FetchCommand.Args(List.of(), headersOnly, bodies, quiet);
        dev.postern.command.FetchCommand.Args args = new dev.postern.command.FetchCommand.Args(accounts(), headersOnly, bodies, quiet);
        dev.postern.controller.MailController c;
        try {
            c = controllerOrBusy(root, "fetch");
        } catch (PosternException busy) {
            // A script reading --json gets its object per account here too (ok false, the exit code), not nothing.
            if (json) unreported(args.accounts(), busy);
            throw busy;
        }
        ProgressBar bar = !quiet && root.errIsTerminal() ? new ProgressBar(root.err()) : null;
        dev.postern.command.FetchCommand.Fetched done;
        try {
            done = Futures.await(Commands.FETCH.run(c, args, new dev.postern.command.FetchCommand.Listener() {
                @Override
                public void progress(FetchProgress p) {
                    if (bar != null) bar.onProgress(p);
                }

                @Override
                public void fetched(dev.postern.command.FetchCommand.AccountFetched a) {
                    if (bar != null) bar.clear();
                    report(a);
                }
            }));
        } catch (PosternException stopped) {
            // Stopped (a served fetch's client's signal, a daemon stop: hunt 37-J, J10): the accounts not reported yet, as
            // alone at SIGTERM, each its object with ok false and the sentence said on stderr.
            if (json && Thread.currentThread().isInterrupted()) unreported(args.accounts(), stopped);
            throw stopped;
        }
        OutboxFlush.print(done.flushed(), root.err());
        return done.exitCode().code();
    }

    /**
     * The controller, made now (it opens the store); a store another postern holds is said as what this
     * {@code command} did not do (75), for fetch and sync, whose user is often cron.
     */
    static dev.postern.controller.MailController controllerOrBusy(PosternCommand root, String command) {
        try {
            return root.controller();
        } catch (StoreInUseException e) {
            String who = e.holder() != null ? e.holder() : "a fetch, a sync or the reader";
            // The reader, the shell and a daemon do not finish: they serve other commands once up, and one that started
            // in the same moment (the store still free when this one looked) is served when run again (hunt 34-A, A8).
            boolean owner = StoreInUseException.servesOthers(e.holder());
            throw new PosternException(ExitCode.TEMPFAIL, "another postern (" + who + ") is using the data "
                    + "directory " + root.config().dataDir() + ", so this " + command + " did nothing; " + (owner
                    ? "it had only just started: run the " + command + " again and it runs it for you." : "try again when it has finished."), e);
        }
    }

    /** The accounts it fetches (also what a served fetch waits for: {@link ServedClaim}). */
    List<String> accounts() {
        Set<String> wanted = new LinkedHashSet<>(named);
        if (root.account != null) for (String a : root.account.split(",")) if (!a.isBlank()) wanted.add(a.strip());
        if (wanted.isEmpty()) {
            for (AccountConfig a : root.config().accounts()) wanted.add(a.name());
        }
        for (String a : wanted) root.account(a);
        return List.copyOf(wanted);
    }

    /** The accounts whose object --json printed. */
    private final Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Each of {@code accounts} not reported yet: its --json object, ok false, {@code e}'s sentence and exit code. */
    private void unreported(List<String> accounts, PosternException e) {
        for (String a : accounts) {
            if (!reported.add(a)) continue;
            String protocol = root.config().account(a).map(x -> x.protocol().name().toLowerCase(java.util.Locale.ROOT)).orElse("imap");
            root.out().println(Json.write(jsonOf(new FetchSummary(a, protocol, 0, 0, 0, 0, 0, 0, e))));
        }
        root.out().flush();
    }

    /** One account's lines, as each account ends: its retention warnings, its failure, its summary. */
    private void report(dev.postern.command.FetchCommand.AccountFetched a) {
        FetchSummary s = a.summary();
        reported.add(s.account());
        PrintWriter out = root.out();
        RetentionRun.warn(a.retentionWarnings(), root.err());
        if (a.retentionFailed() != null) {
            root.err().println("postern: automatic retention after fetching " + Sanitizer.oneLine(s.account()) + " failed: "
                    + Sanitizer.oneLine(a.retentionFailed().getMessage()));
        }
        List<dev.postern.controller.RetentionReport.Done> retained = a.retained();
        if (!s.ok()) {
            root.err().println("postern: " + Sanitizer.diagnostic(s.failure().getMessage()));
            root.err().flush();
        }
        if (json) {
            Map<String, Object> o = jsonOf(s);
            if (!retained.isEmpty()) o.put("retention", RetentionRun.json(retained));
            out.println(Json.write(o));
        } else if (!quiet && s.ok()) {
            Rows.of(root, false).println(a.line());
            RetentionRun.summarise(retained, out);
        } else if (!quiet) {
            out.println(a.line());
        }
        out.flush();
        // Failures, so on stderr whatever --quiet says (--json carries them in its object): a message that could not
        // be fetched, and deletions the server refused, were dropped under --quiet, a cron run's only mode.
        if (!json) {
            for (String e : s.messageErrors()) root.err().println("postern: " + Sanitizer.diagnostic(e)); // each names its account
            if (s.deleteRefused() > 0) root.err().println("postern: " + Sanitizer.diagnostic(s.account() + ": the server refused to"
                    + " delete " + s.deleteRefused() + " message(s) that the deletion policy removes; they stay on the server"
                    + " (and in the store), and the next fetch asks again."));
            root.err().flush();
        }
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
        o.put("delete_refused", s.deleteRefused());
        o.put("bytes", s.bytes());
        o.put("error", s.ok() ? null : s.failure().getMessage());
        o.put("message_errors", s.messageErrors());
        o.put("exit", s.ok() ? 0 : s.failure().exitCode().code());
        return o;
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
