package dev.postern.cli;

import dev.postern.render.Sizes;
import dev.postern.index.MailIndex;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.store.BlobDamage;
import dev.postern.store.MailStore;
import dev.postern.store.MapDbStore;
import dev.postern.store.StoreStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern store stats|verify|compact}: the offline store's size, health and housekeeping. */
@Command(name = "store", description = "Inspect and maintain the offline store.",
        subcommands = {StoreCommand.Stats.class, StoreCommand.Verify.class, StoreCommand.Compact.class, StoreCommand.Reindex.class})
final class StoreCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Override
    public Integer call() {
        throw new PosternException(ExitCode.USAGE, "say what to do: `postern store stats`, `postern store verify`,"
                + " `postern store compact` or `postern store reindex`.");
    }

    MapDbStore store() {
        MailStore s = root.context().store();
        if (s instanceof MapDbStore m) return m;
        throw new PosternException(ExitCode.SOFTWARE, "this store does not support maintenance commands.");
    }

    @Command(name = "stats", description = {"Messages, distinct bodies, raw and stored bytes, dedup and compression ratios."})
    static final class Stats implements Callable<Integer> {
        @ParentCommand StoreCommand parent;

        @Option(names = "--json", description = "One JSON object.")
        boolean json;

        @Override
        public Integer call() {
            StoreStats s = parent.store().stats();
            var out = parent.root.out();
            if (json) {
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
                out.println(Json.write(o));
            } else {
                out.printf("messages          %d (%d with body)%n", s.messages(), s.withBody());
                out.printf("distinct bodies   %d%n", s.blobs());
                out.printf("bodies, raw       %s (%d bytes; %s before dedup)%n", Sizes.human(s.rawBytes()), s.rawBytes(),
                        Sizes.human(s.logicalBytes()));
                out.printf("bodies, stored    %s (%d bytes)%n", Sizes.human(s.storedBytes()), s.storedBytes());
                out.printf("store file        %s%n", s.fileBytes() < 0 ? "?" : Sizes.human(s.fileBytes()));
                out.printf(Locale.ROOT, "dedup ratio       %.2f%n", s.dedupRatio());
                out.printf(Locale.ROOT, "compression ratio %.2f%n", s.compressionRatio());
            }
            out.flush();
            return 0;
        }

        private static double round(double d) {
            return Math.round(d * 1000) / 1000.0;
        }
    }

    @Command(name = "verify", description = {"Check every stored body, envelope, reference count and the search index.",
            "Re-hashes bodies, decodes envelopes and checks reference counts; lists damaged bodies and records and the messages concerned; checks that the search index holds every message as the store does. Exit 65 when anything is damaged. Changes nothing."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand StoreCommand parent;

        @Option(names = "--json", description = "One JSON object per problem.")
        boolean json;

        @Override
        public Integer call() {
            MapDbStore store = parent.store();
            List<BlobDamage> damage = store.verify();
            var out = parent.root.out();
            for (BlobDamage d : damage) {
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("hash", d.hash());
                    o.put("problem", d.problem());
                    o.put("messages", d.messages().stream().map(StoreCommand::refJson).toList());
                    out.println(Json.write(o));
                } else {
                    out.println((d.hash() == null ? "damaged record" : "damaged body " + d.hash()) + ": " + Sanitizer.oneLine(d.problem()));
                    for (MessageRef r : d.messages()) {
                        out.println("  " + Sanitizer.oneLine(r.account()) + " " + Sanitizer.oneLine(r.folder()) + " uid " + r.uid()
                                + " (uidvalidity " + r.uidValidity() + ")");
                    }
                }
            }
            int blobs = store.blobCount();
            if (!json) {
                out.println(damage.isEmpty() ? "all " + blobs + " bodies and every envelope intact"
                        : damage.size() + " problem" + (damage.size() == 1 ? "" : "s") + " in " + blobs
                        + " bodies; open the messages listed above again to re-download them, resynchronise their folders,"
                        + " or restore the store from a backup");
            }
            boolean indexDamaged = store.index().filter(i -> i instanceof MailIndex).map(i -> verifyIndex((MailIndex) i, json, out))
                    .orElse(false);
            out.flush();
            return damage.isEmpty() && !indexDamaged ? 0 : ExitCode.DATAERR.code();
        }

        /** Prints the index's check; true when it is damaged (it claims to be current but disagrees, or does not open). */
        private static boolean verifyIndex(MailIndex index, boolean json, java.io.PrintWriter out) {
            MailIndex.Verification v = index.verify();
            boolean damaged = !v.opens() || (v.current() && !v.agrees());
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("search_index", v.agrees() ? "agrees" : damaged ? "damaged" : "behind");
                o.put("messages", v.messages());
                o.put("indexed", v.indexed());
                o.put("missing", v.missing());
                o.put("stale", v.stale());
                o.put("extra", v.extra());
                if (v.problem() != null) o.put("problem", v.problem());
                out.println(Json.write(o));
            } else if (!v.opens()) {
                out.println("the search index does not open (" + Sanitizer.oneLine(v.problem()) + "); searches scan the store until it is"
                        + " rebuilt, by itself the next time postern writes or searches, or now with `postern store reindex`");
            } else if (v.agrees()) {
                out.println("search index agrees with the store: " + v.indexed() + " messages");
            } else {
                out.println("search index " + (damaged ? "disagrees with" : "is behind") + " the store: " + v.messages() + " messages, "
                        + v.indexed() + " indexed, " + v.missing() + " missing, " + v.stale() + " out of date, " + v.extra()
                        + " no longer in the store; " + (damaged ? "`postern store reindex` rebuilds it"
                        : "it catches up by itself the next time postern writes or searches, or now with `postern store reindex`")
                        + " (searches scan the store meanwhile)");
            }
            return damaged;
        }
    }

    @Command(name = "compact", description = {"Rewrite the store without the space deleted messages left behind.",
            "Needs free disk space for a second copy; the old file is replaced only once the new one is complete."})
    static final class Compact implements Callable<Integer> {
        @ParentCommand StoreCommand parent;

        @Override
        public Integer call() {
            var ctx = parent.root.context();
            long[] sizes = MapDbStore.compact(ctx.config().dataDir());
            var out = parent.root.out();
            out.println("store compacted: " + Sizes.human(sizes[0]) + " -> " + Sizes.human(sizes[1]));
            out.flush();
            return 0;
        }
    }

    @Command(name = "reindex", description = {"Rebuild the local search index from the store.",
            "The index is kept up to date by itself; this is for one that `postern store verify` reports damaged."})
    static final class Reindex implements Callable<Integer> {
        @ParentCommand StoreCommand parent;

        @Override
        public Integer call() {
            MapDbStore store = parent.store();
            MailIndex index = store.index().filter(i -> i instanceof MailIndex).map(i -> (MailIndex) i)
                    .orElseThrow(() -> new PosternException(ExitCode.SOFTWARE, "this store has no search index."));
            long start = System.nanoTime();
            int n = index.rebuild();
            var out = parent.root.out();
            out.printf(Locale.ROOT, "search index rebuilt: %d messages in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
            out.flush();
            return 0;
        }
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
