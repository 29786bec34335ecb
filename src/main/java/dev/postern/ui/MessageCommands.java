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
    private final Set<MessageRef> tagged = new LinkedHashSet<>();
    private boolean toTagged;

    MessageCommands(MailController c, UiLoop loop, IndexView index, StatusLine status, Prompt prompt) {
        this.c = c;
        this.loop = loop;
        this.index = index;
        this.status = status;
        this.prompt = prompt;
    }

    boolean isTagged(MessageRef ref) { return tagged.contains(ref); }

    private static boolean isAction(String command) {
        return command.equals(KeyMap.TOGGLE_READ) || command.equals(KeyMap.TOGGLE_FLAG) || command.equals(KeyMap.DELETE)
                || command.equals(KeyMap.MOVE) || command.equals(KeyMap.COPY);
    }

    /**
     * The messages a batch command acts on: the tagged ones when ';' came just before, else the one under
     * the cursor. Consumes the ';'.
     */
    List<MessageRef> takeTargets() {
        boolean prefix = toTagged;
        toTagged = false;
        List<MessageRef> out = new ArrayList<>();
        for (Envelope e : targets(prefix, index::selectedEnvelope)) out.add(e.ref());
        return out;
    }

    /** After a batch command succeeded on them. */
    void untag(java.util.Collection<MessageRef> refs) {
        tagged.removeAll(refs);
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
        if (MailController.UNIFIED.equals(index.account()) && isAction(command)) {
            // The merged view spans accounts; changes go through one account's own folder.
            status.notice("Open the message's own account INBOX from the sidebar to change it.");
            return true;
        }
        String cannot = switch (command) {
            case KeyMap.DELETE -> Commands.refusal(Commands.DELETE, c, index.account());
            case KeyMap.MOVE -> Commands.refusal(Commands.MOVE, c, index.account());
            case KeyMap.COPY -> Commands.refusal(Commands.COPY, c, index.account());
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
            case KeyMap.TOGGLE_READ -> toggle(targets(prefix), Flag.SEEN, "read", "unread");
            case KeyMap.TOGGLE_FLAG -> toggle(targets(prefix), Flag.FLAGGED, "flagged", "unflagged");
            case KeyMap.DELETE -> {
                List<Envelope> t = targets(prefix);
                if (t.isEmpty()) return true;
                prompt.ask("Delete " + t.size() + " message(s) to Trash? (y/n): ", yes -> {
                    if (yes) {
                        Runnable after = removal.sending(refs(t));
                        run(t, Commands.DELETE.run(c, new DeleteCommand.Args(messages(t), false, null)).thenApply(Changed::count),
                                "Deleted", after);
                    } else {
                        status.notice("Nothing deleted.");
                    }
                });
            }
            case KeyMap.MOVE, KeyMap.COPY -> {
                List<Envelope> t = targets(prefix);
                if (t.isEmpty()) return true;
                boolean move = command.equals(KeyMap.MOVE);
                prompt.start((move ? "Move " : "Copy ") + t.size() + " message(s) to folder: ", answer -> {
                    String target = answer.strip();
                    if (target.isEmpty()) return;
                    if (target.equals(index.folder())) {
                        status.notice("They are already in " + Sanitizer.oneLine(target) + ".");
                        return;
                    }
                    String account = index.account();
                    String folder = index.folder();
                    Runnable after = move ? removal.sending(refs(t)) : () -> { };
                    Messages m = Messages.of(account, folder, uids(t));
                    run(t, (move ? Commands.MOVE.run(c, new MoveCommand.Args(m, target))
                                    : Commands.COPY.run(c, new CopyCommand.Args(m, target))).thenApply(Changed::count),
                            (move ? "Moved" : "Copied") + " to " + target + ":", after);
                });
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private List<Envelope> targets(boolean prefix) {
        return targets(prefix, current);
    }

    private List<Envelope> targets(boolean prefix, java.util.function.Supplier<java.util.Optional<Envelope>> current) {
        List<Envelope> out = new ArrayList<>();
        if (prefix) {
            for (MessageRef ref : tagged) c.envelope(ref).ifPresent(out::add);
            if (out.isEmpty()) status.notice("The tagged messages are gone.");
        } else {
            current.get().ifPresent(out::add);
        }
        return out;
    }

    private static List<MessageRef> refs(List<Envelope> t) {
        List<MessageRef> out = new ArrayList<>();
        for (Envelope e : t) out.add(e.ref());
        return out;
    }

    private Messages messages(List<Envelope> t) {
        return Messages.of(index.account(), index.folder(), uids(t));
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
        run(t, Commands.FLAG.run(c, new FlagCommand.Args(messages(t), on ? change : List.of(), on ? List.of() : change))
                .thenApply(FlagCommand.Flagged::changed), "Marked " + (on ? onWord : offWord) + ":", () -> { });
    }

    private void run(List<Envelope> t, CompletableFuture<Integer> f, String done, Runnable succeeded) {
        status.notice("Working…");
        f.whenComplete((n, err) -> loop.post(() -> {
            if (err != null) {
                status.error(Errors.sentence(err, done.replace(":", "")));
                return;
            }
            for (Envelope e : t) tagged.remove(e.ref());
            String queued = c.pending(index.account()).isEmpty() ? "" : " (queued: the server is unreachable)";
            status.notice(Sanitizer.oneLine(done + " " + n + " message(s)" + queued));
            succeeded.run();
        }));
    }
}
