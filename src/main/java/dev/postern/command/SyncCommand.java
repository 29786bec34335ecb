package dev.postern.command;

import dev.postern.controller.MailController;
import dev.postern.controller.RetentionReport;
import dev.postern.controller.SyncFolders;
import dev.postern.controller.SyncOutcome;
import dev.postern.model.Capability;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code sync [--folder FOLDER] [--headers-only]}: brings the store in line with the server for every IMAP
 * account (or those named), one after the other; POP3 accounts are left to fetch (naming one is a usage error).
 * Then the rules marked auto = true over the accounts synced (a retention job) and their outbox (flush jobs).
 */
public final class SyncCommand implements Command<SyncCommand.Args, SyncCommand.Synced> {
    /**
     * {@code accounts} empty: every account (or with a folder, the first). {@code named}: the accounts (or the
     * folder) were asked for by name, so a POP3 one among them is a mistake rather than one to skip.
     */
    public record Args(List<String> accounts, String folder, boolean headersOnly, boolean named) {
        public Args {
            accounts = List.copyOf(new LinkedHashSet<>(accounts));
            folder = dev.postern.model.Folder.canonical(folder);
        }
    }

    /**
     * One account's sync: its outcome, or why it failed, or why sync leaves it alone (a POP3 account);
     * {@code news} is true when what it left out (or that it was skipped) has not been said before.
     */
    public record AccountSynced(String account, SyncOutcome outcome, PosternException failure, String skipped, boolean news) {
        public boolean ok() { return failure == null; }

        /** Synced, at least in part: an outcome to report (with a failure when the server refused its folders). */
        public boolean synced() { return skipped == null && outcome != null; }

        /** One line for the reader. */
        public String line() {
            if (skipped != null) return Sanitizer.oneLine(skipped);
            if (failure != null) return Sanitizer.oneLine(account + ": failed: " + failure.getMessage());
            int total = outcome.reports().stream().mapToInt(r -> r.total()).sum();
            int bodies = outcome.reports().stream().mapToInt(r -> r.bodiesFetched()).sum();
            return Sanitizer.oneLine(account + ": " + outcome.reports().size() + " folder(s), " + total + " messages, "
                    + bodies + " bodies fetched" + (outcome.leftOut().isEmpty() ? "" : ", " + outcome.leftOut().size() + " left out"));
        }
    }

    /** Every account, in order; the automatic retention over those synced (null when none was); the flushes after. */
    public record Synced(Args args, List<AccountSynced> accounts, RetentionReport retention, PosternException retentionFailure,
            List<Flushed> flushed) implements Result {
        public Synced {
            accounts = List.copyOf(accounts);
            flushed = List.copyOf(flushed);
        }

        /** The accounts synced, at least in part (skipped ones not counted, nor those that failed before any folder). */
        public List<String> synced() {
            return accounts.stream().filter(AccountSynced::synced).map(AccountSynced::account).toList();
        }

        /** What the automatic retention deleted (none when it failed part way). */
        public List<RetentionReport.Done> retained() {
            return retention == null || retention.failure() != null ? List.of() : retention.done();
        }

        /** Why the automatic retention failed (before or part way), or null. */
        public PosternException retentionFailed() {
            return retentionFailure != null ? retentionFailure : retention == null ? null : retention.failure();
        }

        /** 0 all ok; else the gravest of the failed accounts' codes, 75 only when all are temporary ({@link ExitCode#gravest}); then retention's. */
        public ExitCode exitCode() {
            List<PosternException> failed = accounts.stream().filter(a -> !a.ok()).map(AccountSynced::failure).toList();
            if (failed.isEmpty()) return retentionFailed() == null ? ExitCode.OK : retentionFailed().exitCode();
            return ExitCode.gravest(failed.stream().map(PosternException::exitCode).toList());
        }

        @Override
        public String text() {
            List<String> parts = accounts.stream().map(AccountSynced::line).toList();
            return parts.isEmpty() ? "no account to sync" : String.join("; ", parts);
        }
    }

    /** Hears of each account as it ends (a batch door prints its lines then). */
    @FunctionalInterface
    public interface Listener {
        void synced(AccountSynced a);
    }

    static final Option FOLDER = Option.of("--folder", Option.Value.FOLDER);
    static final Option HEADERS_ONLY = Option.flagSwitch("--headers-only");
    /** The batch door's, as fetch's: no summary rows (a cron line); the typed result is the same either way. */
    static final Option QUIET = Option.flagSwitch("--quiet");

    @Override public String name() { return "sync"; }

    @Override public String summary() { return "Bring the store in line with the server, for every IMAP account"; }

    @Override public List<Option> options() { return List.of(FOLDER, HEADERS_ONLY, QUIET); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "sync"; }

    /** The account named with -a, else the reader's (in the reader), else every account. */
    @Override
    public Args arguments(Words words, Messages targets) {
        if (!words.positionals().isEmpty()) throw Words.usage("sync takes no words; name an account with -a and a folder with --folder.");
        String account = words.accountOrDefault();
        return new Args(account == null ? List.of() : List.of(account), words.value(FOLDER.name()), words.has(HEADERS_ONLY.name()),
                words.account() != null || words.has(FOLDER.name()));
    }

    @Override
    public CompletableFuture<Synced> run(MailController c, Args a) { return run(c, a, s -> { }); }

    /** As {@link #run(MailController, Args)}, telling {@code listener} of each account as it ends. */
    public CompletableFuture<Synced> run(MailController c, Args a, Listener listener) {
        List<String> accounts = !a.accounts().isEmpty() ? a.accounts() : a.folder() != null ? List.of(c.accounts().get(0)) : c.accounts();
        for (String account : accounts) {
            if (a.named() && pop3(c, account)) {
                return CompletableFuture.failedFuture(new PosternException(ExitCode.USAGE, leftToFetch(account)
                        + "; run postern fetch -a " + Sanitizer.oneLine(dev.postern.model.Names.shell(account)) + "."));
            }
        }
        // Cancelling it (Ctrl-C, a served sync's client gone) stops every sync, retention and flush it started: the
        // folder in hand keeps what it committed, and the next sync goes on from there.
        JobFuture<Synced> syncing = new JobFuture<>(c);
        CompletableFuture<List<AccountSynced>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (String account : accounts) {
            chain = chain.thenCompose(done -> one(c, a, account, syncing).thenApply(s -> {
                listener.synced(s);
                done.add(s);
                return done;
            }));
        }
        return syncing.completing(chain.thenCompose(done -> {
            List<String> ok = done.stream().filter(AccountSynced::synced).map(AccountSynced::account).toList();
            if (ok.isEmpty()) return CompletableFuture.completedFuture(new Synced(a, done, null, null, List.of()));
            // Rules marked auto = true run on the freshly synced store, then the outbox of the accounts synced.
            return FetchCommand.autoRetention(c, ok, syncing).thenCompose(r -> Flushed.after(c, ok, syncing)
                    .thenApply(f -> new Synced(a, done, r.report(), r.failure(), f)));
        }));
    }

    private static boolean pop3(MailController c, String account) { return c.capabilities(account).contains(Capability.MAILDROP); }

    private static String leftToFetch(String account) {
        return Sanitizer.oneLine(account) + " is a POP3 account, which sync leaves to "
                + "`postern fetch` (it downloads under the account's keep/delete policy; sync never changes the server)";
    }

    private static CompletableFuture<AccountSynced> one(MailController c, Args a, String account, JobFuture<?> syncing) {
        if (pop3(c, account)) {
            String why = leftToFetch(account);
            return CompletableFuture.supplyAsync(() -> new AccountSynced(account, null, null, why,
                    c.noteLeftOut(account, List.of(new SyncFolders.LeftOut("", why)))));
        }
        CompletableFuture<SyncOutcome> sync;
        try {
            sync = syncing.follow(c.syncAccount(account, a.folder(), a.headersOnly()));
        } catch (PosternException e) {
            sync = CompletableFuture.failedFuture(e);
        }
        return sync.handle((outcome, e) -> {
            if (e == null) return outcome;
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof PosternException p) return p;
            throw e instanceof CompletionException ce ? ce : new CompletionException(cause);
        }).thenApplyAsync(r -> {
            if (r instanceof PosternException p) return new AccountSynced(account, null, p, null, false);
            SyncOutcome outcome = (SyncOutcome) r;
            // --folder syncs one folder by hand: it says nothing about what the account's own choice leaves out.
            boolean news = a.folder() == null && c.noteLeftOut(account, outcome.leftOut());
            // Folders the server refused fail the account when a refusal is temporary or none could be synced.
            return new AccountSynced(account, outcome, outcome.failure(), null, news);
        });
    }
}
