package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.command.Sent;
import dev.postern.compose.Postman;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        + "header is removed before sending; a first mbox `From ` line is dropped, 8-bit UTF-8 header text goes as RFC 2047 "
        + "words and an unlabelled 8-bit body as text/plain; charset=utf-8.",
        "Domains in Unicode go as IDNA A-labels; an address in Unicode before the @ only to a server offering SMTPUTF8, "
        + "8-bit data with BODY=8BITMIME or re-encoded where 8BITMIME is not offered (65 when it cannot be).",
        "With --to: stdin (or --file) is the plain-text body of a new message.",
        "IMAP accounts keep a copy in Sent (save_sent; not with Gmail and Microsoft 365, whose servers file it). When the server cannot be reached the message is queued in the outbox "
        + "(exit 75) and sent by the next send, fetch, sync or `postern send --flush`.",
        "A 5xx refusal stands and is not queued (65; 77 for a 5.7.x policy refusal); a message whose data went out with no "
        + "answer may have been delivered: it stays in the outbox, not sent again without `postern outbox --retry ID` (exit 69).",
        "Killed mid-send (kill -9, a power cut), it leaves the text as a draft in $XDG_STATE_HOME/postern/drafts (before "
        + "the final dot: nothing went out) or the message in the outbox as unconfirmed (after it), never nothing.",
        "A message sent whose report cannot be printed (a full or closed stdout) is still exit 0, said on stderr.",
        "Exit 0 sent, 75 queued or still waiting, 69 may have been delivered (do not send it again blindly; also when the"
        + " postern that served the command died or froze while it sent), 64 bad usage, 65 bad message or refused"
        + " address/message, 77 refused by policy, 69/78 as usual."})
/** {@code postern send ...}: the argv adapter over {@link Commands#SEND}. */
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
        if (flush) {
            // The outbox is in the store: the controller opens it, and says when another postern holds it (75).
            // No -a: every account that can send, and a word on outboxes none can (the command's own choice).
            List<String> accounts = new ArrayList<>();
            if (root.account != null) accounts.add(ctx.account(root.account));
            return print(Futures.await(Commands.SEND.run(root.controller(), args(accounts, null))));
        }
        String account = ctx.account(root.account);
        byte[] input = readInput();
        // Without the controller: it sends while another postern holds the store (no outbox, no local Sent copy).
        if (file == null) {
            // What was typed is on disk before postern connects, so that even a kill -9 cannot lose it (hunt 31, S1).
            return print(UnsentDraft.sending(root, draftText(input),
                    recorded -> Commands.SEND.send(ctx.sending(), args(List.of(account), input), recorded)));
        }
        try {
            return print(Futures.await(Commands.SEND.send(ctx.sending(), args(List.of(account), input))));
        } catch (PosternException e) {
            // Neither sent nor queued (a full data disk, a refusal): the message is still in the user's own file.
            throw Postman.perhapsSent(e) ? e : DraftEditing.notSent(e, "your message is still in " + file);
        }
    }

    /** What the user wrote: the complete message as given, or the body under the headers given on the command line. */
    private byte[] draftText(byte[] input) {
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty() && subject == null && attach.isEmpty()) return input;
        StringBuilder h = new StringBuilder();
        if (from != null) h.append("From: ").append(from).append('\n');
        if (!split(to).isEmpty()) h.append("To: ").append(String.join(", ", split(to))).append('\n');
        if (!split(cc).isEmpty()) h.append("Cc: ").append(String.join(", ", split(cc))).append('\n');
        if (!split(bcc).isEmpty()) h.append("Bcc: ").append(String.join(", ", split(bcc))).append('\n');
        h.append("Subject: ").append(subject == null ? "" : subject).append('\n');
        for (Path a : attach) h.append("X-Postern-Attach: ").append(a.toAbsolutePath()).append('\n');
        byte[] head = h.append('\n').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + input.length);
        System.arraycopy(input, 0, all, head.length, input.length);
        return all;
    }

    private dev.postern.command.SendCommand.Args args(List<String> accounts, byte[] input) {
        return new dev.postern.command.SendCommand.Args(accounts, split(to), split(cc), split(bcc), subject, from, noSignature,
                attach, flowed, file, input, flush, crypto.sign, crypto.encrypt, crypto.smime);
    }

    private static List<String> split(List<String> values) {
        return values.stream().filter(v -> !v.isBlank()).map(String::strip).toList();
    }

    private int print(Sent r) {
        report(root, json, r);
        return r.exitCode();
    }

    /** What a send did, on stdout (its lines, or JSON) and stderr (its warnings); shared with reply, forward, recall. */
    static void report(PosternCommand root, boolean json, Sent r) {
        if (r.preview() == null) root.done(r.exitCode(), r.lines()); // sent: printing it may fail, the send stands
        for (String w : r.warnings()) root.err().println("postern: " + w);
        if (json && r.result() != null) {
            Postman.Result s = r.result();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("account", s.account());
            o.put("status", s.outcome() == Postman.Outcome.SENT ? "sent" : "queued");
            o.put("message_id", s.messageId());
            o.put("recipients", s.recipients());
            o.put("sent_folder", s.sentFolder());
            o.put("outbox", s.outboxWaiting());
            o.put("note", s.note());
            o.put("not_sent", s.notSent());
            root.out().println(Json.write(o));
        } else if (json && r.preview() != null) { // --dry-run --json: the message that would go, as one object (hunt37-J J8)
            root.out().println(Json.write(dryRun(r.account(), r.preview())));
        } else if (json && !r.flushed().isEmpty()) {
            for (Postman.FlushReport f : r.flushed()) root.out().println(Json.write(OutboxCommand.json(f)));
        } else {
            for (String line : r.lines()) root.out().println(line);
        }
        root.out().flush();
        root.err().flush();
    }

    /** What --dry-run --json prints: the account and the message that would go, whole, as its text. */
    static Map<String, Object> dryRun(String account, String message) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("account", account);
        o.put("status", "dry_run");
        o.put("message", message);
        return o;
    }

    private byte[] readInput() {
        try {
            // Bounded: a served command reads into the owner's heap (--body-file /dev/zero, hunt 38-A, A5).
            if (file != null) {
                try (InputStream in = Files.newInputStream(file)) {
                    return dev.postern.compose.InputLimit.bounded(in, file.toString());
                }
            }
            // The command line's stdin: a resident owner's relay of its client's (System.in is the owner's own,
            // /dev/null for a daemon: a served `send --to` sent an empty body), or this process's.
            return dev.postern.compose.InputLimit.bounded(root.in(), "stdin");
        } catch (IOException e) {
            throw new PosternException(ExitCode.NOINPUT, (file != null ? "cannot read " + file : "cannot read stdin")
                    + " (" + e.getMessage() + "); nothing was sent.", e);
        }
    }

    static String utf8(byte[] b) {
        return dev.postern.command.SendCommand.utf8(b);
    }
}
