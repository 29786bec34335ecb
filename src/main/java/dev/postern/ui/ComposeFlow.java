package dev.postern.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.command.AnswerCommand;
import dev.postern.command.Commands;
import dev.postern.command.RecallCommand;
import dev.postern.command.Sent;
import dev.postern.compose.Outgoing;
import dev.postern.compose.Templates;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
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
        this.screen = out == null ? null : new ComposeScreen(c, out, loop, status, leave);
        if (screen != null) screen.onReopen(enter); // a send that failed beside the screen brings it back
        // The Sent copy or the postponed draft the reader itself stored: that folder's counts in the sidebar follow
        // (hunt33-Z Z9); a failure to read them again is not the send's nor the postponing's, so it is only logged.
        if (screen != null) screen.stored = (account, folder) -> c.refreshFolder(account, folder).exceptionally(e -> {
            org.slf4j.LoggerFactory.getLogger(ComposeFlow.class).info("counts of {} in {} not read again: {}", folder, account, e.toString());
            return 0;
        });
        // A message queued while only the SMTP server was down goes out while the reader is open (hunt32-V A3).
        if (out != null) c.retryOutbox(said -> loop.post(() -> status.notice(dev.postern.render.Sanitizer.oneLine(said))));
        // What the store holds of an account the config no longer names (renamed or removed: its mail, its outbox, its
        // queued changes) is out of sight here; said once as the reader starts, with the way back (hunt 38-M, M4, M5).
        java.util.concurrent.CompletableFuture.supplyAsync(c::storedOnly).thenAccept(strays -> {
            if (!strays.isEmpty()) loop.post(() -> status.error(strays.stream().map(s -> "The" + s.sentence().substring(3) + ".")
                    .collect(java.util.stream.Collectors.joining(" "))));
        }).exceptionally(e -> {
            org.slf4j.LoggerFactory.getLogger(ComposeFlow.class).info("accounts the config no longer names not read: {}", e.toString());
            return null;
        });
    }

    private boolean available() {
        if (screen == null) {
            status.error("Sending is not set up here; add [accounts.NAME.smtp] to the config.");
            return false;
        }
        return true;
    }

    /** Whether the review screen can take a new message: none is being sent or postponed beside it (said if one is). */
    private boolean free() {
        if (!available()) return false;
        if (screen.away()) {
            status.notice("A message is still being sent (or postponed); write the next once the status line has its answer.");
            return false;
        }
        return true;
    }

    /** The state directory, whose drafts/ holds a message's unsent draft while it is sent (null: none, tests). */
    void stateDir(java.nio.file.Path dir) {
        if (screen != null) screen.stateDir(dir);
    }

    /** What the review screen's help command (? by default) opens. */
    void onHelp(Runnable openHelp) {
        if (screen != null) screen.onHelp(openHelp);
    }

    /** The reader ends: what became of the message being written, if any ({@link ComposeScreen#lastWords}). */
    String lastWords(boolean processEnds, java.nio.file.Path stateDir) {
        return screen == null ? null : screen.lastWords(processEnds, stateDir);
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

    /**
     * recall (mutt's recall-message): lists the postponed messages of the account's Drafts folder (headers
     * only), and reopens the one chosen in the editor as a new message; y takes the draft out of Drafts once the
     * message is written ahead in drafts/, before postern connects ({@link #reopened}). The typed {@code recall} lists and reopens; this screen chooses and edits.
     */
    void recall(String account) {
        if (!free()) return;
        String acct = accountFor(account);
        status.notice("Listing postponed messages…");
        Commands.RECALL.run(c, new RecallCommand.Args(acct, null, false, false)).whenComplete((r, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Listing the postponed messages of " + acct);
                return;
            }
            takes(Commands.RECALL.name(), r);
        }));
    }

    /**
     * UI thread: the result of typed command {@code name} (run at ':' or from a binding) when this screen finishes it:
     * a draft to edit (reply, forward, recall UID) or the postponed messages to choose from (recall). False for any
     * other result, which the status line shows.
     */
    boolean takes(String name, dev.postern.command.Result result) {
        if (result instanceof Sent s && s.draft() != null && s.sender() != null && s.original() != null) {
            AnswerCommand command = name.equals(Commands.REPLY.name()) ? Commands.REPLY
                    : name.equals(Commands.FORWARD.name()) ? Commands.FORWARD : null;
            if (command == null) return false;
            if (free()) edit(s, command);
            return true;
        }
        if (result instanceof RecallCommand.Recalled r) {
            if (!free()) return true;
            if (r.draft() != null) reopened(r);
            else showDrafts(r);
            return true;
        }
        return false;
    }

    private void showDrafts(RecallCommand.Recalled r) {
        String acct = r.account();
        java.util.List<Envelope> drafts = r.drafts();
        if (drafts.isEmpty()) {
            // No Drafts folder yet: "Drafts" is where postponing puts them.
            status.notice("No postponed messages in " + Sanitizer.oneLine(r.folder() == null ? "Drafts" : r.folder()) + ".");
            return;
        }
        status.clearMessage();
        enter.run();
        picker = new PickList<Envelope>("Postponed messages in " + r.folder() + " of " + acct + " (" + drafts.size() + ")",
                "Enter:reopen  j/k:move  q:back", drafts,
                e -> String.format(java.util.Locale.ROOT, "%-16s  %-28s  %s", e.date() == null ? "" : java.time.format.DateTimeFormatter
                        .ofPattern("yyyy-MM-dd HH:mm").format(e.date().atZone(dev.postern.model.Zones.zone())),
                        Cells.fit(Sanitizer.oneLine(String.join(", ", e.to())), 28), Sanitizer.oneLine(e.subject())),
                e -> reopen(acct, e), null, null);
    }

    private void reopen(String account, Envelope e) {
        MessageRef ref = e.ref();
        status.notice("Reopening the draft…");
        Commands.RECALL.run(c, new RecallCommand.Args(account, ref.uid(), false, false)).whenComplete((r, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Reopening the draft");
                leave.run();
                return;
            }
            reopened(r);
        }));
    }

    private void reopened(RecallCommand.Recalled r) {
        String account = r.account();
        MessageRef ref = r.ref();
        status.clearMessage();
        enter.run();
        // The draft leaves Drafts as its send begins, the message then held in drafts/ (ComposeSend), the outbox from
        // its final dot: a kill -9 never leaves it both in the outbox and in Drafts, to be recalled and sent twice.
        RecallCommand.Leaving[] leaving = new RecallCommand.Leaving[1];
        java.util.function.Supplier<CompletableFuture<?>> ahead = () -> {
            if (leaving[0] == null || leaving[0].failed()) leaving[0] = RecallCommand.leave(c, r); // again after a failure
            return leaving[0].awaited();
        };
        // Its own Message-ID kept: postponing it once more replaces it in Drafts instead of adding a second.
        screen.start(account, r.draft(), r.messageId(), ahead, sent -> RecallCommand.after(c, r, leaving[0], sent)
                .whenComplete((kept, never) -> loop.post(() -> {
                    String folder = Sanitizer.oneLine(ref.folder());
                    if (kept != null) status.error(kept.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + kept.substring(1));
                    else if (sent.outcome() == dev.postern.compose.Postman.Outcome.QUEUED) {
                        status.error("Not sent now (" + Sanitizer.oneLine(sent.note()) + "); queued in the outbox, the draft"
                                + " out of " + folder + ".");
                    } else status.notice("Sent; the draft is removed from " + folder + ".");
                    leaveRefresh.run();
                })));
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
            picker = new PickList<dev.postern.compose.OutboxItem>("Outbox of " + acct + ": waiting for the SMTP server, or set"
                    + " aside (" + items.size() + ")", "d:drop (asks)  j/k:move  q:back", items,
                    m -> String.format(java.util.Locale.ROOT, "%4d  %-16s  %-24s  %-30s  %s  %s", m.id(),
                            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(
                                    java.time.Instant.ofEpochMilli(m.queuedAtMillis()).atZone(dev.postern.model.Zones.zone())),
                            Cells.fit(Sanitizer.oneLine(m.to()), 24), Cells.fit(Sanitizer.oneLine(m.subject()), 30),
                            m.waiting() ? m.attempts() + " tries" : "refused".equals(m.state()) ? "REFUSED" : "MAYBE SENT",
                            m.lastError() == null ? "" : Sanitizer.oneLine(m.lastError())),
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

    /** What a new draft starts from: who it is from (identity, signature), why without a signature, the templates. */
    private record Signed(dev.postern.compose.Sender sender, String problem, Templates.Texts texts) {}

    /** Off the UI thread (a signature_command may run): the account's first identity, its signature, the templates. */
    private CompletableFuture<Signed> signer(String account) {
        return CompletableFuture.supplyAsync(() -> {
            Templates.Texts texts = c.templates(); // a template file that cannot be read fails the draft, in one sentence
            try {
                return new Signed(c.sender(account, null, null, null, true), null, texts);
            } catch (RuntimeException e) {
                return new Signed(c.sender(account, null, null, null, false), Errors.sentence(e, "Reading the signature"), texts);
            }
        });
    }

    void compose(String account) {
        if (!free()) return;
        String acct = MailController.UNIFIED.equals(account) && !c.accounts().isEmpty() ? c.accounts().get(0) : account;
        signer(acct).whenComplete((s, err) -> loop.post(() -> {
            if (err != null) {
                status.failed(err, "Starting a message");
                return;
            }
            if (s.problem() != null) status.error("Without a signature: " + s.problem());
            else status.clearMessage();
            enter.run();
            dev.postern.compose.Sender who = s.sender();
            String from = who.identity() != null ? who.from() : c.outgoing().fromAddress(acct);
            screen.start(acct, who.signed(Templates.blank(from, s.texts())), who.identity(), who.signature(), null);
        }));
    }

    void answer(String command, Envelope e) {
        if (!free()) return;
        if (KeyMap.FORWARD.equals(command)) {
            forwarding = e;
            status.notice("Forward inline or as attachment? (i/a)");
            return;
        }
        boolean all = KeyMap.REPLY_ALL.equals(command);
        boolean list = KeyMap.REPLY_LIST.equals(command);
        status.notice("Preparing the reply…");
        drafted(Commands.REPLY, e, all, list, false, "Reading the message to reply to");
    }

    private void forward(Envelope e, boolean attached) {
        status.notice("Preparing the forward…");
        drafted(Commands.FORWARD, e, false, false, attached, "Reading the message to forward");
    }

    /** The typed reply or forward, without text: its draft opens here. */
    private void drafted(AnswerCommand command, Envelope e, boolean all, boolean list, boolean attached, String doing) {
        MessageRef ref = e.ref();
        AnswerCommand.Args a = new AnswerCommand.Args(dev.postern.command.Messages.seen(ref.account(), ref.folder(),
                ref.uidValidity(), java.util.List.of(ref.uid())), null, null, java.util.List.of(), false, false, false, null, false, null, null, false,
                all, list, attached, java.util.List.of(), java.util.List.of(), true);
        command.run(c, a).whenComplete((s, err) -> loop.post(() -> {
            if (err != null) {
                status.failedOnShown(err, doing);
                return;
            }
            edit(s, command);
        }));
    }

    /** A reply's or forward's draft in the compose screen; once it went, the original is flagged as the command says. */
    private void edit(Sent s, AnswerCommand command) {
        if (!s.notes().isEmpty()) status.error(String.join("; ", s.notes()));
        else status.clearMessage();
        enter.run();
        MessageRef original = s.original();
        screen.start(s.account(), s.draft(), s.sender().identity(), s.sender().signature(), s.quotesEncrypted(),
                sent -> command.answered(c, original).whenComplete((notes, err) -> loop.post(() -> {
                    if (notes != null && !notes.isEmpty()) status.error(Sanitizer.oneLine(String.join("; ", notes)));
                    leaveRefresh.run();
                })));
    }

    /**
     * UI thread: an account is back online, so whatever waits in its outbox goes out, as the controller's
     * outbox-flush job (listed by {@code :jobs}, stopped by {@code :cancel} like one started by {@code :outbox}).
     */
    void reconnected(String account) {
        Outgoing out = c.outgoing();
        if (out == null || flushing.contains(account)) return;
        flushing.add(account);
        CompletableFuture.supplyAsync(() -> out.waiting(account))
                .thenCompose(waiting -> waiting == 0 ? CompletableFuture.<dev.postern.compose.Postman.FlushReport>completedFuture(null)
                        : c.flushOutbox(account).result())
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

    /** Pasted text into the compose screen's open field ({@link Paste}). */
    void paste(String s) { screen.input().paste(s); }

    int inputLength() { return screen.input().length(); }

    TerminalPosition drawInput(TextGraphics g, Palette palette, int row, int width) {
        return screen.drawInput(g, palette, row, width);
    }
}
