package dev.postern.ui;

import dev.postern.compose.Outgoing;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * b (mutt's bounce-message), from the index or the pager: asks for the new recipients (Tab completes addresses
 * seen in the store), then y/n, then remails the original unchanged with Resent-* headers, from the identity it
 * was sent to; off the UI thread.
 */
final class BounceStep {
    private BounceStep() {}

    static void run(MailUi ui, Envelope e) {
        MailController c = ui.controller();
        StatusLine status = ui.status();
        Prompt prompt = ui.prompt();
        Outgoing out = c.outgoing();
        if (out == null) {
            status.error("Sending is not set up here; add [accounts.NAME.smtp] to the config.");
            return;
        }
        CompletableFuture.runAsync(() -> {
            try {
                out.completeAddress("", 1); // the address book scans the store once: not on this thread
            } catch (RuntimeException ignored) {
                // completion then offers nothing
            }
        });
        prompt.start("Bounce to: ", line -> {
            List<String> to = dev.postern.compose.DraftFile.split(line);
            if (to.isEmpty()) {
                status.notice("Not bounced.");
                return;
            }
            prompt.ask("Bounce the message to " + Sanitizer.oneLine(String.join(", ", to)) + "? (y/n)", yes -> {
                if (!yes) {
                    status.notice("Not bounced.");
                    return;
                }
                status.notice("Bouncing…");
                MessageRef ref = e.ref();
                c.raw(ref).thenApplyAsync(raw -> {
                    dev.postern.config.IdentityConfig.Identity i = dev.postern.compose.Identities.forOriginal(
                            out.identities(ref.account()), e, raw);
                    String from = i != null ? i.from() : out.fromAddress(ref.account());
                    if (from == null) {
                        throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.CONFIG, "account "
                                + ref.account() + " has no From address; set from in its smtp table.");
                    }
                    return out.bounce(ref.account(), dev.postern.compose.Bounce.prepare(raw, from, to,
                            java.time.Clock.systemDefaultZone()));
                }).whenComplete((r, err) -> ui.loop().post(() -> {
                    if (err != null) status.failed(err, "Bouncing");
                    else status.notice("Bounced to " + Sanitizer.oneLine(String.join(", ", r.recipients())) + ".");
                }));
            });
        }, null, (words, partial) -> {
            String p = partial.startsWith(",") ? partial.substring(1) : partial;
            if (p.isEmpty()) return List.of();
            try {
                return out.completeAddress(p, 10).stream().map(dev.postern.config.IdentityConfig::bare).distinct().toList();
            } catch (RuntimeException ex) {
                return List.of();
            }
        });
    }
}
