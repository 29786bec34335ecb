package dev.postern.ui;

import dev.postern.controller.MailController;
import dev.postern.model.MessageRef;
import dev.postern.render.RenderedMessage;
import dev.postern.render.Sanitizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * mutt's pipe-message, from the index or the pager: asks for a shell command, gives it the messages' exact bytes
 * one after another (or, {@code decoded}, as mutt's pipe_decode, their text as the pager shows it: the displayed
 * header fields, a blank line and the decoded body, in UTF-8), and shows what it printed in the pager, its exit
 * status on the status line. The bytes come from the store or the server and the command runs on threads of
 * their own: the screen never waits for it. Its output replaces the view only if the user is still on it (the same
 * view, the same message); otherwise only the status line tells how it ended.
 */
final class PipeStep {
    private PipeStep() {}

    static void run(MailUi ui, List<MessageRef> targets, boolean decoded) {
        StatusLine status = ui.status();
        if (targets.isEmpty()) {
            status.notice("There is no message to pipe.");
            return;
        }
        MailController c = ui.controller();
        String what = (targets.size() == 1 ? "the message" : targets.size() + " messages") + (decoded ? " as text" : "");
        ui.prompt().start("Pipe " + what + " to command: ", line -> {
            String command = line.strip();
            if (command.isEmpty()) return;
            status.notice("Running " + Sanitizer.oneLine(command) + "… (:jobs lists it, :cancel stops it)");
            // Where the user was: the output replaces that view only if they are still there when it comes.
            Mode from = ui.mode();
            List<MessageRef> fromShown = from.targets();
            CompletableFuture<ByteArrayOutputStream> bytes = CompletableFuture.completedFuture(new ByteArrayOutputStream());
            for (MessageRef ref : targets) {
                bytes = bytes.thenCompose(out -> (decoded ? c.read(ref).thenApply(PipeStep::decodedText) : c.raw(ref)).thenApply(raw -> {
                    out.writeBytes(raw);
                    return out;
                }));
            }
            bytes.thenCompose(out -> Pipe.job(command, Pipe.Input.of(out.toByteArray()), ui.loop(), c, targets.get(0).account())).whenComplete((r, err) -> ui.loop().post(() -> {
                if (err != null) {
                    if (targets.size() == 1) status.failedOnShown(err, "Piping to " + command);
                    else status.failed(err, "Piping to " + command);
                    return;
                }
                List<RenderedMessage.Header> headers = List.of(
                        new RenderedMessage.Header("Command", command),
                        new RenderedMessage.Header("Exit status", String.valueOf(r.exitStatus())));
                String body = r.output().isEmpty() ? "(no output)" : r.output();
                if (r.truncated()) body += "\n(output cut at " + Pipe.MAX_OUTPUT / (1024 * 1024) + " MiB)";
                String sentence = "The command exited with status " + r.exitStatus();
                if (ui.mode() == from && java.util.Objects.equals(from.targets(), fromShown)) {
                    ui.pagerMode().showText(new RenderedMessage(headers, body, List.of(), List.of()));
                } else {
                    // The user went on (another message, the compose screen) meanwhile: the output must not take
                    // over what they are looking at now, least of all a screen whose keys would still be live.
                    sentence += " (output not shown: you had moved on)";
                }
                sentence += ": " + Sanitizer.oneLine(command);
                if (r.exitStatus() == 0) status.notice(sentence);
                else status.error(sentence);
                if (targets.size() > 1) ui.actions().untag(targets);
            }));
        }, null, null);
    }

    /** A message as pipe-decoded gives it: its displayed header fields, a blank line, its decoded body (UTF-8). */
    static byte[] decodedText(RenderedMessage m) {
        StringBuilder t = new StringBuilder();
        for (RenderedMessage.Header h : m.headers()) {
            t.append(Sanitizer.oneLine(h.name())).append(": ").append(Sanitizer.oneLine(h.value())).append('\n');
        }
        t.append('\n').append(m.body());
        if (!m.body().endsWith("\n")) t.append('\n');
        return t.toString().getBytes(StandardCharsets.UTF_8);
    }
}
