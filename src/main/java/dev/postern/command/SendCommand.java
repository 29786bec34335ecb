package dev.postern.command;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Postman;
import dev.postern.compose.Protected;
import dev.postern.compose.RawMessage;
import dev.postern.compose.Sender;
import dev.postern.compose.Signatures;
import dev.postern.controller.Composing;
import dev.postern.controller.MailController;
import dev.postern.model.ClientDirectory;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code send}: a new message (with --to/--cc/--bcc/--subject/--attach: the input is its plain-text body) or a
 * complete one (the input as it is: recipients from its header, Bcc removed), signed and/or encrypted as asked,
 * sent through the account's SMTP server or queued in its outbox; or, with --flush, what waits in the outboxes
 * sent now. The input is what the door gives (stdin) or --file. It needs only {@link Composing}: {@link #send}
 * runs on the store-less composing of a process whose store another postern holds.
 */
public final class SendCommand implements Command<SendCommand.Args, Sent> {
    /**
     * @param accounts for a flush: whose outbox (empty: every account that can send); else the one account sending
     * @param input    the message or body the door read (stdin), or null to read {@code file}
     * @param sign     null: as configured (pgp_sign); likewise {@code encrypt}
     */
    public record Args(List<String> accounts, List<String> to, List<String> cc, List<String> bcc, String subject, String from,
            boolean noSignature, List<Path> attach, boolean flowed, Path file, byte[] input, boolean flush, Boolean sign,
            Boolean encrypt, boolean smime) {
        public Args {
            accounts = List.copyOf(accounts);
            to = List.copyOf(to);
            cc = List.copyOf(cc);
            bcc = List.copyOf(bcc);
            attach = List.copyOf(attach);
        }

        /** With --to, --cc, --bcc, --subject or --attach the input is a body; else a complete message. */
        public boolean composes() {
            return !to.isEmpty() || !cc.isEmpty() || !bcc.isEmpty() || subject != null || !attach.isEmpty();
        }
    }

    static final Option TO = Option.repeatable("--to");
    static final Option CC = Option.repeatable("--cc");
    static final Option BCC = Option.repeatable("--bcc");
    static final Option SUBJECT = Option.of("--subject", Option.Value.TEXT);
    static final Option FROM = Option.of("--from", Option.Value.TEXT);
    static final Option NO_SIGNATURE = Option.flagSwitch("--no-signature");
    static final Option ATTACH = Option.repeatable("--attach");
    static final Option FLOWED = Option.flagSwitch("--flowed");
    static final Option FILE = Option.of("--file", Option.Value.TEXT);
    static final Option FLUSH = Option.flagSwitch("--flush");
    static final Option SIGN = Option.negatable("--sign");
    static final Option ENCRYPT = Option.negatable("--encrypt");
    static final Option SMIME = Option.flagSwitch("--smime");

    /** The signing and encryption options send, reply and forward share. */
    static final List<Option> PROTECTION = List.of(SIGN, ENCRYPT, SMIME);

    @Override public String name() { return "send"; }

    @Override public String summary() { return "Send a message (from --file), or what waits in the outbox (--flush)"; }

    @Override
    public List<Option> options() {
        List<Option> o = new ArrayList<>(List.of(TO, CC, BCC, SUBJECT, FROM, NO_SIGNATURE, ATTACH, FLOWED, FILE, FLUSH));
        o.addAll(PROTECTION);
        return List.copyOf(o);
    }

    @Override public boolean takesMessages() { return false; }

    @Override public String doing() { return "send mail"; }

    /** "a@x,b@y" given once or more: each address once, in order. */
    static List<String> addresses(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String a : v.split(",")) if (!a.isBlank()) out.add(a.strip());
        }
        return out;
    }

    @Override
    public Args arguments(Words w, Messages targets) {
        if (!w.positionals().isEmpty()) throw Words.usage("send takes no words; the message comes from --file FILE.");
        boolean flush = w.has(FLUSH.name());
        if (!flush && w.value(FILE.name()) == null) {
            throw Words.usage("send: give the message or body with --file FILE (or write one with the compose key).");
        }
        String account = w.accountOrDefault();
        return new Args(account == null ? List.of() : List.of(account), addresses(w.values(TO.name())),
                addresses(w.values(CC.name())), addresses(w.values(BCC.name())), w.value(SUBJECT.name()), w.value(FROM.name()),
                w.has(NO_SIGNATURE.name()), w.values(ATTACH.name()).stream().map(ClientDirectory::resolve).toList(), w.has(FLOWED.name()),
                w.value(FILE.name()) == null ? null : ClientDirectory.resolve(w.value(FILE.name())), null, flush, w.choice(SIGN.name()),
                w.choice(ENCRYPT.name()), w.has(SMIME.name()));
    }

    @Override
    public CompletableFuture<Sent> run(MailController c, Args a) {
        if (a.flush()) return flush(c, a);
        if (a.accounts().isEmpty() && !c.accounts().isEmpty()) {
            return send(c, new Args(List.of(c.accounts().get(0)), a.to(), a.cc(), a.bcc(), a.subject(), a.from(), a.noSignature(),
                    a.attach(), a.flowed(), a.file(), a.input(), false, a.sign(), a.encrypt(), a.smime()));
        }
        return send(c, a);
    }

    /** Sends what waits in the outbox of each account (a flush job each: listed, cancellable). */
    private CompletableFuture<Sent> flush(MailController c, Args a) {
        List<String> names = new ArrayList<>(a.accounts());
        if (names.isEmpty()) {
            for (String n : c.accounts()) {
                if (!MailController.UNIFIED.equals(n) && c.outgoing() != null && c.outgoing().canSend(n)) names.add(n);
            }
        }
        JobFuture<Sent> flushing = new JobFuture<>(c); // cancelling the wait cancels the flush running
        CompletableFuture<List<Postman.FlushReport>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (String n : names) {
            chain = chain.thenCompose(done -> flushing.follow(c.flushOutbox(n)).result().thenApply(f -> {
                done.add(f);
                return done;
            }));
        }
        boolean every = a.accounts().isEmpty();
        return flushing.completing(chain.thenApply(f -> {
            // What no flush can send until the config changes is said, 78, never left out as "0 waiting" (hunt 38-M, M4).
            if (every && c.outgoing() != null) f.addAll(OutboxCommand.Outbox.stranded(c, c.outgoing(), names));
            return new Sent(names.size() == 1 ? names.get(0) : null, null, null, null, null, null, f, List.of());
        }));
    }

    /**
     * Builds, protects and sends one message with {@code c} alone (what {@link #run} does without --flush):
     * the account is {@code a.accounts().get(0)}.
     */
    public CompletableFuture<Sent> send(Composing c, Args a) {
        return send(c, a, null);
    }

    /**
     * As {@link #send(Composing, Args)}; {@code recorded}, or null, runs once the message is recorded in the outbox as
     * perhaps delivered, just before its end of data (the door then drops the draft it wrote before sending).
     */
    public CompletableFuture<Sent> send(Composing c, Args a, Runnable recorded) {
        if (a.accounts().size() != 1) return CompletableFuture.failedFuture(Words.usage("send: which account sends? give -a NAME."));
        String account = a.accounts().get(0);
        // The client's zone for the Date header, on whatever thread builds the message (hunt 38-T, T10).
        java.time.ZoneId client = dev.postern.model.Zones.client();
        return CompletableFuture.supplyAsync(() -> dev.postern.model.Zones.within(client, () -> {
            c.checkCanSend(account); // no server to send through is said first, whatever else is missing (M12)
            boolean compose = a.composes();
            byte[] input = input(a);
            // A complete message keeps its own text: only a body written with --to gets the signature.
            Sender who = c.sender(account, a.from(), null, null, compose && !a.noSignature());
            Built message;
            if (compose) {
                if (who.from() == null) {
                    throw new PosternException(ExitCode.USAGE, "account " + account + " has no From address; set from in [accounts."
                            + account + ".smtp] or give --from.");
                }
                String body = utf8(input);
                message = new MessageBuilder().build(new Draft(who.from(), a.to(), a.cc(), a.bcc(),
                        a.subject() == null ? "" : a.subject(), who.signature().isEmpty() ? body
                        : body.stripTrailing() + "\n\n" + Signatures.DASHES + who.signature(),
                        a.attach().stream().map(Draft.Attachment::file).toList(), null, List.of(), a.flowed()));
            } else {
                if (a.flowed()) {
                    throw new PosternException(ExitCode.USAGE, "--flowed applies to a body with --to; a complete message is sent as it is.");
                }
                message = RawMessage.prepare(input, who.from(), dev.postern.model.Zones.clock());
            }
            return protect(c, account, who, a.sign(), a.encrypt(), a.smime(), message);
        })).thenCompose(p -> c.send(account, p.message(), recorded).thenApply(r -> Sent.sent(account, r, p.notes())));
    }

    /** The message signed and/or encrypted as asked over the account's and the identity's settings; blocking. */
    static Protected protect(Composing c, String account, Sender who, Boolean sign, Boolean encrypt, boolean smime, Built m) {
        return c.protect(account, m, c.protection(account, who == null ? null : who.identity(), sign, encrypt, smime));
    }

    private static byte[] input(Args a) {
        if (a.input() != null) return a.input();
        if (a.file() == null) throw Words.usage("send: give the message or body with --file FILE.");
        try {
            return Files.readAllBytes(a.file());
        } catch (IOException e) {
            throw new PosternException(ExitCode.NOINPUT, "cannot read " + a.file() + " (" + e.getMessage() + "); nothing was sent.", e);
        }
    }

    /** The bytes as UTF-8 text, or 65 saying how to send them instead. */
    public static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new PosternException(ExitCode.DATAERR, "the body is not UTF-8 text; convert it (iconv -t UTF-8) or attach"
                    + " it with --attach; nothing was sent.");
        }
    }
}
