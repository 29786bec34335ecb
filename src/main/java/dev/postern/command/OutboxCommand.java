package dev.postern.command;

import dev.postern.compose.OutboxItem;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import dev.postern.controller.MailController;
import dev.postern.controller.StoredOnly;
import dev.postern.model.ExitCode;
import dev.postern.model.Names;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code outbox [--drop ID | --flush]}: the messages waiting in the outbox of the accounts given (queued when the
 * SMTP server could not be reached), or one of them dropped unsent, or all of them sent now (a flush job per
 * account, listed and cancellable).
 */
public final class OutboxCommand implements Command<OutboxCommand.Args, OutboxCommand.Outbox> {
    /**
     * {@code accounts}: whose outbox (for a flush, those with SMTP); {@code named} when the account was asked for
     * by name (a failed drop then says which outbox it looked in).
     */
    public record Args(List<String> accounts, boolean named, Long drop, boolean flush, Long retry) {
        public Args {
            accounts = List.copyOf(accounts);
            if ((drop != null ? 1 : 0) + (flush ? 1 : 0) + (retry != null ? 1 : 0) > 1) {
                throw new PosternException(ExitCode.USAGE, "give one of --drop, --retry and --flush.");
            }
        }

        public Args(List<String> accounts, boolean named, Long drop, boolean flush) {
            this(accounts, named, drop, flush, null);
        }
    }

    /** A message dropped unsent, or (retried) put back in the queue. */
    public record Dropped(String account, long id, boolean retried) {
        public Dropped(String account, long id) {
            this(account, id, false);
        }
    }

    /**
     * What was listed, dropped or flushed (the other two empty or null); {@code strays}: the accounts the config no
     * longer names whose outbox holds messages (listed with the others: nothing the user wrote is out of sight).
     */
    public record Outbox(Args args, List<OutboxItem> waiting, Dropped dropped, List<Postman.FlushReport> flushed,
            List<StoredOnly> strays) implements Result {
        public Outbox {
            waiting = List.copyOf(waiting);
            flushed = List.copyOf(flushed);
            strays = List.copyOf(strays);
        }

        public Outbox(Args args, List<OutboxItem> waiting, Dropped dropped, List<Postman.FlushReport> flushed) {
            this(args, waiting, dropped, flushed, List.of());
        }

        /** Whether the message waits for an account the config no longer names (it cannot leave until it does again). */
        public boolean stray(OutboxItem m) {
            return strays.stream().anyMatch(s -> s.account().equals(m.account()));
        }

        /**
         * 78 when a flush met messages no flush can send until the config changes (their account gone, or without
         * SMTP); else 75 when it left messages waiting, else the code of a message it set aside (65, 77, 75), else 0.
         */
        public ExitCode exitCode() {
            return flushed.stream().map(Postman.FlushReport::exitCode).filter(c -> c != ExitCode.OK)
                    .reduce((x, y) -> x == ExitCode.CONFIG || y == ExitCode.CONFIG ? ExitCode.CONFIG
                            : x == ExitCode.TEMPFAIL ? x : y == ExitCode.TEMPFAIL ? y : x).orElse(ExitCode.OK);
        }

        /**
         * A report for each outbox that no flush empties until the config changes: that of an account the config no
         * longer names, and that of a configured account without an SMTP table (hunt 38-M, M4); 78 each, with why.
         */
        public static List<Postman.FlushReport> stranded(MailController c, Outgoing out, List<String> flushed) {
            List<Postman.FlushReport> reports = new ArrayList<>();
            for (String account : c.accounts()) {
                if (MailController.UNIFIED.equals(account) || flushed.contains(account) || out.canSend(account)) continue;
                int n = out.outbox(account).size();
                if (n > 0) {
                    reports.add(stuck(account, n, "account " + account + " has no " + Names.table(account, "smtp") + " table, so "
                            + (n == 1 ? "its outbox message" : "its " + n + " outbox messages") + " cannot leave; add one, or `"
                            + Names.command("outbox", account) + "` lists them to drop"));
                }
            }
            for (StoredOnly s : c.storedOnly()) {
                if (s.outbox() > 0) reports.add(stuck(s.account(), s.outbox(), s.sentence()));
            }
            return reports;
        }

        private static Postman.FlushReport stuck(String account, int n, String why) {
            return new Postman.FlushReport(account, 0, n, why, false, List.of(), null, List.of(), false, ExitCode.CONFIG);
        }

        /**
         * "work: 2 sent, 0 waiting in the outbox", as a flush prints it per account, with ", 1 set aside (...)" when
         * the outbox holds messages refused or perhaps delivered, which no flush sends again by itself.
         */
        public static String flushLine(Postman.FlushReport f) {
            int aside = f.asideItems().size();
            return Sanitizer.oneLine(f.account() + ": " + f.sent() + " sent, " + f.waiting() + " waiting in the outbox"
                    + (aside == 0 ? "" : ", " + aside + " set aside (refused or perhaps delivered: postern outbox lists "
                            + (aside == 1 ? "it" : "them") + ")"));
        }

        @Override
        public String text() {
            if (dropped != null && dropped.retried()) {
                return Sanitizer.oneLine("outbox message " + dropped.id() + " of " + dropped.account()
                        + " waits again; the next send, fetch, sync or `postern send --flush` sends it");
            }
            if (dropped != null) return Sanitizer.oneLine("dropped outbox message " + dropped.id() + " of " + dropped.account() + "; it was not sent");
            if (args.flush()) {
                return flushed.isEmpty() ? "no account has an outbox to send" : String.join("; ", flushed.stream().map(Outbox::flushLine).toList());
            }
            if (waiting.isEmpty()) return "the outbox is empty";
            if (!strays.isEmpty()) {
                return String.join("; ", strays.stream().map(StoredOnly::sentence).toList());
            }
            return waiting.size() + " message" + (waiting.size() == 1 ? " waits" : "s wait") + " in the outbox (outbox --flush sends, --drop ID removes)";
        }
    }

    static final Option DROP = Option.of("--drop", Option.Value.TEXT);
    static final Option FLUSH = Option.flagSwitch("--flush");
    static final Option RETRY = Option.of("--retry", Option.Value.TEXT);

    @Override public String name() { return "outbox"; }

    @Override public String summary() { return "List the messages waiting in the outbox, drop one unsent, or send them now"; }

    @Override public List<Option> options() { return List.of(DROP, FLUSH, RETRY); }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "send mail"; }

    /** "5" -> 5; anything else is a usage error. */
    public static long id(String word) {
        try {
            return Long.parseLong(word.strip());
        } catch (NumberFormatException e) {
            throw Words.usage("outbox: '" + Sanitizer.oneLine(word) + "' is not an outbox id; `outbox` lists them.");
        }
    }

    @Override
    public Args arguments(Words words, Messages targets) {
        if (!words.positionals().isEmpty()) throw Words.usage("outbox takes no words; --drop ID or --flush.");
        String account = words.accountOrDefault();
        String drop = words.value(DROP.name());
        String retry = words.value(RETRY.name());
        return new Args(account == null ? List.of() : List.of(account), account != null, drop == null ? null : id(drop),
                words.has(FLUSH.name()), retry == null ? null : id(retry));
    }

    @Override
    public CompletableFuture<Outbox> run(MailController c, Args given) {
        Outgoing out = c.outgoing();
        if (out == null) return CompletableFuture.failedFuture(new PosternException(ExitCode.UNAVAILABLE, "sending is not available here."));
        Args a = !given.accounts().isEmpty() ? given : new Args(c.accounts(), false, given.drop(), given.flush(), given.retry());
        if (a.flush()) {
            JobFuture<Outbox> flushing = new JobFuture<>(c); // cancelling the wait cancels the flush running
            CompletableFuture<List<Postman.FlushReport>> chain = CompletableFuture.completedFuture(new ArrayList<>());
            for (String account : a.accounts()) {
                chain = chain.thenCompose(done -> flushing.follow(c.flushOutbox(account)).result().thenApply(f -> { // a job: listed, cancellable
                    done.add(f);
                    return done;
                }));
            }
            return flushing.completing(chain.thenApply(f -> {
                if (!a.named()) f.addAll(Outbox.stranded(c, out, a.accounts()));
                return new Outbox(a, List.of(), null, f);
            }));
        }
        // The outbox is in the store: read off the caller's thread.
        return CompletableFuture.supplyAsync(() -> {
            // A message of an account the config no longer names is listed, and can be dropped or retried, as any other.
            List<StoredOnly> strays = a.named() ? List.of() : c.storedOnly().stream().filter(s -> s.outbox() > 0).toList();
            List<String> accounts = new ArrayList<>(a.accounts());
            for (StoredOnly s : strays) accounts.add(s.account());
            if (a.retry() != null) {
                for (String account : accounts) {
                    if (out.retry(account, a.retry())) return new Outbox(a, List.of(), new Dropped(account, a.retry(), true), List.of());
                }
                throw new PosternException(ExitCode.NOINPUT, "no message " + a.retry() + " is in the outbox"
                        + (a.named() ? " of account " + a.accounts().get(0) : "") + "; `postern outbox` lists the ids.");
            }
            if (a.drop() != null) {
                for (String account : accounts) {
                    if (out.drop(account, a.drop())) return new Outbox(a, List.of(), new Dropped(account, a.drop()), List.of());
                }
                throw new PosternException(ExitCode.NOINPUT, "no message " + a.drop() + " waits in the outbox"
                        + (a.named() ? " of account " + a.accounts().get(0) : "") + "; `postern outbox` lists the ids.");
            }
            List<OutboxItem> items = new ArrayList<>();
            for (String account : accounts) items.addAll(out.outbox(account));
            return new Outbox(a, items, null, List.of(), strays);
        });
    }
}
