package dev.postern.ui;

import dev.postern.command.Changed;
import dev.postern.command.Commands;
import dev.postern.command.CopyCommand;
import dev.postern.command.DeleteCommand;
import dev.postern.command.FlagCommand;
import dev.postern.command.Messages;
import dev.postern.command.MoveCommand;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Tagging and the message actions of the index (toggle read, toggle flag, delete, move, copy), mutt
 * style: {@code ;} applies the next action to the tagged messages instead of the one under the cursor.
 * Actions are the typed commands of {@link Commands} (the same objects as {@code postern delete|move|copy|flag}
 * and ':delete --to X'), run on the controller (never on the UI thread); the index updates from its events
 * and the typed result comes back as a notice. UI thread only.
 */
final class MessageCommands {
    private final MailController c;
    private final UiLoop loop;
    private final IndexView index;
    private final StatusLine status;
    private final Prompt prompt;
    private final StoreReader reader;
    private final Set<MessageRef> tagged = new LinkedHashSet<>();
    private boolean toTagged;

    MessageCommands(MailController c, UiLoop loop, IndexView index, StatusLine status, Prompt prompt, StoreReader reader) {
        this.c = c;
        this.reader = reader;
        this.loop = loop;
        this.index = index;
        this.status = status;
        this.prompt = prompt;
        status.taggedFrom(tagged::size); // "3 tagged" on the status bar while any are
    }

    boolean isTagged(MessageRef ref) { return tagged.contains(ref); }

    private Prompt.Completer folders;
    private Runnable changed = () -> { };

    /** Tab in the move/copy prompt completes folder names with this. */
    void completeFoldersWith(Prompt.Completer folders) { this.folders = folders; }

    /** Run after a move or copy succeeded: the target folder's counts changed. */
    void afterChange(Runnable r) { this.changed = r; }

    /**
     * The messages a batch command acts on: the tagged ones when ';' came just before, else the one under
     * the cursor. Consumes the ';'.
     */
    List<MessageRef> takeTargets() {
        boolean prefix = toTagged;
        toTagged = false;
        if (prefix) return List.copyOf(tagged); // the batch command says which of them are gone
        List<MessageRef> out = new ArrayList<>();
        index.selectedEnvelope().ifPresent(e -> out.add(e.ref()));
        return out;
    }

    /** After a batch command succeeded on them. */
    void untag(java.util.Collection<MessageRef> refs) {
        tagged.removeAll(refs);
    }

    /**
     * The folder shown changed in the store: tags of messages no longer in it (expunged or moved by another client) go,
     * so the status bar counts the rows tagged (hunt 34-A, A7: "4 tagged" beside 2). Read off the UI thread.
     */
    void pruneTags() {
        if (tagged.isEmpty()) return;
        List<MessageRef> now = List.copyOf(tagged);
        reader.read("tags", () -> now.stream().filter(r -> c.envelope(r).isEmpty()).toList(), gone -> gone.forEach(tagged::remove));
    }

    /** A new folder starts with nothing tagged. */
    void folderOpened() {
        tagged.clear();
        toTagged = false;
    }

    private java.util.function.Supplier<java.util.Optional<Envelope>> current;

    /** Handles an index command; false if it is not one of these. */
    boolean handle(String command) {
        return handle(command, index::selectedEnvelope, NO_REMOVAL);
    }

    /**
     * Told the messages a delete or move is about to remove, just before it is sent; returns what to run
     * once the server and the store have removed them (not run when the action fails).
     */
    interface Removal {
        Runnable sending(List<MessageRef> removed);
    }

    private static final Removal NO_REMOVAL = removed -> () -> { };

    /**
     * The same, acting on {@code current} instead of the index cursor when no tag prefix is pending: the
     * pager passes the message it shows (re-read from the store, so toggles see its flags as they are now).
     */
    boolean handle(String command, java.util.function.Supplier<java.util.Optional<Envelope>> current, Removal removal) {
        this.current = current;
        boolean prefix = toTagged;
        toTagged = false;
        boolean unified = MailController.UNIFIED.equals(index.account());
        if (unified && (command.equals(KeyMap.MOVE) || command.equals(KeyMap.COPY))) {
            // A target folder is one account's: a move or copy goes from that account's own folder.
            status.notice("Open the message's own account INBOX from the sidebar to move or copy it.");
            return true;
        }
        // In All Inboxes, N, F and d act on each message in its own account (hunt 33, Z7); the cursor's says what it can.
        String own = unified && !prefix ? current.get().map(e -> e.ref().account()).orElse(null) : index.account();
        String cannot = own == null ? null : switch (command) {
            case KeyMap.DELETE -> Commands.refusal(Commands.DELETE, c, own);
            case KeyMap.MOVE -> Commands.refusal(Commands.MOVE, c, own);
            case KeyMap.COPY -> Commands.refusal(Commands.COPY, c, own);
            default -> null;
        };
        if (cannot != null) { // the account's backend cannot (a POP3 maildrop has one folder): say so before asking
            status.notice(Sanitizer.oneLine(cannot));
            return true;
        }
        switch (command) {
            case KeyMap.TAG -> current.get().ifPresent(e -> {
                if (!tagged.remove(e.ref())) tagged.add(e.ref());
                index.move(1);
            });
            case KeyMap.TAG_PREFIX -> {
                if (tagged.isEmpty()) {
                    status.notice("No messages are tagged (t tags one).");
                } else {
                    toTagged = true;
                    status.notice("Next action applies to " + tagged.size() + " tagged message(s)…");
                }
            }
            case KeyMap.TOGGLE_READ -> withTargets(prefix, t -> toggle(t, Flag.SEEN, "read", "unread"));
            case KeyMap.TOGGLE_FLAG -> withTargets(prefix, t -> toggle(t, Flag.FLAGGED, "flagged", "unflagged"));
            case KeyMap.DELETE -> withTargets(prefix, t -> {
                if (t.isEmpty()) return;
                prompt.ask("Delete " + t.size() + " message(s) to Trash? (y/n): ", yes -> {
                    if (yes) {
                        Runnable after = removal.sending(refs(t));
                        index.going(refs(t));
                        run(t, each(t, m -> Commands.DELETE.run(c, new DeleteCommand.Args(m, false, null)).thenApply(Changed::count)),
                                "Deleted", after);
                    } else {
                        status.notice("Nothing deleted.");
                    }
                });
            });
            case KeyMap.MOVE, KeyMap.COPY -> withTargets(prefix, t -> {
                if (t.isEmpty()) return;
                boolean move = command.equals(KeyMap.MOVE);
                prompt.start((move ? "Move " : "Copy ") + t.size() + " message(s) to folder: ", answer -> {
                    String target = FolderPrompts.unquote(answer);
                    if (target.isEmpty()) return;
                    if (target.equals(index.folder())) {
                        status.notice("They are already in " + Sanitizer.oneLine(target) + ".");
                        return;
                    }
                    String account = index.account();
                    String folder = index.folder();
                    Runnable removed = move ? removal.sending(refs(t)) : () -> { };
                    if (move) index.going(refs(t));
                    Runnable after = () -> {
                        removed.run();
                        changed.run();
                    };
                    run(t, current(t).thenCompose(now -> {
                        Messages m = Messages.seen(account, folder, now.get(0).ref().uidValidity(), uids(now));
                        return move ? Commands.MOVE.run(c, new MoveCommand.Args(m, target)) : Commands.COPY.run(c, new CopyCommand.Args(m, target));
                    }).thenApply(Changed::count),
                            (move ? "Moved" : "Copied") + " to " + target + ":", after);
                }, null, folders);
            });
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The messages an action works on, handed to {@code then} on the UI thread: the current one at once, or
     * the tagged set as the store has them now (read off the UI thread, so a slow store never holds a key).
     */
    private void withTargets(boolean prefix, java.util.function.Consumer<List<Envelope>> then) {
        if (!prefix) {
            List<Envelope> out = new ArrayList<>();
            current.get().ifPresent(out::add);
            then.accept(out);
            return;
        }
        List<MessageRef> refs = List.copyOf(tagged);
        // Keys typed ahead (";M" and the folder's name at once) wait for the prompt this opens, and go into it: as index
        // commands meanwhile, the letters of a name deleted or replied to the message under the cursor (hunt 39-Y, Y10).
        index.targetsPending = true;
        reader.submit(() -> {
            List<Envelope> out = new ArrayList<>();
            for (MessageRef ref : refs) c.envelope(ref).ifPresent(out::add);
            return out;
        }).whenComplete((out, err) -> loop.post(() -> {
            try {
                if (err != null) {
                    status.failed(err, "Reading the tagged messages");
                    return;
                }
                if (out.isEmpty()) status.notice("The tagged messages are gone.");
                then.accept(out);
            } finally {
                index.targetsRead();
            }
        }));
    }

    private static List<MessageRef> refs(List<Envelope> t) {
        List<MessageRef> out = new ArrayList<>();
        for (Envelope e : t) out.add(e.ref());
        return out;
    }

    /**
     * Runs {@code one} on the messages of each account and folder among {@code t} (one group but in All Inboxes, whose
     * rows are of several accounts' INBOXes), in turn; the counts summed, the first failure the whole's.
     */
    private CompletableFuture<Integer> each(List<Envelope> t, java.util.function.Function<Messages, CompletableFuture<Integer>> one) {
        return current(t).thenCompose(now -> {
            java.util.Map<List<String>, List<Envelope>> groups = new java.util.LinkedHashMap<>();
            for (Envelope e : now) {
                groups.computeIfAbsent(List.of(e.ref().account(), e.ref().folder(), String.valueOf(e.ref().uidValidity())),
                        k -> new ArrayList<>()).add(e);
            }
            CompletableFuture<Integer> sum = CompletableFuture.completedFuture(0);
            for (var g : groups.entrySet()) {
                Messages m = Messages.seen(g.getKey().get(0), g.getKey().get(1), Long.parseLong(g.getKey().get(2)), uids(g.getValue()));
                sum = sum.thenCompose(n -> one.apply(m).thenApply(k -> n + k));
            }
            return sum;
        });
    }

    /**
     * Those of {@code t} the store still has (read off the UI thread), failing as gone when none is. An action goes to the
     * server as FOLDER UID: a message shown from before its folder was made again under a new UIDVALIDITY must not reach
     * the new message that took its UID (hunt 43-R, R9: `d` on a stale row deleted a message the user never saw).
     */
    private CompletableFuture<List<Envelope>> current(List<Envelope> t) {
        return reader.submit(() -> t.stream().filter(e -> c.envelope(e.ref()).isPresent()).toList()).thenApply(now -> {
            if (now.isEmpty() && !t.isEmpty()) throw new dev.postern.model.MessageGone("the message is no longer in its folder");
            return now;
        });
    }

    private static Set<Long> uids(List<Envelope> t) {
        Set<Long> uids = new TreeSet<>();
        for (Envelope e : t) uids.add(e.ref().uid());
        return uids;
    }

    /** Sets the flag on all when the first lacks it, else clears it on all (like mutt's toggles on a tag set). */
    private void toggle(List<Envelope> t, Flag flag, String onWord, String offWord) {
        if (t.isEmpty()) return;
        boolean on = !t.get(0).flags().has(flag);
        List<Flag> change = List.of(flag);
        run(t, each(t, m -> Commands.FLAG.run(c, new FlagCommand.Args(m, on ? change : List.of(), on ? List.of() : change))
                .thenApply(FlagCommand.Flagged::changed)), "Marked " + (on ? onWord : offWord) + ":", () -> { });
    }

    private void run(List<Envelope> t, CompletableFuture<Integer> f, String done, Runnable succeeded) {
        status.notice("Working…");
        f.whenComplete((n, err) -> loop.post(() -> {
            index.settled(refs(t)); // a delete or move's keys typed ahead wait for this (IndexView.going)
            if (err != null) {
                if (t.size() == 1) status.failedOnShown(err, done.replace(":", "")); // the shown one, or the cursor's
                else status.failed(err, done.replace(":", ""));
                return;
            }
            for (Envelope e : t) tagged.remove(e.ref());
            String account = t.isEmpty() ? index.account() : t.get(0).ref().account(); // All Inboxes: a real account's
            status.notice(Sanitizer.oneLine(done + " " + n + " message(s)"));
            succeeded.run();
            reader.read("action-queued", () -> !c.queue(account).isEmpty(), queued -> {
                String text = Sanitizer.oneLine(done + " " + n + " message(s)");
                if (queued && status.showing(text)) status.notice(text + " (queued: the server is unreachable)");
            });
        }));
    }
}
