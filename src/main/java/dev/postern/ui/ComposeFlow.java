package dev.postern.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.compose.Draft;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Templates;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.render.RenderedMessage;
import dev.postern.render.Sanitizer;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * From a key in the index or pager to the compose screen: fetches what a reply or forward quotes (off the
 * UI thread), asks inline-or-attachment for a forward, fills the template, then hands over to
 * {@link ComposeScreen}. MailUi only tells it when to start and gives it the keys while it is active.
 */
final class ComposeFlow {
    private final MailController c;
    private final UiLoop loop;
    private final StatusLine status;
    private final Runnable enter;
    private final ComposeScreen screen;
    private Envelope forwarding; // waiting for the i/a answer
    private final Set<String> flushing = new HashSet<>();
    private final Runnable leaveRefresh;
    private final KeyMap keys;
    private final Runnable leave;
    /** The postponed drafts (recall) or the outbox, while shown; null otherwise. */
    private PickList<?> picker;

    ComposeFlow(MailController c, KeyMap keys, UiLoop loop, StatusLine status, Runnable enter, Runnable leave,
            Runnable refreshSidebar) {
        this.keys = keys;
        this.c = c;
        this.loop = loop;
        this.status = status;
        this.enter = enter;
        this.leaveRefresh = refreshSidebar;
        this.leave = leave;
        Outgoing out = c.outgoing();
        this.screen = out == null ? null : new ComposeScreen(out, loop, status, leave);
    }

    private boolean available() {
        if (screen == null) {
            status.error("Sending is not set up here; add [accounts.NAME.smtp] to the config.");
            return false;
        }
        return true;
    }

    /** What the review screen's help command (? by default) opens. */
    void onHelp(Runnable openHelp) {
        if (screen != null) screen.onHelp(openHelp);
    }

    /** A key for the compose context (review screen, its input line, or the forward question); true if taken. */
    boolean takesKey(KeyStroke k) {
        if (forwarding != null) {
            Envelope e = forwarding;
            forwarding = null;
            if (k.getKeyType() == KeyType.Character && (k.getCharacter() == 'i' || k.getCharacter() == 'a')) {
                forward(e, k.getCharacter() == 'a');
            } else {
                status.notice("Not forwarded.");
            }
            return true;
        }
        if (picker != null) {
            PickList<?> p = picker;
            PickList.After after = p.key(k, keys, status);
            if (after != PickList.After.STAY && picker == p) picker = null;
            if (after == PickList.After.CLOSE) leave.run(); // CHOSEN: the chooser opens the next screen or leaves
            return true;
        }
        if (screen != null && screen.active()) {
            screen.key(k, keys);
            return true;
        }
        return false;
    }

    private String accountFor(String account) {
        return MailController.UNIFIED.equals(account) && !c.accounts().isEmpty() ? c.accounts().get(0) : account;
    }

    /** The account's Drafts folder: the one the server marks \Drafts, else "Drafts" (where postpone puts it). */
    private String draftsFolder(String account) {
        for (dev.postern.model.Folder f : c.folders(account)) {
            if (f.attributes().stream().anyMatch(a -> a.equalsIgnoreCase("\\Drafts"))) return f.name();
        }
        return "Drafts";
    }

    /**
     * recall (mutt's recall-message): lists the postponed messages of the account's Drafts folder (headers
     * only), and reopens the one chosen in the editor as a new message; once the server took it, the draft
     * is deleted from Drafts.
     */
    void recall(String account) {
        if (!available()) return;
        String acct = accountFor(account);
        String folder = draftsFolder(acct);
        status.notice("Listing postponed messages in " + Sanitizer.oneLine(folder) + "…");
        // Postponing may have just created the folder: list the folders first when it is not known yet.
        CompletableFuture<java.util.List<dev.postern.model.Folder>> known = hasFolder(acct, folder)
                ? CompletableFuture.completedFuture(c.folders(acct)) : c.refreshFolders(acct);
        known.thenCompose(fs -> hasFolder(acct, folder) ? c.refreshFolder(acct, folder) : CompletableFuture.completedFuture(-1))
                .whenComplete((n, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Listing " + folder + " of " + acct);
                return;
            }
            java.util.List<Envelope> drafts = n < 0 ? java.util.List.of() : c.page(acct, folder, 0, 1000);
            if (drafts.isEmpty()) {
                status.notice("No postponed messages in " + Sanitizer.oneLine(folder) + ".");
                return;
            }
            status.clearMessage();
            enter.run();
            picker = new PickList<Envelope>("Postponed messages in " + folder + " of " + acct + " (" + drafts.size() + ")",
                    "Enter:reopen  j/k:move  q:back", drafts,
                    e -> String.format("%-16s  %-28s  %s", e.date() == null ? "" : java.time.format.DateTimeFormatter
                            .ofPattern("yyyy-MM-dd HH:mm").format(e.date().atZone(ZoneId.systemDefault())),
                            Cells.fit(Sanitizer.oneLine(String.join(", ", e.to())), 28), Sanitizer.oneLine(e.subject())),
                    e -> reopen(acct, e), null, null);
        }));
    }

    private boolean hasFolder(String account, String name) {
        return c.folders(account).stream().anyMatch(f -> f.name().equals(name));
    }

    private void reopen(String account, Envelope e) {
        MessageRef ref = e.ref();
        status.notice("Reopening the draft…");
        String from = c.outgoing().fromAddress(account);
        c.raw(ref).thenApply(raw -> dev.postern.compose.Recall.draft(raw, from)).whenComplete((d, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Reopening the draft");
                leave.run();
                return;
            }
            status.clearMessage();
            screen.start(account, d, sent -> {
                // queued, or a Bcc copy did not go: the draft stays (to send again to whom it did not reach)
                if (sent.outcome() != dev.postern.compose.Postman.Outcome.SENT || !sent.notSent().isEmpty()) return;
                dev.postern.command.Commands.DELETE.run(c, new dev.postern.command.DeleteCommand.Args(
                        dev.postern.command.Messages.of(account, ref.folder(), java.util.List.of(ref.uid())), true, null))
                    .whenComplete((gone, delErr) -> loop.post(() -> {
                        if (delErr != null) {
                            status.error("Sent, but the draft is still in " + Sanitizer.oneLine(ref.folder()) + ": "
                                    + Errors.sentence(delErr, "Deleting the draft"));
                        } else {
                            status.notice("Sent; the draft is removed from " + Sanitizer.oneLine(ref.folder()) + ".");
                        }
                        leaveRefresh.run();
                    }));
            });
        }));
    }

    /** UI thread: the messages waiting in the account's outbox; d drops one (asks first). */
    void showOutbox(String account) {
        if (!available()) return;
        String acct = accountFor(account);
        Outgoing out = c.outgoing();
        CompletableFuture.supplyAsync(() -> out.outbox(acct)).whenComplete((items, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Reading the outbox of " + acct);
                return;
            }
            if (items.isEmpty()) {
                status.notice("The outbox of " + Sanitizer.oneLine(acct) + " is empty.");
                return;
            }
            enter.run();
            picker = new PickList<dev.postern.compose.OutboxItem>("Outbox of " + acct + ": waiting for the SMTP server ("
                    + items.size() + ")", "d:drop (asks)  j/k:move  q:back", items,
                    m -> String.format("%4d  %-16s  %-24s  %-30s  %d tries  %s", m.id(),
                            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(
                                    java.time.Instant.ofEpochMilli(m.queuedAtMillis()).atZone(ZoneId.systemDefault())),
                            Cells.fit(Sanitizer.oneLine(m.to()), 24), Cells.fit(Sanitizer.oneLine(m.subject()), 30),
                            m.attempts(), m.lastError() == null ? "" : Sanitizer.oneLine(m.lastError())),
                    null,
                    m -> CompletableFuture.supplyAsync(() -> out.drop(acct, m.id())).whenComplete((ok, dropErr) -> loop.post(() -> {
                        if (dropErr != null) status.failed(dropErr, "Dropping from the outbox");
                        else if (Boolean.TRUE.equals(ok)) status.notice("Dropped; it will not be sent.");
                        else status.notice("It had already left the outbox.");
                        leaveRefresh.run();
                    })),
                    m -> "Drop \"" + Cells.fit(Sanitizer.oneLine(m.subject()), 30).strip() + "\" from the outbox, unsent?");
        }));
    }

    /** What a new draft starts from: the account's identities, the one chosen, its signature text (or why none). */
    private record Signed(dev.postern.config.IdentityConfig.Account ids, dev.postern.config.IdentityConfig.Identity identity,
            String signature, String problem, Templates.Texts texts) {
        String from(String fallback) {
            return identity != null ? identity.from() : fallback;
        }

        Draft signed(Draft d) {
            return d.withBody(dev.postern.compose.Signatures.add(d.body(), signature, ids.sigOnTop()));
        }
    }

    /**
     * Off the UI thread (a signature_command may run): the identity for a reply or forward of {@code original}
     * (the one it was sent to), or the account's first for new mail, its signature, and the user's template files.
     */
    private CompletableFuture<Signed> signer(String account, Envelope original, byte[] raw) {
        Outgoing out = c.outgoing();
        return CompletableFuture.supplyAsync(() -> {
            Templates.Texts texts = out.templates(); // a template file that cannot be read fails the draft, in one sentence
            dev.postern.config.IdentityConfig.Account ids = out.identities(account);
            dev.postern.config.IdentityConfig.Identity i = original == null ? ids.first()
                    : dev.postern.compose.Identities.forOriginal(ids, original, raw);
            try {
                return new Signed(ids, i, out.signature(i), null, texts);
            } catch (RuntimeException e) {
                return new Signed(ids, i, "", Errors.sentence(e, "Reading the signature"), texts);
            }
        });
    }

    private void opened(Signed s) {
        if (s.problem() != null) status.error("Without a signature: " + s.problem());
        else status.clearMessage();
    }

    void compose(String account) {
        if (!available()) return;
        String acct = MailController.UNIFIED.equals(account) && !c.accounts().isEmpty() ? c.accounts().get(0) : account;
        signer(acct, null, null).whenComplete((s, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Starting a message");
                return;
            }
            opened(s);
            enter.run();
            screen.start(acct, s.signed(Templates.blank(s.from(c.outgoing().fromAddress(acct)), s.texts())), s.identity(), s.signature(), null);
        }));
    }

    void answer(String command, Envelope e) {
        if (!available()) return;
        if (KeyMap.FORWARD.equals(command)) {
            forwarding = e;
            status.notice("Forward inline or as attachment? (i/a)");
            return;
        }
        boolean all = KeyMap.REPLY_ALL.equals(command);
        boolean list = KeyMap.REPLY_LIST.equals(command);
        MessageRef ref = e.ref();
        status.notice("Preparing the reply…");
        CompletableFuture<RenderedMessage> text = c.read(ref);
        CompletableFuture<byte[]> raw = c.raw(ref);
        text.thenCombine(raw, (t, r) -> new Object[] {t, r})
                .thenCompose(both -> signer(ref.account(), e, (byte[]) both[1]).thenApply(s -> new Object[] {both[0], both[1], s}))
                .whenComplete((both, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Reading the message to reply to");
                return;
            }
            Signed s = (Signed) both[2];
            String from = s.from(c.outgoing().fromAddress(ref.account()));
            // Every account's addresses, not only this one's: reply-all drops all of the user's own.
            java.util.List<dev.postern.config.IdentityConfig.Account> everyAccount = new java.util.ArrayList<>(java.util.List.of(s.ids()));
            Set<String> own = new HashSet<>();
            for (String other : c.accounts()) {
                if (MailController.UNIFIED.equals(other)) continue;
                everyAccount.add(c.outgoing().identities(other));
                String otherFrom = c.outgoing().fromAddress(other);
                if (otherFrom != null) own.add(otherFrom);
            }
            own.addAll(dev.postern.compose.Identities.own(everyAccount, e));
            if (from != null) own.add(from);
            Draft d;
            try {
                d = s.signed(list ? Templates.listReply(from, e, (byte[]) both[1], ((RenderedMessage) both[0]).body(), own,
                        ZoneId.systemDefault(), s.texts()) : Templates.reply(from, e, (byte[]) both[1], ((RenderedMessage) both[0]).body(),
                        all, own, ZoneId.systemDefault(), s.texts()));
            } catch (dev.postern.model.PosternException notAList) {
                status.failed(notAList, "Replying to the list");
                return;
            }
            opened(s);
            enter.run();
            screen.start(ref.account(), d, s.identity(), s.signature(), sent -> markAnswered(ref));
        }));
    }

    /** The reply went out (or waits in the outbox): the original is answered, through the batch reply's path. */
    private void markAnswered(MessageRef original) {
        c.answered(original).whenComplete((v, err) -> loop.post(() -> {
            if (err != null) {
                status.error("The reply went out, but the original was not marked answered: "
                        + Errors.sentence(err, "Marking it answered"));
            }
            leaveRefresh.run();
        }));
    }

    private void forward(Envelope e, boolean attached) {
        MessageRef ref = e.ref();
        status.notice("Preparing the forward…");
        CompletableFuture<byte[]> raw = c.raw(ref);
        CompletableFuture<RenderedMessage> text = attached ? CompletableFuture.completedFuture(null) : c.read(ref);
        text.thenCombine(raw, (t, r) -> new Object[] {t, r})
                .thenCompose(both -> signer(ref.account(), e, (byte[]) both[1]).thenApply(s -> new Object[] {both[0], both[1], s}))
                .whenComplete((both, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Reading the message to forward");
                return;
            }
            Signed s = (Signed) both[2];
            String from = s.from(c.outgoing().fromAddress(ref.account()));
            Draft d = s.signed(attached ? Templates.forwardAttached(from, e, (byte[]) both[1])
                    : Templates.forwardInline(from, e, ((RenderedMessage) both[0]).body(), ZoneId.systemDefault(), s.texts()));
            opened(s);
            enter.run();
            // $Forwarded where the server keeps keywords (mutt does the same); a failure is only logged.
            screen.start(ref.account(), d, s.identity(), s.signature(), sent -> c.forwarded(ref).exceptionally(failed -> {
                org.slf4j.LoggerFactory.getLogger(ComposeFlow.class).info("$Forwarded not set on {}: {}", ref, failed.getMessage());
                return false;
            }));
        }));
    }

    /** UI thread: an account is back online, so whatever waits in its outbox goes out (off the UI thread). */
    void reconnected(String account) {
        Outgoing out = c.outgoing();
        if (out == null || flushing.contains(account)) return;
        flushing.add(account);
        CompletableFuture.supplyAsync(() -> out.waiting(account) == 0 ? null : out.flush(account))
                .whenComplete((report, err) -> loop.post(() -> {
                    flushing.remove(account);
                    if (err != null) {
                        status.failed(err, "Sending the outbox of " + account);
                    } else if (report != null && report.sent() > 0) {
                        status.notice("Sent " + report.sent() + " message(s) from the outbox of "
                                + dev.postern.render.Sanitizer.oneLine(account) + ".");
                    }
                    leaveRefresh.run();
                }));
    }

    void draw(TextGraphics g, Palette palette, int width, int rows) {
        if (picker != null) picker.draw(g, palette, width, rows);
        else if (screen != null && screen.active()) screen.draw(g, palette, width, rows);
    }

    boolean inputActive() { return screen != null && screen.active() && screen.inputActive(); }

    TerminalPosition drawInput(TextGraphics g, Palette palette, int row, int width) {
        return screen.drawInput(g, palette, row, width);
    }
}
