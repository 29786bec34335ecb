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
