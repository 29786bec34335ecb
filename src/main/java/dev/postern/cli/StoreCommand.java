package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.command.StoreCommand.Action;
import dev.postern.command.StoreCommand.Done;
import dev.postern.controller.StoreUpkeep;
import dev.postern.index.MailIndex;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern store stats|verify|compact|reindex|adopt}: the argv adapters over {@link Commands#STORE}. */
@Command(name = "store", description = "Inspect and maintain the offline store.",
        subcommands = {StoreCommand.Stats.class, StoreCommand.Verify.class, StoreCommand.Compact.class, StoreCommand.Reindex.class,
                StoreCommand.Adopt.class})
final class StoreCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Override
    public Integer call() {
        throw new PosternException(ExitCode.USAGE, "say what to do: `postern store stats`, `postern store verify`,"
                + " `postern store compact`, `postern store reindex` or `postern store adopt -a ACCOUNT`.");
    }

    /** Runs the typed {@code store} command with {@code action}. */
    Done run(Action action) {
        // The store is the whole data directory's, but a -a naming no account is a slip all the same (64), as for every
        // other command (it passed with exit 0: hunt37-J J18).
        String account = root.account();
        return Futures.await(Commands.STORE.run(root.controller(), new dev.postern.command.StoreCommand.Args(action,
                action == Action.ADOPT && root.account != null ? account : null)));
    }

    /** Prints the result's lines, as these commands always printed them. */
    int print(Done done) {
        PrintWriter out = root.out();
        for (String line : done.lines()) out.println(line);
        out.flush();
        return 0;
    }

    @Command(name = "stats", description = {"Messages, distinct bodies, raw and stored bytes, dedup and compression ratios.",
            "Names each account the store holds mail, outbox messages or queued changes of that the config no longer names."})
    static final class Stats implements Callable<Integer> {
        @ParentCommand StoreCommand parent;

        @Option(names = "--json", description = "One JSON object.")
        boolean json;

        @Override
        public Integer call() {
            dev.postern.command.StoreCommand.Stats done = (dev.postern.command.StoreCommand.Stats) parent.run(Action.STATS);
            // What the store holds of an account the config no longer names is said, with the way back (hunt 38-M, M5).
            for (dev.postern.controller.StoredOnly o : done.strays()) {
                parent.root.err().println("postern: " + dev.postern.render.Sanitizer.diagnostic(o.sentence()) + ".");
            }
            parent.root.err().flush();
            if (!json) return parent.print(done);
            StoreUpkeep.Figures s = done.figures();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("messages", s.messages());
            o.put("messages_with_body", s.withBody());
            o.put("blobs", s.blobs());
            o.put("logical_bytes", s.logicalBytes());
            o.put("raw_bytes", s.rawBytes());
            o.put("stored_bytes", s.storedBytes());
            o.put("file_bytes", s.fileBytes());
            o.put("dedup_ratio", round(s.dedupRatio()));
            o.put("compression_ratio", round(s.compressionRatio()));
            o.put("not_in_config", done.strays().stream().map(a -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("account", a.account());
                one.put("messages", a.messages());
                one.put("outbox", a.outbox());
                one.put("queued", a.queued());
                return one;
            }).toList());
            parent.root.out().println(Json.write(o));
            parent.root.out().flush();
            return 0;
        }

        private static double round(double d) {
            return Math.round(d * 1000) / 1000.0;
        }
    }

    @Command(name = "verify", description = {"Check every stored body, envelope, reference count and the search index.",
            "Re-hashes bodies, decodes envelopes and checks reference counts; lists damaged bodies and records and the messages concerned; checks that the search index holds every message as the store does. Exit 65 when anything is damaged (an index only behind, or made by an older postern after an upgrade, is not: it mends itself). Records damaged bodies, which the next sync fetches again; changes nothing else."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand StoreCommand parent;

        @Option(names = "--json", description = "One JSON object per problem.")
        boolean json;

        @Override
        public Integer call() {
            dev.postern.command.StoreCommand.Verified done = (dev.postern.command.StoreCommand.Verified) parent.run(Action.VERIFY);
            if (json) {
                PrintWriter out = parent.root.out();
                for (StoreUpkeep.Damage d : done.check().damage()) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("hash", d.hash());
                    o.put("problem", d.problem());
                    o.put("messages", d.messages().stream().map(StoreCommand::refJson).toList());
                    o.put("mended_by_fetching", d.mendedByFetching()); // `postern sync` (or opening one) fetches it again
                    o.put("local_only", d.localOnly().stream().map(StoreCommand::refJson).toList()); // those it cannot
                    out.println(Json.write(o));
                }
                done.check().index().ifPresent(v -> out.println(Json.write(indexJson(v, done.check().indexDamaged()))));
                out.flush();
            } else {
                parent.print(done);
            }
            return done.intact() ? 0 : ExitCode.DATAERR.code();
        }

        private static Map<String, Object> indexJson(MailIndex.Verification v, boolean damaged) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("search_index", v.agrees() ? "agrees" : damaged ? "damaged" : v.otherPostern()
                    ? (v.olderPostern() ? "older_postern" : "newer_postern") : "behind");
            o.put("messages", v.messages());
            o.put("indexed", v.indexed());
            o.put("missing", v.missing());
            o.put("stale", v.stale());
            o.put("extra", v.extra());
            if (v.problem() != null) o.put("problem", v.problem());
            return o;
        }
    }

    @Command(name = "compact", description = {"Rewrite the store without the space deleted messages left behind.",
            "Needs free disk space for a second copy; the old file is replaced only once the new one is complete.",
            "Ctrl-C stops it and changes nothing: the partial copy is removed, the store left as it was (exit 130)."})
    static final class Compact implements Callable<Integer> {
        @ParentCommand StoreCommand parent;

        @Override
        public Integer call() { return parent.print(parent.run(Action.COMPACT)); }
    }

    @Command(name = "reindex", description = {"Rebuild the local search index from the store.",
            "The index is kept up to date by itself; this is for one that `postern store verify` reports damaged."})
    static final class Reindex implements Callable<Integer> {
        @ParentCommand StoreCommand parent;

        @Override
        public Integer call() { return parent.print(parent.run(Action.REINDEX)); }
    }

    @Command(name = "adopt", description = {"Take the stored mail of -a ACCOUNT as that of the mailbox its config names now.",
            "postern records which mailbox (protocol, host, user) each account's stored mail came from, and refuses (exit 78)"
            + " to work on the server of an account whose config now names another, so that one mailbox's ledger, UIDs and"
            + " queued changes are never used on another's. When it is the same mailbox under a new host or login name, this"
            + " records the new one and the account works again. When it is another mailbox, give it an account name of its own instead."})
    static final class Adopt implements Callable<Integer> {
        @ParentCommand StoreCommand parent;

        @Override
        public Integer call() { return parent.print(parent.run(Action.ADOPT)); }
    }

    static Map<String, Object> refJson(MessageRef r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("account", r.account());
        o.put("folder", r.folder());
        o.put("uidvalidity", r.uidValidity());
        o.put("uid", r.uid());
        return o;
    }
}
