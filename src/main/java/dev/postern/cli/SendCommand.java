package dev.postern.cli;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Postman;
import dev.postern.compose.RawMessage;
import dev.postern.compose.Signatures;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "send", description = {"Send mail through the account's SMTP server ([accounts.NAME.smtp]).",
        "Without --to: stdin (or --file) is a complete message; recipients come from To, Cc and Bcc, and the Bcc "
        + "header is removed before sending.",
        "With --to: stdin (or --file) is the plain-text body of a new message.",
        "IMAP accounts keep a copy in Sent. When the server cannot be reached the message is queued in the outbox "
        + "(exit 75) and sent by the next send, fetch, sync or `postern send --flush`.",
        "Exit 0 sent, 75 queued or still waiting, 64 bad usage, 65 bad message or refused address, 69/78 as usual."})
final class SendCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--to", paramLabel = "ADDR", split = ",", description = "Recipient (repeatable, or comma-separated).")
    List<String> to = new ArrayList<>();

    @Option(names = "--cc", paramLabel = "ADDR", split = ",", description = "Copy recipient.")
    List<String> cc = new ArrayList<>();

    @Option(names = "--bcc", paramLabel = "ADDR", split = ",", description = "Hidden recipient (never in the sent header).")
    List<String> bcc = new ArrayList<>();

    @Option(names = {"-s", "--subject"}, paramLabel = "TEXT", description = "Subject of the new message.")
    String subject;

    @Option(names = "--from", paramLabel = "ADDR", description = "Send as this identity (its address or name) or"
            + " address (default: the account's first identity, or from in [accounts.NAME.smtp]).")
    String from;

    @Option(names = "--no-signature", description = "With --to: leave the signature out.")
    boolean noSignature;

    @Option(names = "--attach", paramLabel = "FILE", description = "Attach a file (repeatable).")
    List<Path> attach = new ArrayList<>();

    @Option(names = "--flowed", description = "Send the body as format=flowed.")
    boolean flowed;

    @Option(names = "--file", paramLabel = "FILE", description = "Read the message or body from FILE instead of stdin.")
    Path file;

    @Option(names = "--flush", description = "Only send what waits in the outbox (every account with SMTP, or -a NAME).")
    boolean flush;

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @picocli.CommandLine.Mixin CryptoOptions crypto = new CryptoOptions();

    @Override
    public Integer call() {
        Wiring ctx = root.context();
        if (flush) return flushAll(ctx);
        String account = ctx.account(root.account);
        AccountConfig a = ctx.config().account(account).orElseThrow();
        boolean compose = !to.isEmpty() || !cc.isEmpty() || !bcc.isEmpty() || subject != null || !attach.isEmpty();
        byte[] input = readInput();
        // A complete message keeps its own text: only a body written with --to gets the signature.
        IdentityChoice identity = IdentityChoice.of(ctx, account, from, null, null, compose && !noSignature);
        String defaultFrom = identity.from();
        Built message;
        if (compose) {
            if (defaultFrom == null) {
                throw new PosternException(ExitCode.USAGE, "account " + account + " has no From address; set from in [accounts."
                        + account + ".smtp] or give --from.");
            }
            String body = utf8(input);
            message = new MessageBuilder().build(new Draft(defaultFrom, to, cc, bcc, subject == null ? "" : subject,
                    identity.signature().isEmpty() ? body : body.stripTrailing() + "\n\n" + Signatures.DASHES + identity.signature(),
                    attach.stream().map(Draft.Attachment::file).toList(), null, List.of(), flowed));
        } else {
            if (flowed) throw new PosternException(ExitCode.USAGE, "--flowed applies to a body with --to; a complete message is sent as it is.");
            message = RawMessage.prepare(input, defaultFrom, Clock.systemDefaultZone());
        }
        message = crypto.apply(root, ctx, account, identity.identity(), message);
        Postman.Result r = ctx.postman().send(account, message);
        report(root, json, r);
        return r.exitCode();
    }

    private int flushAll(Wiring ctx) {
        List<String> names = new ArrayList<>();
        if (root.account != null) {
            names.add(ctx.account(root.account));
        } else {
            for (AccountConfig a : ctx.config().accounts()) if (a.smtp() != null) names.add(a.name());
        }
        ExitCode worst = ExitCode.OK;
        for (String n : names) {
            Postman.FlushReport f = Futures.await(root.composing().flushOutbox(n).result()); // a job: listed, cancellable
            for (String note : f.notes()) root.err().println("postern: " + Sanitizer.oneLine(note));
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("account", n);
                o.put("sent", f.sent());
                o.put("waiting", f.waiting());
                o.put("error", f.error());
                root.out().println(Json.write(o));
            } else {
                root.out().println(Sanitizer.oneLine(n + ": " + f.sent() + " sent, " + f.waiting() + " waiting in the outbox"));
            }
            if (f.waiting() > 0) {
                if (f.error() != null) root.err().println("postern: " + Sanitizer.oneLine(f.error()));
                worst = ExitCode.TEMPFAIL;
            }
        }
        root.out().flush();
        root.err().flush();
        return worst.code();
    }

    /** What a send did, on stdout (text or JSON) and stderr; shared with reply and forward. */
    static void report(PosternCommand root, boolean json, Postman.Result r) {
        if (r.outcome() == Postman.Outcome.QUEUED) {
            root.err().println("postern: " + Sanitizer.oneLine(r.note().replaceAll("[.]$", ""))
                    + "; the message is queued in the outbox (" + r.outboxWaiting() + " waiting) and goes out with the next"
                    + " send, fetch or sync, or `postern send --flush`.");
        } else if (r.note() != null) {
            root.err().println("postern: " + Sanitizer.oneLine(r.note()));
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("account", r.account());
            o.put("status", r.outcome() == Postman.Outcome.SENT ? "sent" : "queued");
            o.put("message_id", r.messageId());
            o.put("recipients", r.recipients());
            o.put("sent_folder", r.sentFolder());
            o.put("outbox", r.outboxWaiting());
            o.put("note", r.note());
            o.put("not_sent", r.notSent());
            root.out().println(Json.write(o));
        } else if (r.outcome() == Postman.Outcome.SENT) {
            root.out().println(Sanitizer.oneLine("sent " + r.messageId() + " to " + String.join(", ", r.recipients())
                    + (r.sentFolder() != null ? "; copy in " + r.sentFolder() : "")));
        }
        root.out().flush();
        root.err().flush();
    }

    private byte[] readInput() {
        try {
            if (file != null) return Files.readAllBytes(file);
            // The command line's stdin: a resident owner's relay of its client's (System.in is the owner's own,
            // /dev/null for a daemon: a served `send --to` sent an empty body), or this process's.
            InputStream in = root.in();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new PosternException(ExitCode.NOINPUT, (file != null ? "cannot read " + file : "cannot read stdin")
                    + " (" + e.getMessage() + "); nothing was sent.", e);
        }
    }

    static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new PosternException(ExitCode.DATAERR, "the body is not UTF-8 text; convert it (iconv -t UTF-8) or attach"
                    + " it with --attach; nothing was sent.");
        }
    }
}
