package dev.postern.cli;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.DraftFile;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Postman;
import dev.postern.compose.Recall;
import dev.postern.config.AccountConfig;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "recall", description = {"List postponed messages, or open one to finish and send it.",
        "The reader's P: without UID, list the account's Drafts "
        + "folder (\\Drafts, else Drafts); with UID, open that draft in $VISUAL/$EDITOR as a new message (recipients, "
        + "subject, thread headers and attachments kept), ask, send, and delete it from Drafts once the server took it.",
        "The editor needs a terminal, or --edit. Exit 0, 66 no such draft, 64 no terminal, else as `postern send`."})
final class RecallCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(arity = "0..1", paramLabel = "UID", description = "UID of the draft (the list shows them).")
    String uidText;

    @Option(names = "--edit", description = "Open $VISUAL/$EDITOR even when not on a terminal.")
    boolean edit;

    @Option(names = {"-y", "--yes"}, description = "After the editor, send without asking.")
    boolean yes;

    @Option(names = "--json", description = "The list: one JSON object per draft; sending: as `postern send --json`.")
    boolean json;

    @Override
    public Integer call() {
        Wiring ctx = root.context();
        String account = ctx.account(root.account);
        MailController c = ctx.controller();
        String folder = draftsFolder(c, account);
        if (uidText == null) return list(c, account, folder);
        long uid = Uids.one(uidText);
        AccountConfig a = ctx.config().account(account).orElseThrow();
        String from = a.smtp() != null ? a.smtp().fromAddress(a) : null;
        if (a.smtp() == null || from == null) {
            throw new PosternException(ExitCode.CONFIG, "account " + account + " cannot send: add an [accounts." + account
                    + ".smtp] table with host and from to the config.");
        }
        if (!edit && !(root.inIsTerminal() && Terminals.isTerminal(1))) {
            throw new PosternException(ExitCode.USAGE, "recall opens the draft in your editor, which needs a terminal;"
                    + " run it on one, or add --edit.");
        }
        if (!yes && root.stdinIsScript()) {
            throw new PosternException(ExitCode.USAGE, "in a shell script stdin is the script, so postern cannot ask"
                    + " before sending; add --yes.");
        }
        if (folder == null) throw new PosternException(ExitCode.NOINPUT, "account " + account + " has no Drafts folder.");
        MessageRef ref = Futures.await(c.locate(account, folder, uid));
        Draft d = Recall.draft(Futures.await(c.raw(ref)), from);
        return edited(ctx, c, account, ref, d);
    }

    /** The \Drafts folder, else "Drafts"; null when the account has neither. */
    private static String draftsFolder(MailController c, String account) {
        List<Folder> folders = Futures.await(c.refreshFolders(account));
        for (Folder f : folders) {
            if (f.attributes().stream().anyMatch(x -> x.equalsIgnoreCase("\\Drafts"))) return f.name();
        }
        return folders.stream().anyMatch(f -> f.name().equals("Drafts")) ? "Drafts" : null;
    }

    private int list(MailController c, String account, String folder) {
        List<Envelope> drafts = List.of();
        if (folder != null) {
            Futures.await(c.refreshFolder(account, folder));
            drafts = c.page(account, folder, 0, Integer.MAX_VALUE);
        }
        for (Envelope e : drafts) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("uid", e.ref().uid());
                o.put("account", account);
                o.put("folder", folder);
                o.put("date", e.date() == null ? null : e.date().toString());
                o.put("to", e.to());
                o.put("subject", e.subject());
                root.out().println(Json.write(o));
            } else {
                Rows.of(root, false).println(String.format("%6d  %-16s  %-28s  %s", e.ref().uid(), e.date() == null ? ""
                        : e.date().toString().substring(0, 16).replace('T', ' '), Sanitizer.oneLine(String.join(", ", e.to())),
                        Sanitizer.oneLine(e.subject())));
            }
        }
        if (!json && drafts.isEmpty()) root.out().println("no postponed messages" + (folder == null ? "" : " in " + folder));
        root.out().flush();
        return 0;
    }

    /** As reply's editor flow: a private file, the editor, a question, the send; then the draft leaves Drafts. */
    private int edited(Wiring ctx, MailController c, String account, MessageRef ref, Draft d) {
        Path file = DraftEditing.write(DraftFile.write(d));
        String kept = "the draft is still in Drafts (your edit: " + file + ")";
        Draft edited = DraftFile.read(DraftEditing.edit(root, file, kept), d);
        Built message = new MessageBuilder().build(edited);
        if (!yes && !DraftEditing.confirm(root, edited, message)) {
            root.err().println("postern: not sent; the draft is still in Drafts (and your edit in " + file + ").");
            root.err().flush();
            return 0;
        }
        Postman.Result r = ctx.postman().send(account, message);
        SendCommand.report(root, json, r);
        DraftEditing.delete(file);
        if (r.outcome() != Postman.Outcome.SENT) {
            root.err().println("postern: the draft stays in Drafts until the message has gone out.");
            root.err().flush();
            return ExitCode.TEMPFAIL.code();
        }
        try {
            Futures.await(dev.postern.command.Commands.DELETE.run(c, new dev.postern.command.DeleteCommand.Args(
                    dev.postern.command.Messages.of(account, ref.folder(), List.of(ref.uid())), true, null)));
        } catch (PosternException e) {
            root.err().println("postern: sent, but the draft is still in " + Sanitizer.oneLine(ref.folder()) + ": "
                    + Sanitizer.oneLine(e.getMessage()));
            root.err().flush();
        }
        return 0;
    }
}
