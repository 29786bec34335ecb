package dev.postern.command;

import dev.postern.compose.Draft;
import dev.postern.compose.Postman;
import dev.postern.compose.Sender;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;

/**
 * What send, reply, forward and recall did: a message sent or queued ({@code result}), a message printed instead
 * ({@code preview}, --dry-run), a draft to be edited before anything goes ({@code draft}: reply or forward without
 * text, a recalled draft; the door's editor takes it), or the outbox flushed ({@code flushed}: send --flush).
 *
 * @param notes     what the user should hear besides (a recipient without a key, the original not flagged); the
 *                  batch door prints them on stderr
 * @param original  the message answered or the draft recalled, or null
 * @param sender    who a draft goes out as (identity, signature), or null
 * @param quotesEncrypted the draft quotes (a reply) or holds inline (a forward) a message that came encrypted: it is
 *                  encrypted, and not sent in clear or put on the server in clear without the user's say
 */
public record Sent(String account, Postman.Result result, String preview, Draft draft, Sender sender, MessageRef original,
        List<Postman.FlushReport> flushed, List<String> notes, boolean quotesEncrypted) implements Result {
    public Sent {
        flushed = List.copyOf(flushed);
        notes = List.copyOf(notes);
    }

    public Sent(String account, Postman.Result result, String preview, Draft draft, Sender sender, MessageRef original,
            List<Postman.FlushReport> flushed, List<String> notes) {
        this(account, result, preview, draft, sender, original, flushed, notes, false);
    }

    static Sent sent(String account, Postman.Result r, List<String> notes) {
        return new Sent(account, r, null, null, null, null, List.of(), notes);
    }

    static Sent preview(String account, String text, List<String> notes) {
        return new Sent(account, null, text, null, null, null, List.of(), notes);
    }

    static Sent draft(String account, Draft d, Sender s, MessageRef original, List<String> notes, boolean quotesEncrypted) {
        return new Sent(account, null, null, d, s, original, List.of(), notes, quotesEncrypted);
    }

    /** The same with {@code first} notes before its own. */
    Sent withNotesFirst(List<String> first) {
        List<String> all = new ArrayList<>(first);
        all.addAll(notes);
        return new Sent(account, result, preview, draft, sender, original, flushed, all, quotesEncrypted);
    }

    /** The same with {@code more} notes after its own. */
    Sent withNotes(List<String> more) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new Sent(account, result, preview, draft, sender, original, flushed, all, quotesEncrypted);
    }

    /** 0 sent or nothing to send yet; 75 queued (or a flush left mail waiting); a Bcc copy's failure (Postman.Result). */
    public int exitCode() {
        if (!flushed.isEmpty() || (result == null && preview == null && draft == null)) {
            return new OutboxCommand.Outbox(new OutboxCommand.Args(List.of(), false, null, true), List.of(), null, flushed)
                    .exitCode().code();
        }
        return result == null ? 0 : result.exitCode();
    }

    /** What the batch door prints on stdout (without --json). */
    public List<String> lines() {
        if (preview != null) return List.of(Sanitizer.text(preview));
        List<String> out = new ArrayList<>();
        for (Postman.FlushReport f : flushed) out.add(OutboxCommand.Outbox.flushLine(f));
        if (result != null && result.outcome() == Postman.Outcome.SENT) {
            out.add(Sanitizer.oneLine("sent " + result.messageId() + " to " + String.join(", ", result.recipients())
                    + (result.sentFolder() != null ? "; copy in " + result.sentFolder() : "")));
        }
        return out;
    }

    /** What the batch door prints on stderr, each after "postern: ": the notes, then the send's own (queued, Sent copy). */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (String n : notes) out.add(Sanitizer.oneLine(n));
        if (result != null && result.outcome() == Postman.Outcome.QUEUED) {
            out.add(Sanitizer.oneLine(String.valueOf(result.note()).replaceAll("[.]$", ""))
                    + "; the message is queued in the outbox (" + result.outboxWaiting() + " waiting) and goes out with the next"
                    + " send, fetch or sync, or `postern send --flush`.");
        } else if (result != null && result.note() != null) {
            out.add(Sanitizer.oneLine(result.note()));
        }
        for (Postman.FlushReport f : flushed) {
            for (String note : f.notes()) out.add(Sanitizer.oneLine(note));
            if (f.waiting() > 0 && f.error() != null) out.add(Sanitizer.oneLine(f.error()));
        }
        return out;
    }

    @Override
    public String text() {
        if (draft != null) return "the draft is ready to edit";
        if (preview != null) return "not sent (dry run)";
        if (!flushed.isEmpty()) return String.join("; ", flushed.stream().map(OutboxCommand.Outbox::flushLine).toList());
        if (result == null) return "nothing was sent";
        if (result.outcome() == Postman.Outcome.QUEUED) {
            return Sanitizer.oneLine("queued in the outbox (" + result.outboxWaiting() + " waiting): " + String.valueOf(result.note()));
        }
        String line = Sanitizer.oneLine("sent to " + String.join(", ", result.recipients())
                + (result.sentFolder() != null ? "; copy in " + result.sentFolder() : ""));
        return result.note() == null ? line : line + " (" + Sanitizer.oneLine(result.note()) + ")";
    }
}
