package dev.postern.command;

import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Protected;
import dev.postern.compose.Sender;
import dev.postern.compose.Templates;
import dev.postern.config.CryptoConfig;
import dev.postern.controller.MailController;
import dev.postern.model.ClientDirectory;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.RenderedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What reply and forward share: the draft made from the message answered (the same templates in every door),
 * signed as the identity it was sent to; with the user's text it is sent at once (or printed, --dry-run), without
 * it the result is the draft, which the door's editor finishes ({@link #send} then sends it).
 */
public abstract class AnswerCommand implements Command<AnswerCommand.Args, Sent> {
    /**
     * @param message    the one message answered
     * @param body       the user's text, or null: from {@code bodyFile}, else no text (the draft is the result)
     * @param lenient    a signature that cannot be read leaves the draft unsigned with a note (the reader), instead of failing
     * @param edit       the batch door opens the editor even without a terminal (the reader always edits); likewise {@code yes}
     */
    public record Args(Messages message, String body, Path bodyFile, List<Path> attach, boolean dryRun, boolean edit, boolean yes,
            String from, boolean noSignature, Boolean sign, Boolean encrypt, boolean smime, boolean all, boolean list,
            boolean attached, List<String> to, List<String> cc, boolean lenient) {
        public Args {
            attach = List.copyOf(attach);
            to = List.copyOf(to);
            cc = List.copyOf(cc);
            if (message.uids().size() != 1) throw Words.usage("one message at a time, not " + message.uids().size() + ".");
            if (list && all) throw new PosternException(ExitCode.USAGE, "--list and --all do not go together; choose one.");
        }

        /** The same with the user's text. */
        public Args withBody(String text) {
            return new Args(message, text, bodyFile, attach, dryRun, edit, yes, from, noSignature, sign, encrypt, smime, all, list,
                    attached, to, cc, lenient);
        }
    }

    static final Option BODY_FILE = Option.of("--body-file", Option.Value.TEXT);
    static final Option ATTACH = Option.repeatable("--attach");
    static final Option DRY_RUN = Option.flagSwitch("--dry-run");
    static final Option EDIT = Option.flagSwitch("--edit");
    static final Option YES = Option.flagSwitch("--yes");
    static final Option FROM = Option.of("--from", Option.Value.TEXT);
    static final Option NO_SIGNATURE = Option.flagSwitch("--no-signature");

    /** The options both take. */
    static List<Option> common() {
        List<Option> o = new ArrayList<>(List.of(BODY_FILE, ATTACH, DRY_RUN, EDIT, YES, FROM, NO_SIGNATURE));
        o.addAll(SendCommand.PROTECTION);
        return o;
    }

    @Override public boolean takesMessages() { return true; }

    @Override public String doing() { return "send mail"; }

    /** As the template below; what it left out of the original's addresses (reply-all) goes into {@code notes}. */
    Draft template(Args a, String from, Envelope original, byte[] raw, RenderedMessage text, Set<String> own,
            Templates.Texts texts, List<String> notes) {
        return template(a, from, original, raw, text, own, texts);
    }

    /** The template, addressed (its body is the quoted or forwarded part only). */
    abstract Draft template(Args a, String from, Envelope original, byte[] raw, RenderedMessage text, Set<String> own,
            Templates.Texts texts);

    /**
     * What of the drafted body comes before the user's text given with --body-file or on stdin ("" puts it first): a
     * reply template's greeting.
     */
    String lead(Envelope original, Templates.Texts texts) { return ""; }

    /** Whether the rendered text of the original is needed (not for a forward as attachment). */
    boolean needsText(Args a) { return true; }

    /**
     * After the answer went out (or into the outbox): flags the original (answered, $Forwarded); never fails, the
     * notes say what did not happen. A door that sends the draft itself (the reader's compose screen) calls it.
     */
    public abstract CompletableFuture<List<String>> answered(MailController c, MessageRef original);

    /** The words a door read: the switches and values both commands take. */
    Args common(Words w, Messages targets, boolean all, boolean list, boolean attached, List<String> to, List<String> cc) {
        return new Args(targets, null, w.value(BODY_FILE.name()) == null ? null : ClientDirectory.resolve(w.value(BODY_FILE.name())),
                w.values(ATTACH.name()).stream().map(ClientDirectory::resolve).toList(), w.has(DRY_RUN.name()), w.has(EDIT.name()), w.has(YES.name()),
                w.value(FROM.name()), w.has(NO_SIGNATURE.name()), w.choice(SendCommand.SIGN.name()),
                w.choice(SendCommand.ENCRYPT.name()), w.has(SendCommand.SMIME.name()), all, list, attached, to, cc, true);
    }

    @Override
    public CompletableFuture<Sent> run(MailController c, Args a) {
        return run(c, a, null);
    }

    /**
     * As {@link #run(MailController, Args)}; {@code recorded}, or null, runs once a message sent with the user's text is
     * recorded in the outbox as perhaps delivered, just before its end of data (the door then drops its unsent draft).
     */
    public CompletableFuture<Sent> run(MailController c, Args a, Runnable recorded) {
        return run(c, a, recorded, true);
    }

    /**
     * The draft only, never sent, with the user's text ({@code a.body()} or {@code a.bodyFile()}, if any) already where
     * the template puts the answer: what a door's editor opens (reply --edit --body-file FILE, hunt 37-P, P9: the text
     * given was dropped and the reply went without it).
     */
    public CompletableFuture<Sent> draft(MailController c, Args a) {
        return run(c, a, null, false);
    }

    private CompletableFuture<Sent> run(MailController c, Args a, Runnable recorded, boolean send) {
        String account = a.message().account();
        try {
            // The reader drafts without SMTP too (its compose screen can postpone to Drafts); sending then says why not.
            if (!a.lenient()) c.checkCanSend(account);
        } catch (PosternException e) {
            return CompletableFuture.failedFuture(e);
        }
        // The user's text first (before talking to the server), so a bad --body-file costs nothing.
        String typed;
        try {
            typed = a.body() != null ? a.body() : a.bodyFile() != null ? read(a.bodyFile()) : null;
        } catch (PosternException e) {
            return CompletableFuture.failedFuture(e);
        }
        long uid = a.message().uids().first();
        // The served client's zone, for the attribution line and the Date header made on pool threads (T10).
        java.time.ZoneId client = dev.postern.model.Zones.client();
        return c.locate(account, a.message().folder(), a.message().uidValidity(), uid).thenCompose(ref -> c.raw(ref).thenCompose(raw ->
                (needsText(a) ? c.read(ref) : CompletableFuture.<RenderedMessage>completedFuture(null))
                        .thenApplyAsync(text -> dev.postern.model.Zones.within(client, () -> drafted(c, a, ref, raw, text, typed)))))
                .thenCompose(d -> typed == null || !send ? CompletableFuture.completedFuture(d)
                        : dev.postern.model.Zones.within(client, () -> withText(c, a, d, recorded)));
    }

    /** The draft; with {@code typed} (the user's text, or null) put where the template puts the answer. */
    private Sent drafted(MailController c, Args a, MessageRef ref, byte[] raw, RenderedMessage text, String typed) {
        String account = ref.account();
        // The sender as the header writes it, for the template's %n and %a and a forward's From line (hunt 35-E, E5).
        Envelope original = Templates.asWritten(c.envelope(ref, raw), raw);
        List<String> notes = new ArrayList<>();
        Sender who;
        try {
            who = c.sender(account, a.from(), original, raw, !a.noSignature());
        } catch (PosternException e) {
            if (!a.lenient()) throw e;
            notes.add("Without a signature: " + e.getMessage());
            who = c.sender(account, a.from(), original, raw, false);
        }
        String from = who.from();
        if (from == null && a.lenient() && c.outgoing() != null) from = c.outgoing().fromAddress(account); // the login, say
        if (from == null) {
            throw new PosternException(ExitCode.CONFIG, "account " + account + " cannot send: add an [accounts." + dev.postern.model.Names.tomlKey(account)
                    + ".smtp] table with host and from to the config.");
        }
        // Every account's addresses, not only this one's: reply-all drops all of the user's own.
        Set<String> own = new java.util.LinkedHashSet<>(c.ownAddresses(who, original));
        own.add(from);
        // postern's own status lines ("[postern] PGP GOOD signature ...") are not the sender's words: not quoted.
        // Nor is the reader's text of its attachments (extracted, or "[could not read this attachment ...]"): hunt 37-P, P11.
        RenderedMessage quoted = text == null ? null : new RenderedMessage(text.headers(), dev.postern.render.Protection.withoutStatusLines(
                dev.postern.render.AttachmentSections.withoutSections(text.body(), text.parts(), text.links())), text.parts(),
                text.links(), text.protections());
        boolean quotesEncrypted = quoted != null && dev.postern.render.Protection.anyEncrypted(quoted.protections());
        Draft d = who.signed(template(a, from, original, raw, quoted, own, c.templates(), notes));
        List<Draft.Attachment> atts = new ArrayList<>(d.attachments());
        for (Path p : a.attach()) atts.add(Draft.Attachment.file(p));
        if (typed != null) d = withText(d, typed, lead(original, c.templates()));
        return Sent.draft(account, d.withAttachments(atts), who, ref, notes, quotesEncrypted);
    }

    private static boolean none(List<String> addresses) {
        return addresses == null || addresses.isEmpty();
    }

    /**
     * What to say, as bad data (65), when the draft made from the original has no recipient and the user's text came
     * without an editor, so no To line could be written; null: the builder says it (64, the user's own To was missing).
     */
    String noRecipients() {
        return null;
    }

    /** {@code typed} after the template's {@code lead} (its greeting; "" for none) and above the rest: the quote. */
    static Draft withText(Draft d, String typed, String lead) {
        String body = d.body();
        if (lead.isEmpty() || !body.startsWith(lead)) lead = "";
        String head = lead.isEmpty() ? "" : lead.stripTrailing() + "\n\n";
        String quoted = body.substring(lead.length()).stripLeading();
        return d.withBody(head + (typed.isBlank() ? quoted : quoted.isEmpty() ? typed.stripTrailing() + "\n"
                : typed.stripTrailing() + "\n\n" + quoted));
    }

    /** The draft (the user's text in it), built and sent. */
    private CompletableFuture<Sent> withText(MailController c, Args a, Sent drafted, Runnable recorded) {
        Draft done = drafted.draft();
        if (none(done.to()) && none(done.cc()) && none(done.bcc()) && noRecipients() != null) {
            return CompletableFuture.failedFuture(new PosternException(ExitCode.DATAERR, noRecipients()));
        }
        java.time.ZoneId client = dev.postern.model.Zones.client();
        return CompletableFuture.supplyAsync(() -> dev.postern.model.Zones.within(client, () -> new MessageBuilder().build(done)))
                .thenCompose(m -> send(c, a, drafted, m, recorded)).thenApply(s -> s.withNotesFirst(drafted.notes()));
    }

    /**
     * Sends {@code message} (the draft {@code drafted} as the door finished it: edited, confirmed), signed and/or
     * encrypted as asked, or prints it for --dry-run; then flags the original (answered, $Forwarded).
     */
    public CompletableFuture<Sent> send(MailController c, Args a, Sent drafted, Built message) {
        return send(c, a, drafted, message, null);
    }

    /** As {@link #send(MailController, Args, Sent, Built)}; {@code recorded} as {@link #run(MailController, Args, Runnable)}'s. */
    public CompletableFuture<Sent> send(MailController c, Args a, Sent drafted, Built message, Runnable recorded) {
        String account = drafted.account();
        return CompletableFuture.supplyAsync(() -> protect(c, a, drafted, message)).thenCompose((Protected p) -> {
            if (a.dryRun()) {
                return CompletableFuture.completedFuture(Sent.preview(account, new String(p.message().raw(), StandardCharsets.UTF_8),
                        p.notes()));
            }
            return c.send(account, p.message(), recorded).thenCompose(r -> answered(c, drafted.original())
                    .thenApply(more -> Sent.sent(account, r, p.notes()).withNotes(more)));
        });
    }

    /**
     * {@code message} signed and/or encrypted as asked; blocking. A draft that quotes a message that came encrypted is
     * encrypted whatever pgp_encrypt says (pgp_reply_encrypt, on by default: mutt's crypt_replyencrypt), unless the
     * user said --no-encrypt; without a usable key for everyone it is not sent in clear but refused (hunt34-B B6).
     */
    static Protected protect(MailController c, Args a, Sent drafted, Built message) {
        String account = drafted.account();
        CryptoConfig.Policy p = c.protection(account, drafted.sender() == null ? null : drafted.sender().identity(), a.sign(),
                a.encrypt(), a.smime());
        if (drafted.quotesEncrypted() && a.encrypt() == null && p.replyEncrypt()) {
            List<String> everyone = new ArrayList<>();
            for (String r : message.recipients()) everyone.add(r.toLowerCase(java.util.Locale.ROOT));
            String from = message.envelopeFrom().toLowerCase(java.util.Locale.ROOT);
            if (!everyone.contains(from)) everyone.add(from);
            List<String> missing = c.outgoing() == null ? List.of() : c.outgoing().missingKeys(p.protocol(), everyone);
            if (!missing.isEmpty()) throw notInClear(missing, p.protocol());
            p = p.withEncrypt(CryptoConfig.Encrypt.ALWAYS);
        }
        return c.protect(account, message, p);
    }

    /** The refusal of a draft that quotes encrypted mail when {@code missing} have no key: 65, and how to send it anyway. */
    static PosternException notInClear(List<String> missing, CryptoConfig.Protocol protocol) {
        String key = protocol == CryptoConfig.Protocol.SMIME ? "certificate" : "key";
        return new PosternException(ExitCode.DATAERR, dev.postern.render.Sanitizer.oneLine("the original message came encrypted,"
                + " so postern encrypts what quotes it, and there is no usable " + key + " for " + String.join(", ", missing)
                + "; import it, or give --no-encrypt (or set pgp_reply_encrypt = false) to send the quoted text unencrypted;"
                + " nothing was sent."));
    }

    private static String read(Path file) {
        try {
            return SendCommand.utf8(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new PosternException(ExitCode.NOINPUT, "cannot read " + file + " (" + e.getMessage() + "); nothing was sent.", e);
        }
    }
}
