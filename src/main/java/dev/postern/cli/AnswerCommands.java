package dev.postern.cli;

import dev.postern.command.AnswerCommand;
import dev.postern.command.Commands;
import dev.postern.command.Messages;
import dev.postern.command.Sent;
import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.DraftFile;
import dev.postern.compose.MessageBuilder;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern reply} and {@code postern forward}: the same drafts the full-screen client starts from
 * ({@link Templates}), written in $VISUAL/$EDITOR when run on a terminal, or finished from a body file or
 * stdin in scripts: the argv adapters over {@link Commands#REPLY} and {@link Commands#FORWARD} (the editor round is
 * this door's own), sent through the same composing capability as {@code postern send}.
 */
final class AnswerCommands {
    private AnswerCommands() {}

    /** What reply and forward share: the message answered, the body source, attachments, sending. */
    abstract static class Base implements Callable<Integer> {
        @ParentCommand PosternCommand root;

        @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder of the message.")
        String folder;

        @Parameters(index = "1", paramLabel = "UID", description = "UID of the message (`postern list` shows them).")
        String uidText;

        @Option(names = "--body-file", paramLabel = "FILE", description = "Your text from FILE, above the quote; sent at once,"
                + " or with --edit put in the draft the editor opens.")
        Path bodyFile;

        @Option(names = "--attach", paramLabel = "FILE", description = "Attach a file (repeatable).")
        List<Path> attach = new ArrayList<>();

        @Option(names = "--dry-run", description = "Print the message that would be sent; send nothing.")
        boolean dryRun;

        @Option(names = "--edit", description = "Open $VISUAL/$EDITOR on the draft even when not on a terminal.")
        boolean edit;

        @Option(names = {"-y", "--yes"}, description = "After the editor, send without asking.")
        boolean yes;

        @Option(names = "--json", description = "One JSON object on stdout, as `postern send --json`.")
        boolean json;

        @Option(names = "--from", paramLabel = "ADDR", description = "Send as this identity (its address or name) or"
                + " address; default: the identity the message was sent to.")
        String from;

        @Option(names = "--no-signature", description = "Leave the signature out.")
        boolean noSignature;

        @picocli.CommandLine.Mixin CryptoOptions crypto = new CryptoOptions();

        /** The typed command this adapts. */
        abstract AnswerCommand command();

        /** The arguments only this command has (--all, --list; --attach-message, --to, --cc). */
        abstract AnswerCommand.Args args(Messages message, String body, boolean interactive);

        AnswerCommand.Args args(Messages message, String body, boolean interactive, boolean all, boolean list, boolean attached,
                List<String> to, List<String> cc) {
            return new AnswerCommand.Args(message, body, null, attach, dryRun, edit, yes, from, noSignature, crypto.sign,
                    crypto.encrypt, crypto.smime, all, list, attached, split(to), split(cc), false);
        }

        @Override
        public Integer call() {
            long uid = Uids.one(uidText);
            String account = root.account();
            boolean interactive = edit || (bodyFile == null && root.atTerminal());
            if (interactive && dryRun) interactive = edit;
            if (interactive) DraftEditing.editorHere(root); // served, with no terminal to lend: said before anything is read
            if (interactive && !yes && !dryRun && root.stdinIsScript()) {
                throw new PosternException(ExitCode.USAGE, "in a shell script stdin is the script, so postern cannot ask"
                        + " before sending; add --yes, or use --body-file FILE.");
            }
            // The user's text first (before talking to the server), so a bad --body-file costs nothing. With the editor
            // it goes into the draft the editor opens, where the template puts the answer (hunt 37-P, P9).
            String typed = interactive ? forTheEditor() : typedBody();
            AnswerCommand.Args a = args(Messages.of(account, folder, List.of(uid)), typed, interactive);
            if (typed != null && bodyFile == null && !dryRun && !interactive) {
                // Typed on stdin: on disk before postern connects, as send's text (UnsentDraft), so a kill -9 cannot lose it.
                Sent sent = UnsentDraft.sending(root, typed.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        recorded -> command().run(root.controller(), a, recorded));
                SendCommand.report(root, json, sent);
                return sent.exitCode();
            }
            dev.postern.controller.MailController c;
            Sent r;
            try {
                c = root.controller();
                r = Futures.await(interactive ? command().draft(c, a) : command().run(c, a));
            } catch (PosternException e) {
                // Text from stdin for the editor, and no draft to open (the original could not be read): kept in drafts/.
                if (interactive && typed != null && !typed.isBlank() && bodyFile == null && !dryRun) {
                    throw DraftEditing.keptUnsent(root, e, typed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                // Neither sent nor queued (a full data disk, a refusal): the text is still in the user's own file.
                if (bodyFile == null || dryRun) throw e;
                throw dev.postern.compose.Postman.perhapsSent(e) ? e : DraftEditing.notSent(e, "your text is still in " + bodyFile);
            }
            if (r.draft() == null) {
                SendCommand.report(root, json, r);
                return r.exitCode();
            }
            for (String note : r.notes()) root.err().println("postern: " + note);
            return edited(c, a, r);
        }

        /**
         * The user's text for the draft the editor opens: --body-file's; else stdin's when it is neither a terminal, nor
         * the script, nor needed for the [y/N] question (so only with --yes or --dry-run); else none.
         */
        private String forTheEditor() {
            if (bodyFile != null) return typedBody();
            if ((yes || dryRun) && !root.inIsTerminal() && !root.stdinIsScript()) return typedBody();
            return null;
        }

        private String typedBody() {
            if (bodyFile != null) {
                try {
                    try (java.io.InputStream in = Files.newInputStream(bodyFile)) { // bounded (hunt 38-A, A5)
                        return SendCommand.utf8(dev.postern.compose.InputLimit.bounded(in, bodyFile.toString()));
                    }
                } catch (IOException e) {
                    throw new PosternException(ExitCode.NOINPUT, "cannot read " + bodyFile + " (" + e.getMessage()
                            + "); nothing was sent.", e);
                }
            }
            if (root.stdinIsScript()) {
                throw new PosternException(ExitCode.USAGE, "in a shell script stdin is the script; give your text with"
                        + " --body-file FILE.");
            }
            if (root.inIsTerminal()) {
                if (dryRun) return "";
                throw new PosternException(ExitCode.USAGE, "no editor without a terminal on stdout; give your text with"
                        + " --body-file FILE or on stdin.");
            }
            try {
                return SendCommand.utf8(dev.postern.compose.InputLimit.bounded(root.in(), "stdin"));
            } catch (IOException e) {
                throw new PosternException(ExitCode.NOINPUT, "cannot read stdin (" + e.getMessage() + "); nothing was sent.", e);
            }
        }

        /**
         * Writes the draft to a private file, runs the editor on it, asks, sends; the file stays, and is named, if
         * anything fails before the message is sent or queued.
         */
        private int edited(dev.postern.controller.MailController c, AnswerCommand.Args a, Sent drafted) {
            Draft d = drafted.draft();
            String before = DraftFile.write(d);
            Path file = DraftEditing.write(before);
            String after = DraftEditing.edit(root, file, at -> "your draft is kept in " + at);
            if (after.equals(before)) {
                root.err().println("postern: the draft was not changed; nothing was sent.");
                root.err().flush();
                DraftEditing.delete(file);
                return 0;
            }
            Draft edited = DraftEditing.keptOnFailure(root, () -> DraftFile.read(after, d), file, at -> "your draft is kept in " + at);
            Built message = DraftEditing.keptOnFailure(root, () -> new MessageBuilder().build(edited), file,
                    at -> "your draft is kept in " + at);
            if (!dryRun && !DraftEditing.confirm(root, edited, message, yes, file, at -> "your draft is kept in " + at)) {
                // Declined: the edited text leaves the temporary directory (swept, perhaps a tmpfs) for drafts/, where
                // every kept draft is; the editor's file stays the draft only when drafts/ cannot be written.
                UnsentDraft kept = UnsentDraft.edited(root, after.getBytes(java.nio.charset.StandardCharsets.UTF_8), file);
                root.err().println("postern: not sent; your draft is kept in " + kept.file() + ".");
                root.err().flush();
                return 0;
            }
            if (dryRun) {
                Sent shown = DraftEditing.keptOnFailure(root, () -> Futures.await(command().send(c, a, drafted, message)), file,
                        at -> "your draft is kept in " + at);
                SendCommand.report(root, json, shown);
                DraftEditing.delete(file);
                return shown.exitCode();
            }
            // The edited draft leaves the temporary directory for drafts/ before postern connects, and goes as send's text.
            Sent r = UnsentDraft.edited(root, after.getBytes(java.nio.charset.StandardCharsets.UTF_8), file)
                    .send(root, recorded -> command().send(c, a, drafted, message, recorded));
            SendCommand.report(root, json, r);
            return r.exitCode();
        }
    }

    private static List<String> split(List<String> values) {
        return values.stream().filter(v -> !v.isBlank()).map(String::strip).toList();
    }

    @picocli.CommandLine.Command(name = "reply", description = {
            "Reply to a message, quoting it.",
            "Re: subject, In-Reply-To/References, the original quoted under an attribution line.",
            "On a terminal the draft opens in $VISUAL/$EDITOR and is sent after you confirm; with --body-file (or "
            + "text on stdin) your text goes above the quote and it is sent at once; with --edit too, the editor opens on"
            + " the draft with your text in it (stdin's only with --yes, as stdin answers the question).",
            "An editor that exits non-zero sends nothing (exit 0, as answering no), one that does not exist is 78; the "
            + "draft is kept in $XDG_STATE_HOME/postern/drafts.",
            "An empty Subject is asked about (\"No subject; send to ... anyway? [y/N]\"; --yes answers it), or never sent"
            + " (65, the draft kept), or sent as any draft, as the config's abort_nosubject says (ask, yes, no).",
            "Sent like `postern send`: a copy in Sent, or the outbox when the server cannot be reached (exit 75).",
            "A reply to a message that came encrypted is encrypted (pgp_reply_encrypt); with a key missing it is refused"
            + " (exit 65) and --no-encrypt sends it in clear."})
    static final class Reply extends Base {
        @Option(names = "--all", description = "Reply to everyone (To and Cc of the original), never to yourself.")
        boolean all;

        @Option(names = "--list", description = "Reply to the mailing list (Mail-Followup-To, else List-Post); exit 64"
                + " when the message names none.")
        boolean list;

        @Override
        AnswerCommand command() { return Commands.REPLY; }

        @Override
        AnswerCommand.Args args(Messages message, String body, boolean interactive) {
            return args(message, body, interactive, all, list, false, List.of(), List.of());
        }
    }

    @picocli.CommandLine.Command(name = "forward", description = {
            "Forward a message, inline or as an attachment.",
            "Inline (default): its text under a \"Forwarded message\" block, its attachments attached as they were;"
            + " --attach-message: whole, as a message/rfc822 attachment.",
            "On a terminal the draft opens in $VISUAL/$EDITOR; with --body-file (or text on stdin) it is sent at once "
            + "to --to; with --edit too, in the draft the editor opens.", "The editor and the exit codes as for `postern reply`; sent like `postern send`; inline, a message"
            + " that came encrypted is forwarded encrypted, as `postern reply` says."})
    static final class Forward extends Base {
        @Option(names = "--attach-message", description = "Attach the original whole (message/rfc822).")
        boolean attachMessage;

        @Option(names = "--inline", description = "Forward the text inline (the default).")
        boolean inline;

        @Option(names = "--to", paramLabel = "ADDR", split = ",", description = "Recipient (repeatable, or comma-separated).")
        List<String> to = new ArrayList<>();

        @Option(names = "--cc", paramLabel = "ADDR", split = ",", description = "Copy recipient.")
        List<String> cc = new ArrayList<>();

        private boolean attached() { return dev.postern.command.ForwardCommand.attached(attachMessage, inline); }

        @Override
        AnswerCommand command() { return Commands.FORWARD; }

        @Override
        AnswerCommand.Args args(Messages message, String body, boolean interactive) {
            return args(message, body, interactive, false, false, attached(), to, cc);
        }
    }
}
