package dev.postern.cli;

import dev.postern.ui.Cells;
import dev.postern.command.Commands;
import dev.postern.command.RecallCommand.Recalled;
import dev.postern.command.Sent;
import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.DraftFile;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Postman;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "recall", description = {"List postponed messages, or open one to finish and send it.",
        "The reader's P: without UID, list the account's Drafts "
        + "folder (drafts_folder, else \\Drafts, else Drafts or INBOX.Drafts); with UID, open that draft in $VISUAL/$EDITOR as a new message (recipients, "
        + "subject, thread headers and attachments kept), ask, and send it; it leaves Drafts as the send begins (a kill or a "
        + "failure then leaves it in drafts/ under the state directory, or in the outbox once its data went out).",
        "The editor needs a terminal, or --edit. Exit 0, 66 no such draft, 64 no terminal, else as `postern send`."})
/** {@code postern recall ...}: the argv adapter over {@link Commands#RECALL}; the editor round is this door's own. */
final class RecallCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(arity = "0..1", paramLabel = "UID", description = "UID of the draft (the list shows them).")
    String uidText;

    @Option(names = "--edit", description = "Open $VISUAL/$EDITOR even when not on a terminal.")
    boolean edit;

    @Option(names = {"-y", "--yes"}, description = "After the editor, send without asking.")
    boolean yes;

    @Option(names = "--json", description = "The list: one JSON object per draft (those kept in drafts/ with \"kind\": \"kept\");"
            + " sending: as `postern send --json`.")
    boolean json;

    @Override
    public Integer call() {
        String account = root.account();
        MailController c = root.controller();
        Long uid = uidText == null ? null : Uids.one(uidText);
        if (uid != null) {
            if (!edit && !root.atTerminal()) {
                throw new PosternException(ExitCode.USAGE, "recall opens the draft in your editor, which needs a terminal;"
                        + " run it on one, or add --edit.");
            }
            DraftEditing.editorHere(root);
            if (!yes && root.stdinIsScript()) {
                throw new PosternException(ExitCode.USAGE, "in a shell script stdin is the script, so postern cannot ask"
                        + " before sending; add --yes.");
            }
        }
        Recalled r = Futures.await(Commands.RECALL.run(c, new dev.postern.command.RecallCommand.Args(account, uid, edit, yes)));
        if (r.draft() != null) return edited(c, r);
        for (Envelope e : r.drafts()) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("uid", e.ref().uid());
                o.put("account", account);
                o.put("folder", r.folder());
                o.put("date", ListCommand.jsonDate(e.date()));
                o.put("to", e.to());
                o.put("subject", e.subject());
                root.out().println(Json.write(o));
            } else {
                Rows.of(root, false).println(String.format(java.util.Locale.ROOT, "%6d  %-16s  %s  %s", e.ref().uid(), e.date() == null ? ""
                        : e.date().toString().substring(0, 16).replace('T', ' '), Cells.pad(Sanitizer.oneLine(String.join(", ", e.to())), 28),
                        Sanitizer.oneLine(e.subject())));
            }
        }
        if (!json && r.drafts().isEmpty()) root.out().println(r.text());
        unsent(TuiSetup.stateDir(root.env()));
        root.out().flush();
        return 0;
    }

    /**
     * The messages not sent that postern kept in drafts/ (a reader that ended with one open, an owner that died under a
     * served reply): listed after the Drafts folder's, with how to send one. Nothing listed them (hunt 39-Y, Y9). With
     * --json one object each, told from the Drafts folder's (which are as they were) by {@code "kind": "kept"}: its file,
     * To (a list), Subject, and the command that sends it.
     */
    private void unsent(Path stateDir) {
        java.util.List<Path> kept = dev.postern.model.KeptDrafts.unsent(stateDir);
        if (kept.isEmpty()) return;
        for (Path f : kept) {
            String to = "";
            String subject = "";
            try {
                for (String line : DraftFile.decode(java.nio.file.Files.readAllBytes(f)).split("\n", -1)) {
                    if (line.isBlank()) break;
                    String lower = line.toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("to:")) to = line.substring(3).strip();
                    else if (lower.startsWith("subject:")) subject = line.substring(8).strip();
                }
            } catch (java.io.IOException | RuntimeException unreadable) {
                subject = json ? null : "(could not be read)";
            }
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("kind", "kept");
                o.put("file", f.toString());
                o.put("to", DraftFile.split(to));
                o.put("subject", subject);
                o.put("send", "postern send --file " + dev.postern.model.Names.shell(f.toString()));
                root.out().println(Json.write(o));
                continue;
            }
            Rows.of(root, false).println(String.format(java.util.Locale.ROOT, "  kept  %s  %s  %s", Sanitizer.oneLine(f.toString()),
                    Cells.pad(Sanitizer.oneLine(to), 28), Sanitizer.oneLine(subject)));
        }
        if (json) return;
        root.out().println(kept.size() + " message" + (kept.size() == 1 ? "" : "s") + " not sent, kept in "
                + Sanitizer.oneLine(stateDir.resolve("drafts").toString()) + ": send one with `postern send --file FILE`"
                + " (a reply stays in its thread).");
    }

    /** As reply's editor flow: a private file, the editor, a question, the send; then the draft leaves Drafts. */
    private int edited(MailController c, Recalled r) {
        Draft d = r.draft();
        Path file = DraftEditing.write(DraftFile.write(d));
        String text = DraftEditing.edit(root, file, at -> "the draft is still in Drafts (your edit: " + at + ")");
        java.util.function.Function<Path, String> keptEdit = at -> "the draft is still in Drafts and your edit is kept in " + at;
        Draft edited = DraftEditing.keptOnFailure(root, () -> DraftFile.read(text, d), file, keptEdit);
        Built message = DraftEditing.keptOnFailure(root, () -> new MessageBuilder().build(edited), file, keptEdit);
        if (!DraftEditing.confirm(root, edited, message, yes, file, keptEdit)) {
            // The edit leaves the temporary directory for drafts/, as every kept draft (hunt 37-P, P10).
            root.err().println("postern: not sent; the draft is still in Drafts (and your edit in " + DraftEditing.keep(root, file) + ").");
            root.err().flush();
            return 0;
        }
        // The edit, moved to drafts/ before postern connects, is the one copy from there: the draft leaves Drafts before
        // the send connects, and the edit goes when the outbox records the message before its final dot (or it went, or
        // waits in the outbox). A kill -9 leaves the edit or the outbox entry; a failure leaves the edit, and says so.
        UnsentDraft unsent = UnsentDraft.edited(root, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), file);
        dev.postern.command.RecallCommand.Leaving[] leaving = new dev.postern.command.RecallCommand.Leaving[1];
        Sent sent;
        try {
            sent = unsent.send(root, recorded -> {
                leaving[0] = unsent.kept() ? dev.postern.command.RecallCommand.leave(c, r) : null;
                return Commands.RECALL.send(c, r, message, recorded, leaving[0]);
            });
        } catch (PosternException e) {
            if (leaving[0] == null || !leaving[0].gone()) throw e;
            throw new PosternException(e.exitCode(), e.getMessage().replaceAll("[.]$", "") + "; it left "
                    + Sanitizer.oneLine(r.ref().folder()) + " when the send began.", e);
        }
        SendCommand.report(root, json, sent);
        Postman.Result result = sent.result();
        return result.outcome() != Postman.Outcome.SENT ? ExitCode.TEMPFAIL.code() : 0;
    }
}
