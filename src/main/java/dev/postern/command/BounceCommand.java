package dev.postern.command;

import dev.postern.compose.Bounce;
import dev.postern.compose.Built;
import dev.postern.compose.Postman;
import dev.postern.compose.Sender;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code bounce --to ADDR [--from ADDR] [--dry-run]}: the message remailed unchanged with Resent-From, -Date, -To and
 * -Message-ID on top (RFC 5322 3.6.6), from the identity it was sent to; no Sent copy, never queued. The reader's
 * b (after asking whom), {@code :bounce --to ADDR} and {@code postern bounce}.
 */
public final class BounceCommand implements Command<BounceCommand.Args, BounceCommand.Bounced> {
    public record Args(Messages message, List<String> to, String from, boolean dryRun) {
        public Args {
            to = List.copyOf(to);
            if (message.uids().size() != 1) throw Words.usage("bounce: one message at a time, not " + message.uids().size() + ".");
            if (to.isEmpty()) throw Words.usage("bounce: Missing required option: '--to=TEXT'.");
        }
    }

    /** What went (or, with {@code preview}, would have gone: nothing was sent). */
    public record Bounced(String account, String folder, long uid, Postman.Result result, String preview) implements Result {
        public int exitCode() { return 0; }

        public List<String> lines() {
            if (preview != null) return List.of(Sanitizer.text(preview));
            return List.of(Sanitizer.oneLine("bounced " + folder + " " + uid + " to " + String.join(", ", result.recipients())));
        }

        @Override
        public String text() {
            if (preview != null) return "not bounced (dry run)";
            return Sanitizer.oneLine("Bounced to " + String.join(", ", result.recipients()) + ".");
        }
    }

    static final Option TO = new Option("--to", Option.Value.TEXT, true, true);
    static final Option FROM = Option.of("--from", Option.Value.TEXT);
    static final Option DRY_RUN = Option.flagSwitch("--dry-run");

    @Override public String name() { return "bounce"; }

    @Override public String summary() { return "Bounce (remail) a message unchanged to new recipients"; }

    @Override public List<Option> options() { return List.of(TO, FROM, DRY_RUN); }

    @Override public boolean takesMessages() { return true; }

    @Override public String doing() { return "send mail"; }

    @Override
    public Args arguments(Words w, Messages targets) {
        return new Args(targets, SendCommand.addresses(w.values(TO.name())), w.value(FROM.name()), w.has(DRY_RUN.name()));
    }

    @Override
    public CompletableFuture<Bounced> run(MailController c, Args a) {
        String account = a.message().account();
        try {
            c.checkCanSend(account);
        } catch (PosternException e) {
            return CompletableFuture.failedFuture(e);
        }
        long uid = a.message().uids().first();
        java.time.Clock clock = dev.postern.model.Zones.clock(); // the client's zone, on whatever thread prepares it (T10)
        return c.locate(account, a.message().folder(), a.message().uidValidity(), uid).thenCompose((MessageRef ref) -> c.raw(ref).thenApplyAsync(raw -> {
            Sender who = c.sender(account, a.from(), c.envelope(ref, raw), raw, false);
            if (who.from() == null) {
                throw new PosternException(ExitCode.USAGE, "account " + account + " has no From address; set from in [accounts."
                        + account + ".smtp] or give --from.");
            }
            return Bounce.prepare(raw, who.from(), a.to(), clock);
        })).thenCompose((Built b) -> a.dryRun()
                ? CompletableFuture.completedFuture(new Bounced(account, a.message().folder(), uid, null,
                        new String(b.raw(), StandardCharsets.UTF_8)))
                : c.bounce(account, b).thenApply(r -> new Bounced(account, a.message().folder(), uid, r, null)));
    }
}
