package dev.postern.command;

import dev.postern.controller.FetchOptions;
import dev.postern.controller.FetchProgress;
import dev.postern.controller.FetchSummary;
import dev.postern.controller.MailController;
import dev.postern.controller.RetentionReport;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.render.Sizes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code fetch [ACCOUNT...] [--headers-only | --bodies]}: new mail of every POP3 account and every IMAP account's
 * INBOX (or of those named), one account after the other; then the rules marked auto = true (a retention job
 * per account fetched) and the outbox of those accounts (a flush job). Its result says, account by account,
 * what came, what retention deleted and what the flush sent.
 */
public final class FetchCommand implements Command<FetchCommand.Args, FetchCommand.Fetched> {
    /** {@code accounts} empty: every account. {@code quiet} is for the batch door (no progress, no summary). */
    public record Args(List<String> accounts, boolean headersOnly, boolean bodies, boolean quiet) {
        public Args {
            accounts = List.copyOf(new LinkedHashSet<>(accounts));
            if (headersOnly && bodies) {
                throw new PosternException(ExitCode.USAGE, "--headers-only and --bodies contradict each other; use one.");
            }
        }
    }

    /**
     * One account's fetch: its summary, and when it succeeded, its automatic retention (null when none ran) or
     * why that failed.
     */
    public record AccountFetched(FetchSummary summary, RetentionReport retention, PosternException retentionFailure) {
        /** What the automatic retention deleted (none when it failed part way: the failure says so). */
        public List<RetentionReport.Done> retained() {
            return retention == null || retention.failure() != null ? List.of() : retention.done();
        }

        /** The automatic retention's warnings, in order. */
        public List<String> retentionWarnings() { return retention == null ? List.of() : retention.warnings(); }

        /** Why the automatic retention failed (before or part way), or null. */
        public PosternException retentionFailed() {
            return retentionFailure != null ? retentionFailure : retention == null ? null : retention.failure();
        }

        /** "home: 3 new (1 header-only), 2 bodies, 0 skipped, 0 deleted, 4.1 MB", or "home: failed" (after what it stored). */
        public String line() {
            FetchSummary s = summary;
            if (!s.ok() && s.fetched() + s.bodies() == 0) return Sanitizer.oneLine(s.account()) + ": failed";
            if (!s.ok()) {
                // What the run stored before it failed stays stored: a script is not told "nothing new".
                return Sanitizer.oneLine(s.account() + ": failed after " + s.fetched() + " new"
                        + (s.bodies() > 0 ? ", " + bodies(s.bodies()) : "") + ", " + Sizes.withUnit(s.bytes()));
            }
            StringBuilder line = new StringBuilder(s.account()).append(": ").append(s.fetched()).append(" new");
            if (s.partial() > 0) line.append(" (").append(s.partial()).append(" header-only)");
            if (s.bodies() > 0) line.append(", ").append(bodies(s.bodies()));
            line.append(", ").append(s.skipped()).append(" skipped, ").append(s.deleted()).append(" deleted, ");
            if (s.deleteRefused() > 0) line.append(s.deleteRefused()).append(" not deleted (the server refused), ");
            line.append(Sizes.withUnit(s.bytes()));
            if (!s.messageErrors().isEmpty()) line.append(", ").append(s.messageErrors().size()).append(" could not be stored");
            return Sanitizer.oneLine(line.toString());
        }

        private static String bodies(int n) {
            return n + (n == 1 ? " body" : " bodies");
        }
    }

    /** Every account fetched, in order, and the outbox flushes after. */
    public record Fetched(Args args, List<AccountFetched> accounts, List<Flushed> flushed) implements Result {
        public Fetched {
            accounts = List.copyOf(accounts);
            flushed = List.copyOf(flushed);
        }

        /** 0 all ok; else the gravest of the failed accounts' codes, 75 only when all are temporary ({@link ExitCode#gravest}); then retention's. */
        public ExitCode exitCode() {
            List<FetchSummary> failed = accounts.stream().map(AccountFetched::summary).filter(s -> !s.ok()).toList();
            if (failed.isEmpty()) {
                ExitCode retention = ExitCode.OK;
                for (AccountFetched a : accounts) if (a.retentionFailed() != null) retention = a.retentionFailed().exitCode();
                return retention;
            }
            return ExitCode.gravest(failed.stream().map(s -> s.failure().exitCode()).toList());
        }

        /** One account's line, or all of them joined; a failed account says why. */
        @Override
        public String text() {
            List<String> parts = new ArrayList<>();
            for (AccountFetched a : accounts) {
                parts.add(a.summary().ok() ? a.line() : Sanitizer.oneLine(a.summary().account() + ": failed: " + a.summary().failure().getMessage()));
            }
            return parts.isEmpty() ? "no account to fetch" : String.join("; ", parts);
        }
    }

    /** Hears of the fetch as it goes (a batch door's progress bar, its line per account as each ends). */
    public interface Listener {
        default void progress(FetchProgress p) { }

        default void fetched(AccountFetched a) { }
    }

    static final Option HEADERS_ONLY = Option.flagSwitch("--headers-only");
    static final Option BODIES = Option.flagSwitch("--bodies");
    static final Option QUIET = Option.flagSwitch("--quiet");

    @Override public String name() { return "fetch"; }

    @Override public String summary() { return "Download new mail from POP3 accounts and IMAP accounts' INBOX"; }

    @Override public List<Option> options() { return List.of(HEADERS_ONLY, BODIES, QUIET); }

    @Override public List<String> operands() { return List.of("ACCOUNT"); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "fetch"; }

    /** The accounts typed, else the one named with -a, else the reader's (in the reader) or every account. */
    @Override
    public Args arguments(Words words, Messages targets) {
        List<String> accounts = new ArrayList<>(words.positionals());
        if (accounts.isEmpty() && words.accountOrDefault() != null) accounts.add(words.accountOrDefault());
        return new Args(accounts, words.has(HEADERS_ONLY.name()), words.has(BODIES.name()), words.has(QUIET.name()));
    }

    @Override
    public CompletableFuture<Fetched> run(MailController c, Args a) { return run(c, a, new Listener() { }); }

    /** As {@link #run(MailController, Args)}, telling {@code listener} as it goes (on the controller's threads). */
    public CompletableFuture<Fetched> run(MailController c, Args a, Listener listener) {
        List<String> accounts = a.accounts().isEmpty() ? c.accounts() : a.accounts();
        FetchOptions options = new FetchOptions(a.headersOnly(), a.bodies());
        // Cancelling it (Ctrl-C, a served fetch's client gone) stops every download, retention and flush it started.
        JobFuture<Fetched> fetching = new JobFuture<>(c);
        // One account at a time: the store has one transaction, and a failing account rolls back.
        CompletableFuture<List<AccountFetched>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (String account : accounts) {
            chain = chain.thenCompose(done -> fetching.follow(c.fetch(account, options, listener::progress))
                    .thenCompose(s -> retention(c, s, fetching))
                    .thenApply(f -> {
                        listener.fetched(f);
                        done.add(f);
                        return done;
                    }));
        }
        return fetching.completing(chain.thenCompose(done -> Flushed.after(c, accounts, fetching)
                .thenApply(f -> new Fetched(a, done, f))));
    }

    /** The rules marked auto = true on the account just fetched, as a retention job; a failure is the account's. */
    static CompletableFuture<AccountFetched> retention(MailController c, FetchSummary s, JobFuture<?> following) {
        if (!s.ok()) return CompletableFuture.completedFuture(new AccountFetched(s, null, null));
        return autoRetention(c, List.of(s.account()), following).thenApply(r -> new AccountFetched(s, r.report(), r.failure()));
    }

    /** An automatic retention's report, or why it failed before it could report. */
    record Auto(RetentionReport report, PosternException failure) {}

    static CompletableFuture<Auto> autoRetention(MailController c, List<String> accounts, JobFuture<?> following) {
        try {
            return following.follow(c.retention(accounts, RetentionReport.Mode.AUTO)).result().handle((r, e) -> {
                if (e == null) return new Auto(r, null);
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof PosternException p) return new Auto(null, p);
                throw e instanceof CompletionException ce ? ce : new CompletionException(cause);
            });
        } catch (PosternException e) {
            return CompletableFuture.completedFuture(new Auto(null, e));
        }
    }
}
