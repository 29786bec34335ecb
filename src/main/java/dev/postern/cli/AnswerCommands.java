package dev.postern.cli;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.DraftFile;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Postman;
import dev.postern.compose.Templates;
import dev.postern.config.AccountConfig;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.RenderedMessage;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern reply} and {@code postern forward}: the same drafts the full-screen client starts from
 * ({@link Templates}), written in $VISUAL/$EDITOR when run on a terminal, or finished from a body file or
 * stdin in scripts, then sent through the same {@link Postman} path as {@code postern send}.
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

        @Option(names = "--body-file", paramLabel = "FILE", description = "Your text from FILE; sends without an editor.")
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

        private IdentityChoice identity;

        /** The draft the TUI would start from (its body is the quoted or forwarded part only). */
        abstract Draft template(String from, Envelope original, byte[] raw, RenderedMessage text, Set<String> own);

        /** The user's attribution and template files (config), read when the draft is made. */
        Templates.Texts texts = Templates.Texts.BUILT_IN;

        /** Whether the rendered text of the original is needed (not for a forward as attachment). */
        boolean needsText() { return true; }

        /** After a reply went out (or into the outbox): flag the original; nothing by default. */
        void answered(dev.postern.controller.MessageChanges c, MessageRef original) {}

        private MessageRef original;

        /** Called with the template before the body is added: recipients given on the command line. */
        Draft addressed(Draft d) { return d; }

        @Override
        public Integer call() {
            long uid = Uids.one(uidText);
            Wiring ctx = root.context();
            String account = ctx.account(root.account);
            AccountConfig a = ctx.config().account(account).orElseThrow();
            if (a.smtp() == null || (from == null && ctx.identityConfig().account(account).first() == null)) {
                throw new PosternException(ExitCode.CONFIG, "account " + account + " cannot send: add an [accounts." + account
                        + ".smtp] table with host and from to the config.");
            }
            boolean interactive = edit || (bodyFile == null && root.inIsTerminal() && Terminals.isTerminal(1));
            if (interactive && dryRun) interactive = edit;
            if (interactive && !yes && !dryRun && root.stdinIsScript()) {
                throw new PosternException(ExitCode.USAGE, "in a shell script stdin is the script, so postern cannot ask"
                        + " before sending; add --yes, or use --body-file FILE.");
            }
            // The user's text first (before talking to the server), so a bad --body-file costs nothing.
            String typed = interactive ? null : typedBody();
            dev.postern.controller.Reading c = root.reading();
            MessageRef ref = Futures.await(c.locate(account, folder, uid));
            original = ref;
            byte[] raw = Futures.await(c.raw(ref));
            RenderedMessage text = needsText() ? Futures.await(c.read(ref)) : null;
            Envelope original = c.envelope(ref, raw);
            identity = IdentityChoice.of(ctx, account, from, original, raw, !noSignature);
            String sender = identity.from();
            // Every account's addresses, not only this one's: reply-all drops all of the user's own.
            List<dev.postern.config.IdentityConfig.Account> everyAccount = new ArrayList<>(List.of(identity.ids()));
            Set<String> own = new LinkedHashSet<>();
            for (AccountConfig other : ctx.config().accounts()) {
                everyAccount.add(ctx.identityConfig().account(other.name()));
                if (other.user() != null && other.user().contains("@")) own.add(other.user());
                if (other.smtp() != null && other.smtp().from() != null) own.add(other.smtp().from());
            }
            own.addAll(dev.postern.compose.Identities.own(everyAccount, original));
            own.add(sender);
            if (root.composing().outgoing() != null) texts = root.composing().outgoing().templates();
            Draft d = addressed(template(sender, original, raw, text, own));
            d = d.withBody(identity.signed(d.body()));
            List<Draft.Attachment> atts = new ArrayList<>(d.attachments());
            for (Path p : attach) atts.add(Draft.Attachment.file(p));
            d = d.withAttachments(atts);
            if (interactive) {
                return edited(ctx, account, d);
            }
            String quoted = d.body().stripLeading();
            d = d.withBody(typed.isBlank() ? quoted : quoted.isEmpty() ? typed.stripTrailing() + "\n"
                    : typed.stripTrailing() + "\n\n" + quoted);
            return finish(ctx, account, new MessageBuilder().build(d));
        }

        private String typedBody() {
            if (bodyFile != null) {
                try {
                    return SendCommand.utf8(Files.readAllBytes(bodyFile));
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
                return SendCommand.utf8(root.in().readAllBytes());
            } catch (IOException e) {
                throw new PosternException(ExitCode.NOINPUT, "cannot read stdin (" + e.getMessage() + "); nothing was sent.", e);
            }
        }

        private int finish(Wiring ctx, String account, Built message) {
            message = crypto.apply(root, ctx, account, identity == null ? null : identity.identity(), message);
            if (dryRun) {
                root.out().println(Sanitizer.text(new String(message.raw(), StandardCharsets.UTF_8)));
                root.out().flush();
                return 0;
            }
            Postman.Result r = ctx.postman().send(account, message);
            SendCommand.report(root, json, r);
            answered(root.changes(), original);
            return r.exitCode();
        }

        /** Writes the draft to a private file, runs the editor on it, asks, sends; the file stays if anything fails. */
        private int edited(Wiring ctx, String account, Draft d) {
            String before = DraftFile.write(d);
            Path file = DraftEditing.write(before);
            String after = DraftEditing.edit(root, file, "the draft is in " + file);
            if (after.equals(before)) {
                root.err().println("postern: the draft was not changed; nothing was sent.");
                root.err().flush();
                DraftEditing.delete(file);
                return 0;
            }
            Draft edited = DraftFile.read(after, d);
            Built message;
            try {
                message = new MessageBuilder().build(edited);
            } catch (PosternException e) {
                throw new PosternException(e.exitCode(), e.getMessage().replaceAll("[.]$", "") + "; your draft is kept in "
                        + file + ".", e);
            }
            if (!dryRun && !yes && !DraftEditing.confirm(root, edited, message)) {
                root.err().println("postern: not sent; your draft is kept in " + file + ".");
                root.err().flush();
                return 0;
            }
            int code = finish(ctx, account, message);
            DraftEditing.delete(file);
            return code;
        }
    }

    @picocli.CommandLine.Command(name = "reply", description = {
            "Reply to a message, quoting it.",
            "Re: subject, In-Reply-To/References, the original quoted under an attribution line.",
            "On a terminal the draft opens in $VISUAL/$EDITOR and is sent after you confirm; with --body-file (or "
            + "text on stdin) your text goes above the quote and it is sent at once.",
            "Sent like `postern send`: a copy in Sent, or the outbox when the server cannot be reached (exit 75)."})
    static final class Reply extends Base {
        @Option(names = "--all", description = "Reply to everyone (To and Cc of the original), never to yourself.")
        boolean all;

        /** Like the flag column's r: the original is \\Answered once the reply is sent or queued. */
        @Override
        void answered(dev.postern.controller.MessageChanges c, MessageRef ref) {
            try {
                Futures.await(c.answered(ref));
            } catch (PosternException e) {
                root.err().println("postern: the reply went out but the original was not flagged answered: "
                        + Sanitizer.oneLine(e.getMessage()));
                root.err().flush();
            }
        }

        @Option(names = "--list", description = "Reply to the mailing list (Mail-Followup-To, else List-Post); exit 64"
                + " when the message names none.")
        boolean list;

        @Override
        Draft template(String from, Envelope original, byte[] raw, RenderedMessage text, Set<String> own) {
            if (list && all) throw new PosternException(ExitCode.USAGE, "--list and --all do not go together; choose one.");
            return list ? Templates.listReply(from, original, raw, text.body(), own, ZoneId.systemDefault(), texts)
                    : Templates.reply(from, original, raw, text.body(), all, own, ZoneId.systemDefault(), texts);
        }
    }

    @picocli.CommandLine.Command(name = "forward", description = {
            "Forward a message, inline or as an attachment.",
            "Inline (default): its text under a \"Forwarded message\" block; --attach-message: whole, as a "
            + "message/rfc822 attachment.",
            "On a terminal the draft opens in $VISUAL/$EDITOR; with --body-file (or text on stdin) it is sent at once "
            + "to --to.", "Sent like `postern send`."})
    static final class Forward extends Base {
        static final class Mode {
            @Option(names = "--attach-message", description = "Attach the original whole (message/rfc822).")
            boolean attached;

            @Option(names = "--inline", description = "Forward the text inline (the default).")
            boolean inline;
        }

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Mode mode;

        @Option(names = "--to", paramLabel = "ADDR", split = ",", description = "Recipient (repeatable, or comma-separated).")
        List<String> to = new ArrayList<>();

        @Option(names = "--cc", paramLabel = "ADDR", split = ",", description = "Copy recipient.")
        List<String> cc = new ArrayList<>();

        private boolean attached() { return mode != null && mode.attached; }

        @Override
        boolean needsText() { return !attached(); }

        @Override
        Draft template(String from, Envelope original, byte[] raw, RenderedMessage text, Set<String> own) {
            return attached() ? Templates.forwardAttached(from, original, raw)
                    : Templates.forwardInline(from, original, text.body(), ZoneId.systemDefault(), texts);
        }

        @Override
        Draft addressed(Draft d) {
            return d.withTo(to).withCc(cc);
        }

        /** $Forwarded where the server keeps keywords, as the reader's forward does (and mutt); never fails the command. */
        @Override
        void answered(dev.postern.controller.MessageChanges c, MessageRef ref) {
            try {
                Futures.await(c.forwarded(ref));
            } catch (PosternException e) {
                org.slf4j.LoggerFactory.getLogger(AnswerCommands.class).info("$Forwarded not set: {}", e.getMessage());
            }
        }
    }
}
