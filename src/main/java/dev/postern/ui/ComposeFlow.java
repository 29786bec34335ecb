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

    ComposeFlow(MailController c, KeyMap keys, UiLoop loop, StatusLine status, Runnable enter, Runnable leave,
            Runnable refreshSidebar) {
        this.keys = keys;
        this.c = c;
        this.loop = loop;
        this.status = status;
        this.enter = enter;
        this.leaveRefresh = refreshSidebar;
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
        if (screen != null && screen.active()) {
            screen.key(k, keys);
            return true;
        }
        return false;
    }

    void compose(String account) {
        if (!available()) return;
        String acct = MailController.UNIFIED.equals(account) && !c.accounts().isEmpty() ? c.accounts().get(0) : account;
        enter.run();
        screen.start(acct, Templates.blank(c.outgoing().fromAddress(acct)));
    }

    void answer(String command, Envelope e) {
        if (!available()) return;
        if (KeyMap.FORWARD.equals(command)) {
            forwarding = e;
            status.notice("Forward inline or as attachment? (i/a)");
            return;
        }
        boolean all = KeyMap.REPLY_ALL.equals(command);
        MessageRef ref = e.ref();
        status.notice("Preparing the reply…");
        CompletableFuture<RenderedMessage> text = c.read(ref);
        CompletableFuture<byte[]> raw = c.raw(ref);
        text.thenCombine(raw, (t, r) -> new Object[] {t, r}).whenComplete((both, err) -> loop.post(() -> {
            if (err != null) {
                status.error(Errors.sentence(err, "Reading the message to reply to"));
                return;
            }
            String from = c.outgoing().fromAddress(ref.account());
            Set<String> own = new HashSet<>();
            if (from != null) own.add(from);
            Draft d = Templates.reply(from, e, (byte[]) both[1], ((RenderedMessage) both[0]).body(), all, own,
                    ZoneId.systemDefault());
            status.clearMessage();
            enter.run();
            screen.start(ref.account(), d);
        }));
    }

    private void forward(Envelope e, boolean attached) {
        MessageRef ref = e.ref();
        status.notice("Preparing the forward…");
        CompletableFuture<byte[]> raw = c.raw(ref);
        CompletableFuture<RenderedMessage> text = attached ? CompletableFuture.completedFuture(null) : c.read(ref);
        text.thenCombine(raw, (t, r) -> new Object[] {t, r}).whenComplete((both, err) -> loop.post(() -> {
            if (err != null) {
                status.error(Errors.sentence(err, "Reading the message to forward"));
                return;
            }
            String from = c.outgoing().fromAddress(ref.account());
            Draft d = attached ? Templates.forwardAttached(from, e, (byte[]) both[1])
                    : Templates.forwardInline(from, e, ((RenderedMessage) both[0]).body(), ZoneId.systemDefault());
            status.clearMessage();
            enter.run();
            screen.start(ref.account(), d);
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
                        status.error(Errors.sentence(err, "Sending the outbox of " + account));
                    } else if (report != null && report.sent() > 0) {
                        status.notice("Sent " + report.sent() + " message(s) from the outbox of "
                                + dev.postern.render.Sanitizer.oneLine(account) + ".");
                    }
                    leaveRefresh.run();
                }));
    }

    void draw(TextGraphics g, Palette palette, int width, int rows) {
        if (screen != null && screen.active()) screen.draw(g, palette, width, rows);
    }

    boolean inputActive() { return screen != null && screen.active() && screen.inputActive(); }

    TerminalPosition drawInput(TextGraphics g, Palette palette, int row, int width) {
        return screen.drawInput(g, palette, row, width);
    }
}
