package dev.postern.ui;

import dev.postern.command.BounceCommand;
import dev.postern.command.Commands;
import dev.postern.command.Messages;
import dev.postern.compose.Outgoing;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * b (mutt's bounce-message), from the index or the pager: asks for the new recipients (Tab completes addresses
 * seen in the store), then y/n, then runs the typed {@code bounce} ({@link Commands#BOUNCE}): the original remailed
 * unchanged with Resent-* headers, from the identity it was sent to; off the UI thread.
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
                // The typed bounce, as `postern bounce` and `:bounce --to` run it: from the identity it was sent to.
                Commands.BOUNCE.run(c, new BounceCommand.Args(Messages.seen(ref.account(), ref.folder(), ref.uidValidity(), List.of(ref.uid())), to,
                        null, false)).whenComplete((r, err) -> ui.loop().post(() -> {
                    if (err != null) status.failedOnShown(err, "Bouncing");
                    else status.notice(r.text());
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
