package dev.postern.command;

import dev.postern.controller.MailController;
import dev.postern.controller.StoredOnly;
import dev.postern.controller.StoreUpkeep;
import dev.postern.index.MailIndex;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import dev.postern.render.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code store stats|verify|compact|reindex|adopt}: the offline store's figures, a check of every body, envelope
 * and the search index, a compaction, a rebuilt index; and {@code adopt -a ACCOUNT}, which takes an account's stored
 * mail as of the mailbox its config names now (the same mailbox under a new host or login, where postern refused the
 * account as another mailbox: hunt38-M M1); through the controller's {@link StoreUpkeep}.
 */
public final class StoreCommand implements Command<StoreCommand.Args, StoreCommand.Done> {
    public enum Action { STATS, VERIFY, COMPACT, REINDEX, ADOPT;
        public String word() { return name().toLowerCase(Locale.ROOT); }
    }

    /** {@code account}: the account {@code adopt} acts on, named with -a (null for the others). */
    public record Args(Action action, String account) {
        public Args {
            if (action == null) throw Words.usage("say what to do: `postern store stats`, `postern store verify`,"
                    + " `postern store compact`, `postern store reindex` or `postern store adopt -a ACCOUNT`.");
            if (action == Action.ADOPT && account == null) {
                throw Words.usage("store adopt: name the account whose stored mail is of the mailbox its config now names:"
                        + " `postern store adopt -a ACCOUNT`.");
            }
        }

        public Args(Action action) { this(action, null); }
    }

    /** What a store command found or did; {@link #lines()} are what {@code postern store ...} prints. */
    public sealed interface Done extends Result permits Stats, Verified, Compacted, Reindexed, Adopted {
        List<String> lines();
    }

    /**
     * The store's figures; {@code strays}: what it holds of accounts the config no longer names (renamed or removed),
     * counted in the figures and out of sight everywhere else, so named here with the way back (hunt 38-M, M5).
     */
    public record Stats(StoreUpkeep.Figures figures, List<StoredOnly> strays) implements Done {
        public Stats {
            strays = List.copyOf(strays);
        }

        public Stats(StoreUpkeep.Figures figures) {
            this(figures, List.of());
        }

        @Override
        public List<String> lines() {
            List<String> out = new ArrayList<>(figureLines());
            for (StoredOnly o : strays) {
                out.add("not in the config " + Sanitizer.oneLine(o.account()) + ": " + o.messages() + " message" + (o.messages() == 1 ? "" : "s")
                        + ", " + o.outbox() + " in the outbox, " + o.queued() + " queued change" + (o.queued() == 1 ? "" : "s"));
            }
            return out;
        }

        private List<String> figureLines() {
            StoreUpkeep.Figures s = figures;
            return List.of(
                    String.format(java.util.Locale.ROOT, "messages          %d (%d with body)", s.messages(), s.withBody()),
                    String.format(java.util.Locale.ROOT, "distinct bodies   %d", s.blobs()),
                    String.format(java.util.Locale.ROOT, "bodies, raw       %s (%d bytes; %s before dedup)", Sizes.human(s.rawBytes()), s.rawBytes(),
                            Sizes.human(s.logicalBytes())),
                    String.format(java.util.Locale.ROOT, "bodies, stored    %s (%d bytes)", Sizes.human(s.storedBytes()), s.storedBytes()),
                    String.format(java.util.Locale.ROOT, "store file        %s", s.fileBytes() < 0 ? "?" : Sizes.human(s.fileBytes())),
                    String.format(Locale.ROOT, "dedup ratio       %.2f", s.dedupRatio()),
                    String.format(Locale.ROOT, "compression ratio %.2f", s.compressionRatio()));
        }

        @Override
        public String text() {
            StoreUpkeep.Figures s = figures;
            return String.format(Locale.ROOT, "store: %d messages (%d with body), %d distinct bodies, %s stored, file %s;"
                    + " dedup %.2f, compression %.2f", s.messages(), s.withBody(), s.blobs(), Sizes.human(s.storedBytes()),
                    s.fileBytes() < 0 ? "?" : Sizes.human(s.fileBytes()), s.dedupRatio(), s.compressionRatio())
                    + String.join("", strays.stream().map(o -> "; " + o.sentence()).toList());
        }
    }

    public record Verified(StoreUpkeep.Check check) implements Done {
        /** What mends damage that fetching bodies again does not: a backup, or a new store and what it costs. */
        static final String OTHER_DAMAGE = "fetching does not mend the rest: restore the store from a backup, or move store.db"
                + " aside and run `postern sync` (a POP3 account: `postern fetch`) to fill a new one from the server, which loses"
                + " the outbox, changes queued while offline, and mail kept only here or already deleted from a POP3 server"
                + " (`postern export` saves first what still reads, counting a body that does not as not cached)";

        /** Nothing damaged, in the store or the search index (an index that is only behind is not damage). */
        public boolean intact() { return check.damage().isEmpty() && !check.indexDamaged(); }

        @Override
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (StoreUpkeep.Damage d : check.damage()) {
                out.add((d.hash() == null ? "damaged record" : "damaged body " + d.hash()) + ": " + Sanitizer.oneLine(d.problem()));
                for (MessageRef r : d.messages()) {
                    out.add("  " + Sanitizer.oneLine(r.account()) + " " + Sanitizer.oneLine(r.folder()) + " uid " + r.uid()
                            + " (uidvalidity " + r.uidValidity() + ")" + (d.mendedByFetching() && d.localOnly().contains(r)
                            ? " kept only here: cannot be fetched again" : ""));
                }
            }
            out.add(storeLine());
            check.index().ifPresent(v -> out.add(indexLine(v, check.indexDamaged())));
            return out;
        }

        /** The verdict, with advice for each kind of damage found that works for it. */
        private String storeLine() {
            int n = check.damage().size();
            if (n == 0) return "all " + check.bodies() + " bodies intact and every envelope readable";
            List<String> advice = new ArrayList<>();
            boolean localOnly = false, other = false;
            java.util.Set<String> folders = new java.util.TreeSet<>(); // where a body the server still has is damaged
            for (StoreUpkeep.Damage d : check.damage()) {
                if (!d.mendedByFetching()) other = true;
                if (d.mendedByFetching()) {
                    for (dev.postern.model.MessageRef r : d.messages()) {
                        if (!d.localOnly().contains(r)) folders.add("`postern sync -a " + dev.postern.model.Names.shell(r.account()) + " --folder " + dev.postern.model.Names.shell(r.folder()) + "`");
                    }
                }
                if (d.mendedByFetching() && !d.localOnly().isEmpty()) localOnly = true;
            }
            if (!folders.isEmpty()) {
                // A plain sync mends only the folders it syncs (hunt28 H3): name each folder's own command.
                List<String> named = new ArrayList<>(folders);
                String commands = String.join(", ", named.subList(0, Math.min(3, named.size()))) + (named.size() > 3 ? ", …" : "");
                advice.add(Sanitizer.oneLine(commands) + " (a POP3 account: `postern fetch`) fetches the damaged bodies listed"
                        + " above again from the server, as does opening one of those messages");
            }
            if (localOnly) advice.add("messages kept only here cannot be fetched again: restore the store from a backup to get their bodies back");
            if (other) advice.add(OTHER_DAMAGE);
            return n + " problem" + (n == 1 ? "" : "s") + (check.bodies() < 0 ? "" : " in " + check.bodies() + " bodies") + "; "
                    + String.join("; ", advice);
        }

        /** When an index that does not open is made anew: its next open, as a local search or a change stored here makes. */
        static final String REBUILT_BY_ITSELF = "the reader or `postern daemon` rebuilds it by itself as it starts, as does the next local"
                + " search or change of mail stored here, or now `postern store reindex`; searches scan the store meanwhile";

        private static String indexLine(MailIndex.Verification v, boolean damaged) {
            if (v.otherPostern()) {
                return "the search index was made by " + (v.olderPostern() ? "an older postern (as an upgrade leaves it"
                        : "a newer postern (as going back a version leaves it") + "; nothing is damaged): " + REBUILT_BY_ITSELF;
            }
            if (!v.opens()) {
                return "the search index does not open (" + Sanitizer.oneLine(v.problem()) + "); " + REBUILT_BY_ITSELF;
            }
            if (v.agrees()) return "search index agrees with the store: " + v.indexed() + " messages";
            return "search index " + (damaged ? "disagrees with" : "is behind") + " the store: " + v.messages() + " messages, "
                    + v.indexed() + " indexed, " + v.missing() + " missing, " + v.stale() + " out of date, " + v.extra()
                    + " no longer in the store; " + (damaged ? "`postern store reindex` rebuilds it"
                    : "it catches up by itself while the reader or `postern daemon` runs (a short command such as"
                    + " `sync` adds what it has time for), or now with `postern store reindex`")
                    + " (searches scan the store meanwhile)";
        }

        /** The store's verdict, and the index's when it is not simply in agreement. */
        @Override
        public String text() {
            int n = check.damage().size();
            String store = n == 0 ? "all " + check.bodies() + " bodies intact and every envelope readable"
                    : n + " problem" + (n == 1 ? "" : "s") + (check.bodies() < 0 ? "" : " in " + check.bodies() + " bodies")
                    + " (`postern store verify` lists them)";
            String index = check.index().map(v -> v.otherPostern() ? "; the search index is " + (v.olderPostern() ? "an older" : "a newer")
                    + " postern's, rebuilt by itself" : !v.opens() ? "; the search index does not open (`postern store reindex`)"
                    : v.agrees() ? "; search index agrees" : check.indexDamaged() ? "; the search index disagrees (`postern store reindex`)"
                    : "; the search index is catching up").orElse("");
            return Sanitizer.oneLine(store + index);
        }
    }

    public record Compacted(StoreUpkeep.Compacted sizes) implements Done {
        @Override public List<String> lines() { return List.of(text()); }

        @Override
        public String text() { return "store compacted: " + Sizes.human(sizes.before()) + " -> " + Sizes.human(sizes.after()); }
    }

    public record Reindexed(StoreUpkeep.Reindexed done) implements Done {
        @Override public List<String> lines() { return List.of(text()); }

        @Override
        public String text() {
            return String.format(Locale.ROOT, "search index rebuilt: %d messages in %.1f s", done.messages(), done.took().toNanos() / 1e9);
        }
    }

    /** What {@code adopt} did, in a sentence. */
    public record Adopted(String said) implements Done {
        @Override public List<String> lines() { return List.of(text()); }

        @Override public String text() { return said; }
    }

    @Override public String name() { return "store"; }

    @Override public String summary() { return "Inspect and maintain the offline store: stats, verify, compact, reindex, adopt"; }

    @Override public List<Option> options() { return List.of(); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "look after the store"; }

    /** {@code stats}, {@code verify}, {@code compact}, {@code reindex} or {@code adopt}: the word after "store". */
    @Override
    public Args arguments(Words words, Messages targets) {
        List<String> p = words.positionals();
        if (p.isEmpty()) return new Args(null);
        if (p.size() > 1) throw Words.usage("store takes one word: stats, verify, compact, reindex or adopt.");
        for (Action a : Action.values()) if (a.word().equals(p.get(0))) return new Args(a, a == Action.ADOPT ? words.account() : null);
        throw Words.usage("store: '" + Sanitizer.oneLine(p.get(0)) + "' is not stats, verify, compact, reindex or adopt.");
    }

    @Override
    public CompletableFuture<Done> run(MailController c, Args a) {
        return switch (a.action()) {
            case STATS -> c.storeStats().thenApplyAsync(f -> (Done) new Stats(f, c.storedOnly())); // storedOnly reads the store
            case VERIFY -> c.verifyStore().<Done>thenApply(Verified::new);
            case COMPACT -> c.compactStore().<Done>thenApply(Compacted::new);
            case REINDEX -> c.reindexStore().<Done>thenApply(Reindexed::new);
            case ADOPT -> c.adoptMailbox(a.account()).<Done>thenApply(Adopted::new);
        };
    }
}
