package dev.postern.command;

import dev.postern.compose.Draft;
import dev.postern.compose.Templates;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.render.RenderedMessage;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code reply [--all | --list]}: Re: subject, In-Reply-To/References, the original quoted under an attribution
 * line, to the sender (everyone but oneself with --all, the mailing list with --list); the original is flagged
 * answered once the reply went out or waits in the outbox. The reader's r, g and L, {@code :reply} and
 * {@code postern reply}.
 */
public final class ReplyCommand extends AnswerCommand {
    static final Option ALL = Option.flagSwitch("--all");
    static final Option LIST = Option.flagSwitch("--list");

    @Override public String name() { return "reply"; }

    @Override public String summary() { return "Reply to a message, quoting it"; }

    @Override
    public List<Option> options() {
        List<Option> o = new ArrayList<>(common());
        o.add(ALL);
        o.add(LIST);
        return List.copyOf(o);
    }

    @Override
    public Args arguments(Words w, Messages targets) {
        return common(w, targets, w.has(ALL.name()), w.has(LIST.name()), false, List.of(), List.of());
    }

    /** Reply-all leaves an unusable To or Cc of the original out and says so in {@code notes}. */
    @Override
    Draft template(Args a, String from, Envelope original, byte[] raw, RenderedMessage text, Set<String> own,
            Templates.Texts texts, List<String> notes) {
        return a.list() ? template(a, from, original, raw, text, own, texts)
                : Templates.reply(from, original, raw, text.body(), a.all(), own, dev.postern.model.Zones.zone(), texts, notes);
    }

    @Override
    Draft template(Args a, String from, Envelope original, byte[] raw, RenderedMessage text, Set<String> own, Templates.Texts texts) {
        return a.list() ? Templates.listReply(from, original, raw, text.body(), own, dev.postern.model.Zones.zone(), texts)
                : Templates.reply(from, original, raw, text.body(), a.all(), own, dev.postern.model.Zones.zone(), texts);
    }

    /**
     * A message with no usable From or Reply-To leaves a reply no one to go to; reply has no --to (hunt35-E E11: it
     * said "give To, Cc or Bcc", 64), so say how to give one.
     */
    @Override
    String noRecipients() {
        return "the original message names no one to reply to (no From or Reply-To address); write the To line with"
                + " `postern reply --edit FOLDER UID`, or send a new message with `postern send --to ADDRESS`; nothing was sent.";
    }

    /** A reply template's greeting comes before the user's text (hunt 33-Z, Z10). */
    @Override
    String lead(Envelope original, Templates.Texts texts) {
        return Templates.replyLead(original, dev.postern.model.Zones.zone(), texts);
    }

    /** Like the flag column's r: the original is \Answered once the reply is sent or queued. */
    @Override
    public CompletableFuture<List<String>> answered(MailController c, MessageRef original) {
        return c.answered(original).handle((v, err) -> err == null ? List.<String>of()
                : dev.postern.model.MessageGone.in(err) // replied to from the reader's copy in hand (hunt 39-Y, Y4)
                ? List.of("the reply went out; the original was moved or deleted by another client, so it is not flagged answered")
                : List.of("the reply went out but the original was not flagged answered: "
                        + dev.postern.render.Sanitizer.oneLine(unwrap(err).getMessage())));
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) t = t.getCause();
        return t;
    }
}
