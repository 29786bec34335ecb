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
 * {@code forward [--attach-message | --inline] [--to ADDR] [--cc ADDR]}: the original's text under a "Forwarded
 * message" block, or the whole message attached (message/rfc822); $Forwarded is set where the server keeps
 * keywords. The reader's f, {@code :forward} and {@code postern forward}.
 */
public final class ForwardCommand extends AnswerCommand {
    static final Option ATTACH_MESSAGE = Option.flagSwitch("--attach-message");
    static final Option INLINE = Option.flagSwitch("--inline");

    @Override public String name() { return "forward"; }

    @Override public String summary() { return "Forward a message, inline or as an attachment"; }

    @Override
    public List<Option> options() {
        List<Option> o = new ArrayList<>(common());
        o.addAll(List.of(ATTACH_MESSAGE, INLINE, SendCommand.TO, SendCommand.CC));
        return List.copyOf(o);
    }

    @Override
    public Args arguments(Words w, Messages targets) {
        return common(w, targets, false, false, attached(w.has(ATTACH_MESSAGE.name()), w.has(INLINE.name())), SendCommand.addresses(w.values(SendCommand.TO.name())),
                SendCommand.addresses(w.values(SendCommand.CC.name())));
    }

    /** Whether the original goes as an attachment: --attach-message; --inline (the default) not with it. */
    public static boolean attached(boolean attachMessage, boolean inline) {
        if (attachMessage && inline) throw Words.usage("forward: --attach-message and --inline do not go together; choose one.");
        return attachMessage;
    }

    @Override
    boolean needsText(Args a) { return !a.attached(); }

    /** The inline forward carries the original's attachments ({@link #carried}); what it cannot carry is in {@code notes}. */
    @Override
    Draft template(Args a, String from, Envelope original, byte[] raw, RenderedMessage text, Set<String> own,
            Templates.Texts texts, List<String> notes) {
        Draft d = template(a, from, original, raw, text, own, texts);
        return a.attached() ? d : d.withAttachments(carried(raw, text, notes));
    }

    /** Signature and key parts of a signed or encrypted original: no file of the sender's, nothing to carry. */
    private static final Set<String> PROTECTION_TYPES = Set.of("application/pgp-signature", "application/pkcs7-signature",
            "application/x-pkcs7-signature", "application/pgp-encrypted", "application/pkcs7-mime", "application/x-pkcs7-mime");

    /**
     * The original's attachments, byte for byte under their names, for an inline forward, as mutt's forward_attachments
     * (hunt 37-P, P11: they were dropped without a word). Types as they came; a text part is typed again from its name
     * and bytes (its charset was in parameters the list does not keep). Of an original that came encrypted none is
     * carried (they are inside the ciphertext), and said so in {@code notes}.
     */
    static List<Draft.Attachment> carried(byte[] raw, RenderedMessage text, List<String> notes) {
        if (text != null && dev.postern.render.Protection.anyEncrypted(text.protections())) {
            notes.add("the original came encrypted, so its attachments are not carried inline; forward it with"
                    + " --attach-message (a in the reader) to send it whole");
            return List.of();
        }
        List<Draft.Attachment> out = new ArrayList<>();
        for (dev.postern.render.Attachments.Attachment x : dev.postern.render.Attachments.of(raw)) {
            dev.postern.model.Part p = x.part();
            String type = p.contentType() == null ? "application/octet-stream" : p.contentType().toLowerCase(java.util.Locale.ROOT);
            if (PROTECTION_TYPES.contains(type)) continue;
            byte[] bytes = x.content();
            String name = x.rawName() != null && !x.rawName().isBlank() ? x.rawName()
                    : p.filename() != null && !p.filename().isBlank() ? p.filename() : "attachment-" + p.index();
            if (bytes == null) {
                notes.add("attachment " + p.index() + " (" + dev.postern.render.Sanitizer.oneLine(name) + ") was not downloaded,"
                        + " so it is not carried; forward with --attach-message to send the original whole");
                continue;
            }
            out.add(new Draft.Attachment(name, type.startsWith("text/") ? null : type, null, bytes));
        }
        return out;
    }

    @Override
    Draft template(Args a, String from, Envelope original, byte[] raw, RenderedMessage text, Set<String> own, Templates.Texts texts) {
        Draft d = a.attached() ? Templates.forwardAttached(from, original, raw)
                : Templates.forwardInline(from, original, text.body(), dev.postern.model.Zones.zone(), texts);
        return d.withTo(a.to()).withCc(a.cc());
    }

    /** $Forwarded where the server keeps keywords, as mutt does; never fails the command (only logged). */
    @Override
    public CompletableFuture<List<String>> answered(MailController c, MessageRef original) {
        return c.forwarded(original).handle((v, err) -> {
            if (err != null) {
                org.slf4j.LoggerFactory.getLogger(ForwardCommand.class).info("$Forwarded not set: {}",
                        ReplyCommand.unwrap(err).getMessage());
            }
            return List.<String>of();
        });
    }
}
