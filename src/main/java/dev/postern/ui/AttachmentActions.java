package dev.postern.ui;

import dev.postern.attach.AttachmentSaver;
import dev.postern.attach.Mailcap;
import dev.postern.attach.Viewer;
import dev.postern.controller.MailController;
import dev.postern.model.MessageRef;
import dev.postern.model.Part;
import dev.postern.render.Attachments;
import dev.postern.render.Sanitizer;
import dev.postern.render.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The pager's attachment keys: {@code s} saves (a number, a directory, both, or Enter for all; "2 | command" pipes
 * attachment 2 to a shell command instead) and {@code v}
 * opens one through mailcap, as mutt's attachment menu does. Only the attachment asked for is downloaded (of a
 * large IMAP message read text-first, that body part alone); the sizes are in the pager's list before anything is
 * fetched. A viewer that needs the terminal gets it (the screen steps aside as for $EDITOR and comes back when it
 * exits); a {@code copiousoutput} viewer runs beside the screen and its output is shown in the pager, q going
 * back to the message. Downloads, mailcap tests and copiousoutput runs are off the UI thread.
 */
final class AttachmentActions {
    /** How long a copiousoutput viewer may run beside the screen. */
    static final Duration OUTPUT_DEADLINE = Duration.ofSeconds(30);

    private final MailController c;
    private final UiLoop loop;
    private final StatusLine status;
    private final Prompt prompt;
    private final PagerView pager;
    private final List<Path> mailcapFiles;
    /** Shows a viewer's output in the pager (title, text); q goes back to the message. */
    private final BiConsumer<String, String> showOutput;
    static Supplier<Map<String, String>> environment = System::getenv;

    AttachmentActions(MailController c, UiLoop loop, StatusLine status, Prompt prompt, PagerView pager, List<Path> mailcapFiles,
            BiConsumer<String, String> showOutput) {
        this.c = c;
        this.loop = loop;
        this.status = status;
        this.prompt = prompt;
        this.pager = pager;
        this.mailcapFiles = mailcapFiles;
        this.showOutput = showOutput;
    }

    private List<Part> parts() {
        if (!pager.loaded()) {
            status.notice("The message is still loading.");
            return null;
        }
        List<Part> parts = pager.message().parts();
        if (parts.isEmpty()) {
            status.notice("This message has no attachments.");
            return null;
        }
        return parts;
    }

    /** "Downloading attachment 2 (1.2 MB)…" when it is still on the server, else null. */
    private static String downloading(List<Part> parts, Integer index) {
        long bytes = 0;
        for (Part p : parts) if (!p.fetched() && (index == null || p.index() == index)) bytes += Math.max(0, p.size());
        if (bytes == 0) return null;
        return "Downloading " + (index == null ? "the attachments" : "attachment " + index) + " (" + Sizes.human(bytes) + ")…";
    }

    /** {@code index} 0: all. The controller fetches only that part when the message was read text-first. */
    private CompletableFuture<List<Attachments.Attachment>> fetch(MessageRef ref, int index) {
        return c.attachments(ref, index).thenApply(all -> index == 0 ? all
                : all.stream().filter(a -> a.part().index() == index).toList());
    }

    /** Asks which attachment and where ("2", "2 ~/tmp", "~/tmp" or Enter for all into the default folder). */
    void save() {
        List<Part> parts = parts();
        if (parts == null) return;
        int n = parts.size();
        MessageRef ref = pager.ref();
        // The person at the terminal's: a served reader's client's environment and directory, not the owner's (A9).
        Map<String, String> env = loop.terminal().served() ? loop.terminal().environment() : environment.get();
        Path cwd = loop.terminal().directory();
        Path dir = SaveTarget.defaultDirectory(env, cwd);
        String which = n == 1 ? "attachment 1" : "attachment 1-" + n + " (Enter: all)";
        prompt.start("Save " + which + " [into " + Sanitizer.oneLine(dir.toString()) + "]: ", text -> {
            int bar = text.indexOf('|');
            if (bar >= 0) {
                pipe(parts, ref, text.substring(0, bar).strip(), text.substring(bar + 1).strip());
                return;
            }
            SaveTarget t;
            try {
                t = SaveTarget.parse(text, dir, n, env, cwd);
            } catch (IllegalArgumentException e) {
                status.error(e.getMessage());
                return;
            }
            String fetching = downloading(parts, t.index());
            status.notice(fetching != null ? fetching : "Saving…");
            fetch(ref, t.index() == null ? 0 : t.index()).thenApplyAsync(chosen -> {
                List<Path> written = new java.util.ArrayList<>();
                for (Attachments.Attachment a : chosen) a.atHand(); // none saved when one is not at hand, as on the command line
                for (Attachments.Attachment a : chosen) {
                    try {
                        written.add(AttachmentSaver.save(t.directory(), a.rawName(), a.part().index(), a::writeTo)); // streamed
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return written;
            }).whenComplete((files, err) -> loop.post(() -> {
                if (err != null) {
                    Throwable cause = err.getCause() != null ? err.getCause() : err;
                    status.error(cause instanceof java.io.UncheckedIOException io
                            ? "Could not save into " + t.directory() + ": " + io.getCause().getMessage()
                            : Errors.sentence(err, "Saving the attachment"));
                    return;
                }
                StringBuilder names = new StringBuilder();
                for (Path f : files) names.append(names.length() == 0 ? "" : ", ").append(f.getFileName());
                status.notice("Saved " + names + " in " + t.directory());
            }));
        });
    }

    /**
     * "2 | command" at the save prompt (mutt's pipe-entry in its attachment menu): attachment 2's decoded bytes go
     * to the shell command on its standard input; what it printed shows in the pager (q goes back to the message),
     * its exit status on the status line. The number may be left out when there is one attachment.
     */
    private void pipe(List<Part> parts, MessageRef ref, String number, String command) {
        int n = parts.size();
        int k;
        try {
            k = number.isEmpty() && n == 1 ? 1 : Integer.parseInt(number);
        } catch (NumberFormatException e) {
            status.error("Type the attachment's number before |, 1 to " + n + ".");
            return;
        }
        if (k < 1 || k > n) {
            status.error("There is no attachment " + k + "; this message has " + n + ".");
            return;
        }
        if (command.isEmpty()) {
            status.notice("Not piped: no command after |.");
            return;
        }
        String fetching = downloading(parts, k);
        status.notice(fetching != null ? fetching : "Running " + Sanitizer.oneLine(command) + "…");
        fetch(ref, k).thenCompose(found -> {
            if (found.isEmpty()) throw new IllegalStateException("attachment " + k + " is no longer in the message");
            Attachments.Attachment a = found.get(0);
            a.atHand();
            // Streamed from its kept file, not made whole in memory; a job as the message's pipe (:jobs, :cancel).
            return Pipe.job(command, a::writeTo, loop, c, ref.account());
        }).whenComplete((r, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Piping attachment " + k + " to " + command);
                return;
            }
            if (!pager.loaded() || !ref.equals(pager.ref())) return; // the user went elsewhere meanwhile
            String text = Sanitizer.text(r.output());
            if (r.truncated()) text += "\n(output cut at " + Pipe.MAX_OUTPUT / (1024 * 1024) + " MiB)";
            showOutput.accept("Attachment " + k + " | " + command + " (exit status " + r.exitStatus() + ")", text);
            String sentence = "The command exited with status " + r.exitStatus() + ": " + Sanitizer.oneLine(command);
            if (r.exitStatus() == 0) status.notice(sentence);
            else status.error(sentence);
        }));
    }

    /** What to start for an attachment: its entry (empty: none) and the attachment itself. */
    private record Opening(Attachments.Attachment attachment, Optional<Mailcap.Entry> entry, Mailcap mailcap) {}

    /** Asks which attachment (Enter: the first) and opens it with its mailcap viewer. */
    void open() {
        List<Part> parts = parts();
        if (parts == null) return;
        int n = parts.size();
        MessageRef ref = pager.ref();
        prompt.start("Open attachment " + (n == 1 ? "1" : "1-" + n) + " (Enter: 1): ", text -> {
            String t = text.strip();
            int k;
            try {
                k = t.isEmpty() ? 1 : Integer.parseInt(t);
            } catch (NumberFormatException e) {
                status.error("Type an attachment's number, 1 to " + n + ".");
                return;
            }
            if (k < 1 || k > n) {
                status.error("There is no attachment " + k + "; this message has " + n + ".");
                return;
            }
            String fetching = downloading(parts, k);
            status.notice(fetching != null ? fetching : "Opening attachment " + k + "…");
            Map<String, String> env = environment.get();
            fetch(ref, k).thenApplyAsync(found -> {
                if (found.isEmpty()) throw new IllegalStateException("attachment " + k + " is no longer in the message");
                Attachments.Attachment a = found.get(0);
                Mailcap mailcap = Mailcap.load(mailcapFiles != null ? mailcapFiles : Mailcap.defaultFiles(env));
                return new Opening(a, Viewer.entryFor(mailcap, a.part().contentType(), env), mailcap);
            }).whenComplete((o, err) -> loop.post(() -> {
                if (err != null) {
                    status.failed(err, "Opening attachment " + k);
                    return;
                }
                if (!pager.loaded() || !ref.equals(pager.ref())) return; // the user went elsewhere meanwhile
                start(o, k, env);
            }));
        });
    }

    private void start(Opening o, int k, Map<String, String> env) {
        Attachments.Attachment a = o.attachment();
        String type = Sanitizer.oneLine(a.part().contentType());
        if (o.entry().isEmpty()) {
            status.error("No mailcap entry opens " + type + " without a shell; add one (mailcap_path), or s saves it.");
            return;
        }
        byte[] content;
        try {
            content = a.bytes();
        } catch (dev.postern.model.PosternException notHere) {
            status.error(notHere.getMessage());
            return;
        }
        if (o.entry().get().copiousOutput()) {
            CompletableFuture.supplyAsync(() -> {
                try {
                    return Viewer.open(o.mailcap(), a.part().contentType(), a.rawName(), a.part().index(), content, env,
                            OUTPUT_DEADLINE);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.util.concurrent.CancellationException("interrupted");
                }
            }).whenComplete((r, err) -> loop.post(() -> {
                if (err != null) {
                    Throwable cause = err.getCause() != null ? err.getCause() : err;
                    String why = String.valueOf(cause instanceof java.io.UncheckedIOException io ? io.getCause().getMessage()
                            : cause.getMessage());
                    String program = dev.postern.model.ProgramStart.program(why);
                    status.error(program.isEmpty() ? Sanitizer.sentence("The viewer of attachment " + k + " failed: " + why)
                            : Sanitizer.oneLine(dev.postern.model.ProgramStart.sentence("The viewer of attachment " + k, program,
                                    why, "check the mailcap entry for " + type)));
                    return;
                }
                if (r.isEmpty()) return;
                Viewer.Outcome out = r.get();
                showOutput.accept("Attachment " + k + " (" + type + ")", Sanitizer.text(out.output()));
                exited(out, k);
            }));
            return;
        }
        String elsewhere = loop.terminal().onlyInOwner("A viewer that needs the terminal (attachment " + k + ", " + type + ")");
        if (elsewhere != null) {
            status.error(elsewhere + " s saves it.");
            return;
        }
        Optional<Viewer.Outcome>[] outcome = new Optional[] {Optional.empty()};
        String[] failure = {null};
        loop.suspendForProgram(() -> {
            try {
                outcome[0] = Viewer.open(o.mailcap(), a.part().contentType(), a.rawName(), a.part().index(), content, env);
            } catch (java.io.IOException e) {
                failure[0] = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (failure[0] != null) {
            status.error(Sanitizer.oneLine(dev.postern.model.ProgramStart.sentence("The viewer of attachment " + k,
                    dev.postern.model.ProgramStart.program(failure[0]), failure[0], "check the mailcap entry for " + type)));
        } else if (outcome[0].isPresent()) {
            exited(outcome[0].get(), k);
        }
    }

    private void exited(Viewer.Outcome out, int k) {
        String viewer = Sanitizer.oneLine(Path.of(out.argv().get(0)).getFileName().toString());
        if (out.exitCode() == 0) status.notice("Opened attachment " + k + " with " + viewer + ".");
        else status.error(viewer + " exited with status " + out.exitCode() + " for attachment " + k + ".");
    }
}
