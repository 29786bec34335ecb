package dev.postern.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.compose.Built;
import dev.postern.compose.Draft;
import dev.postern.compose.DraftFile;
import dev.postern.compose.MessageBuilder;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import dev.postern.config.AbortNoSubject;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The compose context: writes the draft to a private temporary file, hands the terminal to the user's
 * editor, reads the file back and shows the review screen. Keys here (context {@code compose}):
 * y send, e edit again, a attach, D remove attachment, t/c/b/s/F change To/Cc/Bcc/Subject/From,
 * P postpone to Drafts, q cancel (asks first), S sign on/off, E encrypt (never / if every recipient has a
 * key / always). Sending and postponing run off the UI thread, beside the screen (hunt 38-M, M14): the review screen
 * steps aside at once and the reader is the user's meanwhile (q and Ctrl-C included); the answer is said on the status
 * line, and a failure brings the review screen back with the message as it was. One message at a time is away so.
 */
final class ComposeScreen {
    private final Outgoing out;
    private final UiLoop loop;
    private final StatusLine status;
    private final Runnable onClose;
    private final ComposeInput input = new ComposeInput();
    private String account;
    private volatile Draft draft; // volatile: the reader's end reads them on a shutdown hook's thread (lastWords)
    private volatile DraftOnDisk file;
    private boolean busy;
    /** The message is being sent or postponed beside the screen: the screen is stepped aside, its state kept. */
    private boolean away;
    /** Opens the compose mode again (a send or postponing that failed brings its review screen back). */
    private Runnable onReopen = () -> { };
    /** The y/n question on the status line: {@link #DISCARD}, {@link #NO_SUBJECT}, or null when none is asked. */
    private String confirming;
    private static final String DISCARD = "Discard this message? (y/n)";
    /** mutt's abort_nosubject ("ask", the default): a message with an empty Subject is sent only once answered y. */
    static final String NO_SUBJECT = "No subject; send anyway? (y/n)";
    /** This message's signing and encryption: the account's defaults, then the S and E toggles. */
    private final ReviewCrypto crypto;
    /** {@link ReviewCrypto#beforeSend}'s question while it is asked (the send goes on at y), or null. */
    private String clearAsked;
    /** Runs on the UI thread after the message was handed to the server (not when queued); may be null. */
    private java.util.function.Consumer<Postman.Result> afterSent;
    private java.util.function.Supplier<CompletableFuture<?>> ahead; // a recalled draft's leaving Drafts, or null
    private Runnable onHelp = () -> { };
    /** The identity the message is from (null when the account has none) and the signature text it added. */
    private dev.postern.config.IdentityConfig.Identity identity;
    private String signature = "";
    /** The Message-ID of this message's builds, chosen at its first. */
    private String messageId;
    /** The send under way or last tried of this message, or null. */
    private volatile CompletableFuture<Postman.Result> sending;

    /** What brings the compose mode back over the view shown (a send that failed). */
    void onReopen(Runnable r) { this.onReopen = r; }

    /** What the help command opens (the '?' screen with the [compose] keys). */
    void onHelp(Runnable r) { this.onHelp = r; }

    /** The state directory, whose drafts/ holds the unsent draft while it is sent; null: it stays in /tmp (tests). */
    private volatile Path stateDir;

    void stateDir(Path dir) { this.stateDir = dir; }

    /** Signing, encrypting and sending: the controller's composing capability, as every door sends. */
    private final dev.postern.controller.Composing composing;
    /** Told (account, folder) when a Sent copy or a postponed draft is stored there: its counts are read again (Z9). */
    java.util.function.BiConsumer<String, String> stored = (a, f) -> { };

    ComposeScreen(dev.postern.controller.Composing composing, Outgoing out, UiLoop loop, StatusLine status, Runnable onClose) {
        this.composing = composing;
        this.out = out;
        this.loop = loop;
        this.status = status;
        this.onClose = onClose;
        this.crypto = new ReviewCrypto(composing, out, loop);
    }

    /** UI thread: starts composing {@code d} from {@code account} and opens the editor at once. */
    void start(String account, Draft d) { start(account, d, null); }

    /**
     * As {@link #start(String, Draft)}; {@code afterSent} runs once the message left, or waits in the outbox
     * ({@link Postman.Result#outcome()} says which): a reply's original is then answered, a recalled draft removed.
     */
    void start(String account, Draft d, java.util.function.Consumer<Postman.Result> afterSent) {
        start(account, d, null, "", afterSent);
    }

    /**
     * As {@link #start(String, Draft, java.util.function.Consumer)}, every build with {@code messageId} (a recalled
     * draft's); {@code ahead} runs at each send once the message is written ahead in drafts/, and postern connects when
     * what it returns completes (the recalled draft leaves Drafts: {@link ComposeSend#start}).
     */
    void start(String account, Draft d, String messageId, java.util.function.Supplier<CompletableFuture<?>> ahead,
            java.util.function.Consumer<Postman.Result> afterSent) {
        begin(account, d, null, "", messageId, false, afterSent);
        this.ahead = ahead;
    }

    /** As above, from {@code identity}, whose {@code signature} text the draft's body already holds. */
    void start(String account, Draft d, dev.postern.config.IdentityConfig.Identity identity, String signature,
            java.util.function.Consumer<Postman.Result> afterSent) {
        start(account, d, identity, signature, false, afterSent);
    }

    /** As above; {@code quotesEncrypted}: the draft quotes (or forwards inline) a message that came encrypted. */
    void start(String account, Draft d, dev.postern.config.IdentityConfig.Identity identity, String signature,
            boolean quotesEncrypted, java.util.function.Consumer<Postman.Result> afterSent) {
        begin(account, d, identity, signature, null, quotesEncrypted, afterSent);
    }

    /** {@code messageId}: that of every build of this message, or null for a new one chosen at its first build. */
    private void begin(String account, Draft d, dev.postern.config.IdentityConfig.Identity identity, String signature,
            String messageId, boolean quotesEncrypted, java.util.function.Consumer<Postman.Result> afterSent) {
        this.identity = identity;
        this.signature = signature == null ? "" : signature;
        this.afterSent = afterSent;
        this.ahead = null;
        this.account = account;
        this.draft = d;
        this.messageId = messageId;
        this.busy = false;
        this.away = false;
        this.sending = null;
        this.confirming = null;
        crypto.start(account, identity, quotesEncrypted);
        // The address book scans the store once; do it now, off the UI thread, so Tab never waits for it.
        CompletableFuture.runAsync(() -> {
            try {
                out.completeAddress("", 1);
            } catch (RuntimeException ignored) {
                // completion simply offers nothing
            }
        });
        try {
            file = DraftOnDisk.create();
        } catch (IOException e) {
            status.error("Could not create a draft file (" + e.getMessage() + ").");
            close();
            return;
        }
        edit();
    }

    private void edit() {
        try {
            file.writeForEditor(draft);
        } catch (IOException e) {
            status.error("Could not write the draft file " + file.path() + " (" + e.getMessage() + ").");
            return;
        }
        // The command is the user's own setting (like git's core.editor); the file name is passed as $1, never
        // pasted into the command line. A served reader's editor is its own user's ($VISUAL, $EDITOR there).
        String editor = loop.terminal().served() ? dev.postern.compose.Editor.command(loop.terminal().environment()) : out.editor();
        EditorRound.Ending end = EditorRound.run(loop, editor, file.path());
        if (end.error() != null) status.error(end.error());
        if (!end.readBack()) return;
        try {
            draft = file.read(draft, stateDir);
            if (file.refused() != null) status.error(file.refused());
            else if (file.notUtf8() != null) status.notice(file.notUtf8());
        } catch (IOException e) {
            status.error("Could not read the draft file back (" + e.getMessage() + ").");
        }
    }

    boolean active() { return draft != null && !away; }

    /** Whether a message is being sent or postponed beside the screen (the screen cannot take another meanwhile). */
    boolean away() { return draft != null && away; }

    /**
     * UI thread: the review screen steps aside while {@code what} ("Sending…") goes on, so no key waits for the server;
     * the user reads on (hunt 38-M, M14: every key, q included, was "Please wait" for the whole of a stalled relay).
     */
    private void stepAside(String what) {
        busy = true;
        away = true;
        status.notice(what + " The reader is yours meanwhile; the answer shows here.");
        onClose.run();
    }

    /** UI thread: what went aside failed: the review screen comes back with the message as it was. */
    private void comeBack() {
        busy = false;
        if (!away) return;
        away = false;
        onReopen.run();
    }


    /** A key on the review screen; {@code keys} maps it to a command of the [compose] bindings section. */
    void key(KeyStroke k, KeyMap keys) {
        if (input.active()) {
            input.key(k);
            return;
        }
        if (busy) {
            status.notice("Please wait: the message is on its way.");
            return;
        }
        if (confirming != null) {
            boolean discard = confirming.equals(DISCARD);
            boolean clear = confirming.equals(clearAsked);
            confirming = null;
            clearAsked = null;
            boolean yes = k.getKeyType() == KeyType.Character && !k.isCtrlDown() && k.getCharacter() == 'y';
            if (discard && yes) {
                status.notice("Message discarded.");
                close();
            } else if (discard) {
                status.notice("Not discarded.");
            } else if (clear && yes) {
                crypto.sayClear();
                send(true);
            } else if (clear) {
                status.notice("Not sent; E changes the encryption, P keeps the draft.");
            } else if (yes) {
                send(true);
            } else {
                status.notice("Not sent; s sets the Subject.");
            }
            return;
        }
        String name = KeyMap.keyName(k);
        if (name == null) return;
        KeyMap.Lookup found = keys.lookup(KeyMap.COMPOSE, name);
        if (!(found instanceof KeyMap.Bound b) || b.commandLine().size() != 1) return;
        String command = b.commandLine().get(0);
        switch (command) {
            case "compose-send" -> send(false);
            case "compose-edit" -> edit();
            case "compose-attach" -> input.start("Attach file: ", "", ComposeInput.paths(loop.terminal()), this::attach);
            case "compose-detach" -> detach();
            case "compose-to" -> input.start("To: ", String.join(", ", draft.to()), ComposeInput.addresses(out),
                    v -> changed(draft.withTo(DraftFile.split(v))));
            case "compose-cc" -> input.start("Cc: ", String.join(", ", draft.cc()), ComposeInput.addresses(out),
                    v -> changed(draft.withCc(DraftFile.split(v))));
            case "compose-bcc" -> input.start("Bcc: ", String.join(", ", draft.bcc()), ComposeInput.addresses(out),
                    v -> changed(draft.withBcc(DraftFile.split(v))));
            case "compose-subject" -> input.start("Subject: ", draft.subject(), null, v -> draft = draft.withSubject(v));
            case "compose-from" -> input.start("From: ", draft.from(), ComposeInput.addresses(out), v -> draft = draft.withFrom(v));
            case "compose-identity" -> nextIdentity();
            case "compose-postpone" -> postpone();
            case "compose-sign" -> status.notice(crypto.toggleSign());
            case "compose-encrypt" -> status.notice(crypto.toggleEncrypt());
            case KeyMap.HELP -> onHelp.run();
            case "compose-cancel" -> {
                confirming = DISCARD;
                status.notice(DISCARD);
            }
            default -> { }
        }
    }

    /** A field typed in: what the line said of the message before (no recipients) no longer holds (hunt 43-R, R8). */
    private void changed(Draft d) { draft = d; status.clearMessage(); }

    /**
     * The account's next identity: From, the signature block (the old one replaced, read off the UI thread) and
     * the identity's signing defaults; the Sent copy follows the From address.
     */
    private void nextIdentity() {
        dev.postern.config.IdentityConfig.Account ids;
        try {
            ids = out.identities(account);
        } catch (RuntimeException e) {
            ids = null;
        }
        if (ids == null || ids.identities().size() < 2) {
            status.notice("The account has one identity; add [[accounts." + Sanitizer.oneLine(dev.postern.model.Names.tomlKey(account))
                    + ".identities]] to the config for more.");
            return;
        }
        List<dev.postern.config.IdentityConfig.Identity> all = ids.identities();
        int at = identity == null ? -1 : all.indexOf(identity);
        if (at < 0 && draft.from() != null) {
            dev.postern.config.IdentityConfig.Identity named = ids.named(draft.from());
            at = named == null ? -1 : all.indexOf(named);
        }
        dev.postern.config.IdentityConfig.Identity next = all.get((at + 1) % all.size());
        boolean onTop = ids.sigOnTop();
        busy = true;
        status.notice("Switching to " + Sanitizer.oneLine(next.from()) + "…");
        CompletableFuture.supplyAsync(() -> out.signature(next)).whenComplete((sig, err) -> loop.post(() -> {
            busy = false;
            if (draft == null) return;
            String text = err == null ? sig : "";
            draft = draft.withFrom(next.from()).withBody(dev.postern.compose.Signatures.replace(draft.body(), signature, text, onTop));
            signature = text;
            identity = next;
            crypto.identity(account, next);
            if (err != null) status.error("From " + Sanitizer.oneLine(next.from()) + ", without a signature: "
                    + Errors.sentence(err, "Reading the signature"));
            else status.notice("From " + Sanitizer.oneLine(next.from()) + ".");
        }));
    }

    private void attach(String path) {
        String p = path.strip();
        if (p.isEmpty()) return;
        Path f = TypedPath.of(p, loop.terminal()); // the person's HOME and directory, served or not (hunt 43-R, R2)
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
            status.error("No readable file " + Sanitizer.oneLine(p) + ".");
            return;
        }
        List<Draft.Attachment> list = new ArrayList<>(draft.attachments());
        list.add(Draft.Attachment.file(f.toAbsolutePath()));
        draft = draft.withAttachments(list);
        status.notice("Attached " + Sanitizer.oneLine(f.getFileName().toString()) + ".");
    }

    private void detach() {
        int n = draft.attachments().size();
        if (n == 0) {
            status.notice("There is no attachment to remove.");
            return;
        }
        if (n == 1) {
            draft = draft.withAttachments(List.of());
            status.notice("Attachment removed.");
            return;
        }
        input.start("Remove attachment (1-" + n + "): ", "", null, v -> {
            try {
                int i = Integer.parseInt(v.strip());
                if (i < 1 || i > n) throw new NumberFormatException();
                List<Draft.Attachment> list = new ArrayList<>(draft.attachments());
                list.remove(i - 1);
                draft = draft.withAttachments(list);
                status.notice("Attachment " + i + " removed.");
            } catch (NumberFormatException e) {
                status.error("Give a number from 1 to " + n + ".");
            }
        });
    }

    private Built build(boolean toDrafts) {
        try {
            Built b = toDrafts ? new MessageBuilder().draft(draft, messageId) : new MessageBuilder().build(draft, messageId);
            messageId = b.messageId(); // every build of this message, so postponing again replaces the earlier draft
            return b;
        } catch (PosternException e) {
            status.error(e.getMessage());
            return null;
        }
    }

    /** {@code noSubjectAnswered}: an empty Subject was already asked about ({@link #NO_SUBJECT}) and answered y. */
    private void send(boolean noSubjectAnswered) {
        Built b = build(false); // no recipients (a bad address) is said before the subject is asked about (hunt 33-Z, Z15)
        if (b == null) return;
        // abort_nosubject, as the batch door's editor round (cli/DraftEditing.confirm): ask, never send, or send.
        AbortNoSubject rule = noSubjectAnswered || !draft.subject().isBlank() ? AbortNoSubject.NO : out.abortNoSubject();
        if (rule == AbortNoSubject.YES) status.error("No subject: not sent (abort_nosubject = \"yes\"); s sets the Subject.");
        if (rule == AbortNoSubject.ASK) status.notice(confirming = NO_SUBJECT);
        if (rule != AbortNoSubject.NO) return;
        // A reply to encrypted mail goes in clear only once the user says so (hunt34-B B6).
        String ask = crypto.beforeSend(draft, () -> {
            if (draft != null && confirming == null && !busy) send(true);
        });
        if (ask != null) {
            if (ask.isEmpty()) {
                status.notice("Looking up the recipients' keys…");
            } else {
                confirming = ask;
                clearAsked = ask;
                status.notice(ask);
            }
            return;
        }
        stepAside("Sending…");
        CompletableFuture<Postman.Result> f = ComposeSend.start(composing, account, b, crypto.policy(), draft, file, stateDir, ahead);
        sending = f; // what the reader's end waits for, to say what became of the message (ComposeExit)
        f.whenComplete((r, err) -> loop.post(() -> {
            if (draft == null) return; // the reader ended meanwhile: its last words said what became of it
            if (err != null) {
                comeBack();
                status.failed(err, "Sending");
                return;
            }
            busy = false;
            ComposeSend.say(status, r);
            java.util.function.Consumer<Postman.Result> then = afterSent;
            close();
            if (then != null) then.accept(r); // the original answered first: the count of Sent can wait behind it
            if (r.sentFolder() != null) stored.accept(r.account(), r.sentFolder());
        }));
    }

    private void postpone() {
        Built b = build(true); // unfinished, perhaps without a recipient yet
        if (b == null) return;
        if (crypto.quoteProtected()) {
            keepLocally();
            return;
        }
        stepAside("Saving to Drafts…");
        String acct = account;
        byte[] kept = dev.postern.compose.Recall.forDrafts(b.raw(), draft.bcc()); // recall gets Bcc back
        CompletableFuture.supplyAsync(() -> out.postpone(acct, kept)).whenComplete((folder, err) -> loop.post(() -> {
            if (draft == null) return; // the reader ended meanwhile
            if (err != null) {
                comeBack();
                status.failed(err, "Postponing");
                return;
            }
            busy = false;
            status.notice("Postponed to " + Sanitizer.oneLine(folder) + ".");
            stored.accept(acct, folder);
            close();
        }));
    }

    /**
     * P on a draft that quotes encrypted mail: not put in the server's Drafts in clear, but kept owner-only in the state
     * directory's drafts/ (as an unsent draft, which the reader names at its start), and said so.
     */
    private void keepLocally() {
        Path kept;
        synchronized (this) {
            kept = file == null ? null : DraftOnDisk.settle(file.keep(draft), stateDir);
        }
        if (kept == null) { // DraftOnDisk.keep: nothing written in it
            status.notice("The draft holds nothing to keep.");
            close();
            return;
        }
        status.notice("The original came encrypted, so the draft is not put in Drafts on the server in clear; it is kept in "
                + Sanitizer.oneLine(kept.toString()) + " (postern send --encrypt < FILE sends it).");
        close();
    }

    /**
     * The reader ends (q, Ctrl-C, SIGTERM, SIGHUP, the owner stopping) with this message neither sent, postponed nor
     * discarded: what became of it, said once whichever way comes first ({@link ComposeExit}); a send under way is cut
     * first when {@code processEnds}. The line for the person at the terminal, or null when there is nothing to say.
     */
    synchronized String lastWords(boolean processEnds, Path stateDir) {
        if (draft == null || file == null) return null;
        DraftOnDisk f = file;
        file = null;
        return ComposeExit.settle(draft, f, sending, out, processEnds, stateDir);
    }

    private void close() {
        boolean wasAway = away;
        away = false;
        busy = false;
        afterSent = null;
        ahead = null;
        identity = null;
        signature = "";
        synchronized (this) { // the reader's end may be keeping it (lastWords, on a shutdown hook's thread)
            draft = null;
            sending = null;
            if (file != null) {
                file.delete();
                file = null;
            }
        }
        if (!wasAway) onClose.run(); // stepped aside already: the user is elsewhere now
    }

    /** The review screen; returns where the cursor belongs (in the input line) or null. */
    TerminalPosition draw(TextGraphics g, Palette palette, int width, int rows) {
        ReviewDrawing.draw(g, palette, width, rows, account, draft, crypto);
        return null;
    }

    /** Every key of the review screen, on a line as wide as it needs (120 columns and up). */
    static final String HINT = "y:send e:edit a:attach D:detach t/c/b/s/F:To/Cc/Bcc/Subject/From I:identity S:sign"
            + " E:encrypt P:postpone q:cancel";
    /** The same at 80 columns: the common keys, and where the others are listed. */
    static final String SHORT_HINT = "y:send e:edit a:attach t:To c:Cc s:Subject I:identity P:postpone q:cancel ?:keys";

    boolean inputActive() { return input.active(); }

    ComposeInput input() { return input; }

    TerminalPosition drawInput(TextGraphics g, Palette palette, int row, int width) {
        return input.draw(g, palette, row, width);
    }
}
