package dev.postern.command;

import dev.postern.controller.FolderKnowledge;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Query;
import dev.postern.model.QueryParser;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code search QUERY... [--folder FOLDER] [--local]}: a folder's messages that match, newest first, asked of the
 * server (headers only) or of the store with {@code --local}; a server that cannot be reached is answered by the
 * store instead, and said so.
 */
public final class SearchCommand implements Command<SearchCommand.Args, SearchCommand.Found> {
    /** {@code account} null: the first; {@code text} the query as typed (see {@link QueryParser}). */
    public record Args(String account, String folder, String text, boolean local) {
        public Args {
            folder = folder == null ? "INBOX" : dev.postern.model.Folder.canonical(folder);
            if (text == null || text.isBlank()) throw Words.usage("search: say what to look for: search QUERY (e.g. from:bob since:2026-01-01).");
        }

        public Query query() { return QueryParser.parse(text); }
    }

    /**
     * What matched; {@code serverFailure}: the server could not be asked and the store answered; {@code knowledge}:
     * what the store knows of the folder when it answered alone and found nothing (null otherwise); {@code localOnly}:
     * the UIDs of the folder whose server copy retention deleted, marked as {@code list} marks them (hunt 38-Q, Q12);
     * {@code notInStore}: how many of the server's matches the store does not hold, so not listed (Q6).
     */
    public record Found(Args args, String account, List<Envelope> found, PosternException serverFailure,
            FolderKnowledge.State knowledge, String noBodies, java.util.Set<dev.postern.model.MessageRef> localOnly, int notInStore)
            implements Result {
        public Found {
            found = List.copyOf(found);
            localOnly = localOnly == null ? java.util.Set.of() : java.util.Set.copyOf(localOnly);
        }

        public Found(Args args, String account, List<Envelope> found, PosternException serverFailure,
                FolderKnowledge.State knowledge) {
            this(args, account, found, serverFailure, knowledge, null, null, 0);
        }

        /** Whether {@code e}, one of {@link #found}, is kept in the store only (retention deleted its server copy). */
        public boolean localOnly(Envelope e) {
            return localOnly.contains(e.ref());
        }

        /** The server matched messages the store does not hold: how many, why they are not listed; else null. */
        public String notInStoreNote() {
            if (notInStore == 0) return null;
            return notInStore + " message(s) the server matched in " + args.folder() + " are not in the store (removed from"
                    + " it, as by a retention rule with where = \"local\"), so they are not listed.";
        }

        /** The store answered alone, found nothing, and never had the folder synced: why, and how to sync it; else null. */
        public String neverSynced() {
            if (knowledge == null || knowledge.kind() != FolderKnowledge.Kind.NEVER_SYNCED) return null;
            return FolderKnowledge.neverSynced(account, args.folder(), knowledge) + ", so the store has nothing to search; "
                    + FolderKnowledge.howToSync(account, args.folder(), knowledge) + ".";
        }

        /** The store answered alone, found nothing, and the server does not have the folder: the sentence (66); else null. */
        public String missing() {
            if (knowledge == null || knowledge.kind() != FolderKnowledge.Kind.MISSING) return null;
            String why = FolderKnowledge.missing(account, args.folder(), knowledge);
            return why.endsWith(".") ? why : why + ".";
        }

        @Override
        public String text() {
            String why = missing() != null ? missing() : neverSynced();
            if (why != null) return Sanitizer.oneLine(why);
            String said = found.size() + " message(s) in " + args.folder() + " match " + args.text();
            return Sanitizer.oneLine(serverFailure == null ? said : said + " (the store's answer: " + serverFailure.getMessage() + ")");
        }
    }

    static final Option FOLDER = Option.of("--folder", Option.Value.FOLDER);
    static final Option LOCAL = Option.flagSwitch("--local");

    @Override public String name() { return "search"; }

    @Override public String summary() { return "Search a folder on the server (or the store with --local), newest first"; }

    @Override public List<Option> options() { return List.of(FOLDER, LOCAL); }

    @Override public List<String> operands() { return List.of("QUERY"); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "search messages"; }

    @Override
    public Args arguments(Words words, Messages targets) {
        Args a = new Args(words.accountOrDefault(), words.value(FOLDER.name()), String.join(" ", words.positionals()), words.has(LOCAL.name()));
        a.query(); // a query that does not read fails here, in one sentence
        return a;
    }

    @Override
    public CompletableFuture<Found> run(MailController c, Args a) {
        if (c.isAllInboxes(a.folder())) return allInboxes(c, a);
        String account = a.account() != null ? a.account() : c.accounts().get(0);
        Query q = a.query();
        // An account whose server cannot search (POP3: the store is its mail) is searched in the store, as --local (Q5).
        boolean storeOnly = a.local() || !c.capabilities(account).contains(dev.postern.model.Capability.SERVER_SEARCH);
        if (storeOnly) return c.search(account, a.folder(), q, true).thenApplyAsync(found -> found(c, a, account, found, null));
        // Cancelling it (Ctrl-C, a served search's client gone) cuts off the search on the server and the folder's
        // sync before it, on the account's thread: the next command of that account does not wait behind them.
        JobFuture<Found> searching = new JobFuture<>(c);
        return searching.completing(searching.follow(c.search(account, a.folder(), q, false)).handle((found, failed) -> {
            if (failed == null) {
                return CompletableFuture.supplyAsync(() -> new Found(a, account, found, null, null, null,
                        localOnly(c, account, a.folder(), found), dev.postern.controller.ServerMatches.notInStore(found)));
            }
            Throwable t = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
            // Only a server that cannot be reached now is answered by the store; a refusal is the answer.
            if (searching.isCancelled() || !(t instanceof PosternException e)
                    || (!e.temporary() && e.exitCode() != ExitCode.UNAVAILABLE)) {
                throw new CompletionException(t);
            }
            return c.search(account, a.folder(), q, true).thenApplyAsync(local -> found(c, a, account, local, e));
        }).thenCompose(f -> f));
    }

    /**
     * The store's answer; with what it knows of the folder when empty: an empty answer from a folder it never had
     * is not "no match" ({@link Found#missing()}, {@link Found#neverSynced()}). Reads the store: off the caller's thread.
     */
    private static Found found(MailController c, Args a, String account, List<Envelope> found, PosternException failure) {
        return new Found(a, account, found, failure, found.isEmpty() ? c.folderKnowledge(account, a.folder()) : null,
                noBodies(c, a, account), localOnly(c, account, a.folder(), found), 0);
    }

    /** The messages of {@code found} the store keeps alone (reads the store: off the caller's thread). */
    private static java.util.Set<dev.postern.model.MessageRef> localOnly(MailController c, String account, String folder,
            List<Envelope> found) {
        if (found.isEmpty()) return java.util.Set.of();
        java.util.Set<Long> all = c.localOnly(account, folder);
        if (all.isEmpty()) return java.util.Set.of();
        java.util.Set<dev.postern.model.MessageRef> out = new java.util.HashSet<>();
        for (Envelope e : found) if (all.contains(e.ref().uid())) out.add(e.ref());
        return out;
    }

    /**
     * {@code search --folder "All Inboxes"}: each member account's INBOX searched as its own search would be (on its
     * server, or its store with --local or when the server cannot be reached), the rows merged newest first, as
     * {@code list "All Inboxes"} shows them. It went to the first account's server as a folder named "All Inboxes"
     * and was refused, 66, the server blamed (hunt 38-M, M8).
     */
    private CompletableFuture<Found> allInboxes(MailController c, Args a) {
        List<CompletableFuture<Found>> each = new java.util.ArrayList<>();
        for (String member : c.unifiedInbox()) each.add(run(c, new Args(member, "INBOX", a.text(), a.local())));
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Envelope> rows = new java.util.ArrayList<>();
            java.util.Set<dev.postern.model.MessageRef> localOnly = new java.util.HashSet<>();
            PosternException failure = null;
            List<String> noBodies = new java.util.ArrayList<>();
            int notInStore = 0;
            for (CompletableFuture<Found> f : each) {
                Found one = f.join();
                rows.addAll(one.found());
                localOnly.addAll(one.localOnly());
                if (failure == null) failure = one.serverFailure();
                if (one.noBodies() != null) noBodies.add(one.account() + ": " + one.noBodies());
                notInStore += one.notInStore();
            }
            rows.sort(java.util.Comparator.comparing((Envelope e) -> e.date() == null ? java.time.Instant.EPOCH : e.date())
                    .reversed().thenComparing(e -> -e.ref().uid()));
            return new Found(a, MailController.UNIFIED, rows, failure, null, noBodies.isEmpty() ? null : String.join(" ", noBodies),
                    localOnly, notInStore);
        });
    }

    /**
     * When the store answered a query with a body term ({@code body:}, {@code text:}, a bare word): how many messages
     * of the folder have no body stored, which such a term cannot match, and how to get them (hunt33-Z Z17); else null.
     */
    private static String noBodies(MailController c, Args a, String account) {
        if (!a.query().readsBodies()) return null;
        int[] n = c.bodiesMissing(account, a.folder());
        if (n[0] == 0) return null;
        return noBodies(n, account, a.folder(), c.isAllInboxes(a.folder()), c.capabilities(account).contains(dev.postern.model.Capability.MAILDROP));
    }

    /** The note for {n[0] of n[1]} messages of {@code folder} without a body ({@code maildrop}: the account is one). */
    public static String noBodies(int[] n, String account, String folder, boolean allInboxes, boolean maildrop) {
        String how = allInboxes ? "`postern sync`" : maildrop
                ? "`postern fetch -a " + dev.postern.model.Names.shell(account) + " --bodies`" : "`postern sync -a " + dev.postern.model.Names.shell(account) + "`";
        return Sanitizer.oneLine(n[0] + " of " + n[1] + " message(s) in " + folder + " have no body stored, so the"
                + " query's body terms (body:, text:, bare words) could not match them; " + how + " stores them.");
    }
}
