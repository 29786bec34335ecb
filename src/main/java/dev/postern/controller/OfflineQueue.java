package dev.postern.controller;

import dev.postern.backend.MailSession;
import dev.postern.backend.ChangeTry;
import dev.postern.model.Flag;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.MailStore;
import dev.postern.store.PendingAction;
import dev.postern.store.PendingAction.Kind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes made while an account's server is unreachable: applied to the store at once (so the index
 * shows them), queued durably in the same transaction, and replayed in order right after the next
 * successful connect, or right after a change whose link dropped under it. A queued action the server refuses
 * (the message vanished, the folder was recreated, the target is gone, a NO) is reported once and dropped (a refusal
 * kept would stop every action behind it); a connection that fails again, or a failure on this side (the store, a
 * postern bug, a stop), keeps it and the rest queued.
 * Runs on the account's thread.
 */
final class OfflineQueue {
    private static final Logger log = LoggerFactory.getLogger(OfflineQueue.class);

    private final MailStore store;
    private final MessageActions actions;
    private final Consumer<Event> publish;
    private final Clock clock;
    /** What replays did in this process, for a batch command to print. */
    private final List<String> notes = new CopyOnWriteArrayList<>();

    OfflineQueue(MailStore store, MessageActions actions, Consumer<Event> publish, Clock clock) {
        this.store = store;
        this.actions = actions;
        this.publish = publish;
        this.clock = clock;
    }

    List<String> notes() { return List.copyOf(notes); }

    /**
     * The action to queue; {@code attempt}, when not null, is the change a quit or a dropped link cut off: whether it
     * began and its mark of the target (if it got that far), which the replay needs so as not to make it twice.
     */
    PendingAction action(String account, Kind kind, String folder, Collection<Long> uids, String flag, String target,
            ChangeTry attempt) {
        long v = uids.isEmpty() ? 0 : actions.validity(account, folder);
        PendingAction a = new PendingAction(0, account, kind, folder, v, new ArrayList<>(uids), flag, target, clock.millis());
        if (attempt != null && attempt.begun()) return begun(a, attempt);
        // A folder deleted offline: the folder as the user last saw it (hunt 34-A, A9), which the replay checks.
        java.util.Optional<dev.postern.store.FolderState> seen = kind == Kind.DELETE_FOLDER ? store.folderState(account, folder)
                : java.util.Optional.empty();
        return seen.map(st -> new PendingAction(0, account, kind, folder, v, List.of(), flag, target, a.queuedAtMillis(), false,
                st.uidValidity(), st.uidNext())).orElse(a);
    }

    private static PendingAction begun(PendingAction a, ChangeTry t) {
        ChangeTry.Mark m = t.mark();
        return m == null ? a.begun(0, 0) : a.begun(m.uidValidity(), m.uidNext());
    }

    /** Applies {@code a} to the store and queues it, in one commit; returns the number of messages it names. */
    int queue(PendingAction a) {
        String account = a.account();
        if (!a.begun()) check(a);
        try {
            switch (a.kind()) {
                case FLAG, UNFLAG -> {
                    Flag flag = flag(a.flag());
                    for (long uid : a.uids()) {
                        MessageRef ref = new MessageRef(account, a.folder(), a.uidValidity(), uid);
                        store.envelope(ref).ifPresent(e -> store.updateFlags(ref,
                                a.kind() == Kind.FLAG ? e.flags().with(flag) : e.flags().without(flag)));
                    }
                }
                case MOVE, DELETE, EXPUNGE -> store.removeEnvelopes(refs(a));
                case CREATE_FOLDER -> {
                    char sep = store.folders(account).stream().map(Folder::separator).filter(c -> c != 0)
                            .findFirst().orElse('/');
                    store.putFolder(new Folder(account, a.folder(), sep, 0, 0, null));
                }
                case RENAME_FOLDER -> actions.renameLocally(account, a.folder(), a.target());
                case DELETE_FOLDER -> store.removeFolder(account, a.folder());
                case COPY, SUBSCRIBE, UNSUBSCRIBE -> {
                    // Nothing to show until the server has done it: the copy appears with the target's next sync.
                }
            }
            PendingAction stored = store.enqueue(a);
            store.commit();
            log.info("account {}: server unreachable, queued #{}: {}", account, stored.id(), stored.describe());
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
        if (!a.folder().isEmpty() && !a.uids().isEmpty()) actions.changed(account, a.folder());
        publish.accept(new Event.FoldersLoaded(account));
        return a.uids().size();
    }

    /**
     * An offline change names only UIDs the store holds, as online the server would refuse the rest: a UID the folder
     * never had (a typo, a computed UID) was queued and replayed on the next mail to take it (hunt 34-A, A11). A change a
     * cut try already sent ({@code begun}) was checked then. The target of a move is not checked: the store need not
     * know every folder (a batch user who only syncs INBOX), and a move whose target is not there is dropped at replay
     * with its message given back ({@link #undo}).
     */
    private void check(PendingAction a) {
        String account = a.account();
        if (!a.uids().isEmpty()) {
            java.util.SortedSet<Long> held = store.uids(account, a.folder(), a.uidValidity());
            java.util.SortedSet<Long> missing = new java.util.TreeSet<>(a.uids());
            missing.removeAll(held);
            if (!missing.isEmpty()) {
                throw new PosternException(dev.postern.model.ExitCode.NOINPUT, "account " + account + ": the server cannot"
                        + " be reached, and '" + a.folder() + "' as postern last saw it holds no message with UID "
                        + missing.stream().limit(20).map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                        + (missing.size() > 20 ? ",…" : "") + "; nothing was changed or queued.");
            }
        }
    }

    /**
     * A dropped change's effect on the store undone: its messages as the server still has them put back in their folder
     * (a move, a delete, an expunge took them out of view when queued, and nothing listed them again: hunt 34-A, A5), and
     * a flag change's messages given the server's flags. Best effort: a failure here leaves the store as it was.
     */
    private void undo(MailSession s, PendingAction a) {
        if (a.uids().isEmpty() || a.kind() == Kind.COPY) return;
        String account = a.account();
        try {
            dev.postern.backend.HeaderSource hs = MessageActions.capability(s, dev.postern.backend.HeaderSource.class,
                    account, "list messages");
            if (hs.open(a.folder()).uidValidity() != a.uidValidity()) return; // recreated: its next sync lists it anew
            List<dev.postern.model.Envelope> back = new ArrayList<>();
            for (long uid : a.uids()) {
                MessageRef ref = new MessageRef(account, a.folder(), a.uidValidity(), uid);
                hs.envelope(a.folder(), uid).ifPresent(e -> {
                    if (store.envelope(ref).isPresent()) store.updateFlags(ref, e.flags());
                    else back.add(e);
                });
            }
            store.putEnvelopes(back);
            // Put back without their bodies, under the UIDNEXT the folder's complete-bodies record was made at: that
            // record would cover them, and no sync fetched them (hunt 43-Y, Y1).
            if (!back.isEmpty()) store.putBodiesMark(account, a.folder(), null);
            store.commit();
            actions.changed(account, a.folder());
            if (!back.isEmpty()) log.info("account {}: {} message(s) of the dropped #{} put back in {}", account, back.size(),
                    a.id(), a.folder());
        } catch (RuntimeException e) {
            store.rollback();
            log.warn("account {}: the store's view of the dropped #{} could not be mended ({})", account, a.id(), e.toString());
        }
    }

    /**
     * A folder deleted offline is deleted at replay only while it is the folder the user decided on: not made again
     * since (UIDVALIDITY), no mail come into it since postern last saw it (UIDNEXT). Else mail nobody saw went with it,
     * and into no Trash (hunt 34-A, A9): the action is dropped, saying why, and the next sync lists the folder again.
     */
    private void unchangedSinceSeen(MailSession s, PendingAction a) {
        dev.postern.backend.FolderStatus now = MessageActions.capability(s, dev.postern.backend.HeaderSource.class,
                a.account(), "list messages").open(a.folder());
        String undone = "; it was not deleted, so no mail is lost: delete it again if you still mean to.";
        if (now.uidValidity() != a.targetValidity()) {
            throw new PosternException(dev.postern.model.ExitCode.NOINPUT, "folder '" + a.folder() + "' was made again on"
                    + " the server since it was deleted offline" + undone);
        }
        if (a.targetNext() > 0 && now.uidNext() > a.targetNext()) {
            throw new PosternException(dev.postern.model.ExitCode.NOINPUT, "folder '" + a.folder() + "' has had new mail"
                    + " since it was deleted offline (" + (now.uidNext() - a.targetNext()) + " message(s) at most)" + undone);
        }
    }

    private static List<MessageRef> refs(PendingAction a) {
        List<MessageRef> refs = new ArrayList<>();
        for (long uid : a.uids()) refs.add(new MessageRef(a.account(), a.folder(), a.uidValidity(), uid));
        return refs;
    }

    private static Flag flag(String label) {
        for (Flag f : Flag.values()) if (f.label().equals(label)) return f;
        throw new PosternException(dev.postern.model.ExitCode.DATAERR, "unknown flag '" + label + "' in the queue");
    }

    /**
     * Replays the account's queue, oldest first. Stops (keeping it and the rest) when the link fails again or the
     * failure is this side's ({@link #ours}, a postern bug); the server's refusal drops that one action with a report.
     */
    void replay(MailSession s, String account) {
        List<PendingAction> queued = store.pending(account);
        if (queued.isEmpty()) return;
        int done = 0;
        for (PendingAction a : queued) {
            try {
                // A trash folder made on first use commits on its own: made before the action's removal is written.
                String trash = a.kind() == Kind.DELETE ? actions.trashFolder(s, account, a.folder()) : null;
                // Removed in the same transaction the action commits: a crash can neither lose it nor run it twice.
                store.removePending(account, a.id());
                run(s, a, trash, attempt(a));
                store.commit();
                done++;
            } catch (PosternException e) {
                store.rollback();
                // A Sent copy's APPEND goes on a connection of its own, which may find the server not there at all.
                if (e instanceof dev.postern.model.LinkDropped || dev.postern.model.NotReached.in(e)) {
                    log.info("account {}: replay stopped at #{} ({}); {} action(s) stay queued", account, a.id(),
                            e.getMessage(), queued.size() - done);
                    break;
                }
                if (ours(e)) {
                    keep(a, e.getMessage(), queued.size() - done);
                    break;
                }
                drop(a, e.getMessage());
                undo(s, a);
            } catch (RuntimeException e) {
                store.rollback();
                log.error("account {}: replaying #{} failed", account, a.id(), e);
                keep(a, "internal error (" + e + ")", queued.size() - done);
                break;
            }
        }
        if (done > 0) {
            notes.add("account " + account + ": replayed " + done + " queued action(s) made while offline.");
            log.info("account {}: replayed {} queued action(s)", account, done);
        }
        publish.accept(new Event.FoldersLoaded(account));
    }

    /**
     * Whether a replay's failure is this side's, not the server's answer to the change: the store could not be written
     * (a full disk: 74), this process is stopping or its command was cancelled, the account must sign in again. Such a
     * change was not refused, so it is kept (hunt 39-Y's sibling: a full disk, like a postern bug, dropped the user's
     * queued change as if the server had refused it).
     */
    private static boolean ours(PosternException e) {
        return e.exitCode() == dev.postern.model.ExitCode.IOERR || e instanceof dev.postern.model.StoreClosed
                || e instanceof dev.postern.model.Work.Cancelled || e instanceof dev.postern.model.SignInNeeded;
    }

    /** The replay stops at {@code a}, which stays queued with every action after it, in order, and says why. */
    private void keep(PendingAction a, String why, int left) {
        String msg = "account " + a.account() + ": replaying the queued '" + a.describe() + "' failed here, not at the"
                + " server: " + why + "; it and the " + (left - 1) + " change(s) after it stay queued and are tried"
                + " again at the next connection (`postern queue` lists them).";
        tell(a, msg);
    }

    /** A replay's word about {@code a}: logged, kept for the sync's report, and shown where the user is. */
    private void tell(PendingAction a, String msg) {
        log.warn(msg);
        notes.add(msg);
        publish.accept(new Event.Failure(a.account(), msg));
    }

    /**
     * The user takes back queued change {@code id} ({@code queue --drop}). It leaves the queue; what queuing it took out
     * of the store's view (moved or deleted messages, changed flags) is listed again by the next sync of its folder,
     * which lists from its first UID on, as the server has them (a put keeps a body already stored). A folder change
     * taken back is undone by the next folder list; a Sent copy stays in the store only, as when a replay drops it.
     */
    dev.postern.model.QueuedChange forget(String account, long id) {
        PendingAction a = store.pending(account).stream().filter(p -> p.id() == id).findFirst()
                .orElseThrow(() -> new PosternException(dev.postern.model.ExitCode.NOINPUT, "account " + account
                        + " has no queued change #" + id + "; `postern queue` lists them."));
        try {
            store.removePending(account, id);
            if (!a.uids().isEmpty() && a.kind() != Kind.COPY && a.kind() != Kind.APPEND) {
                store.folderState(account, a.folder()).filter(st -> st.uidValidity() == a.uidValidity())
                        .ifPresent(st -> store.putFolderState(account, a.folder(), new dev.postern.store.FolderState(
                                st.uidValidity(), Math.min(st.uidNext(), java.util.Collections.min(a.uids())), 0,
                                st.syncedAtMillis()))); // no HIGHESTMODSEQ: a CONDSTORE sync takes every flag, not a delta
                // What the sync lists again comes without its body, under the same UIDNEXT (hunt 43-Y, Y1).
                store.putBodiesMark(account, a.folder(), null);
            }
            store.commit();
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
        log.info("account {}: queued #{} taken back by the user: {}", account, id, a.describe());
        publish.accept(new Event.FoldersLoaded(account));
        return a.change();
    }

    private void drop(PendingAction a, String why) {
        store.removePending(a.account(), a.id());
        store.commit();
        String msg = "account " + a.account() + ": the queued '" + a.describe() + "' was dropped: " + why
                + (a.kind() == Kind.APPEND ? "; its copy stays in " + a.folder() + " in postern's store only" : "");
        tell(a, msg);
    }

    /**
     * A queued change across replays. The first replay writes down that it began (and a transfer's mark of its
     * target) before it sends the change, so that the replay after a cut one copies only what the cut one did not
     * and takes a change already made as done.
     */
    private ChangeTry attempt(PendingAction a) {
        if (a.begun()) return ChangeTry.after(a.targetMarked() ? new ChangeTry.Mark(a.targetValidity(), a.targetNext()) : null);
        return ChangeTry.first(t -> {
            // Only the action's removal is in this transaction yet: the action goes back marked begun, is
            // committed, and is removed again, so that it still leaves in the same commit as its outcome.
            store.updatePending(begun(a, t));
            store.commit();
            store.removePending(a.account(), a.id());
        });
    }

    /** {@code trash}: a DELETE's trash folder, found (or made) already; else null. */
    private void run(MailSession s, PendingAction a, String trash, ChangeTry attempt) {
        String account = a.account();
        if (!a.uids().isEmpty() && a.uidValidity() != actions.validity(account, a.folder())) {
            throw new PosternException(dev.postern.model.ExitCode.NOINPUT, "folder '" + a.folder()
                    + "' was recreated since (UIDVALIDITY changed)");
        }
        switch (a.kind()) {
            case FLAG, UNFLAG -> actions.setFlags(s, account, a.folder(), a.uids(), flag(a.flag()), a.kind() == Kind.FLAG);
            case MOVE -> actions.transfer(s, account, a.folder(), a.uids(), a.target(), true, attempt);
            case COPY -> actions.transfer(s, account, a.folder(), a.uids(), a.target(), false, attempt);
            // To the trash, or for good when that is where they are (as MessageActions.delete).
            case DELETE -> {
                if (trash.equals(a.folder())) actions.delete(s, account, a.folder(), a.uids(), true, attempt);
                else actions.transfer(s, account, a.folder(), a.uids(), trash, true, attempt);
            }
            case EXPUNGE -> actions.delete(s, account, a.folder(), a.uids(), true, attempt);
            case CREATE_FOLDER -> actions.createFolder(s, account, a.folder(), attempt);
            case RENAME_FOLDER -> actions.renameFolder(s, account, a.folder(), a.target(), attempt);
            case DELETE_FOLDER -> {
                if (!a.begun() && a.targetMarked()) unchangedSinceSeen(s, a);
                actions.deleteFolder(s, account, a.folder(), attempt);
            }
            case SUBSCRIBE -> actions.subscribe(s, account, a.folder(), true);
            case UNSUBSCRIBE -> actions.subscribe(s, account, a.folder(), false);
            case APPEND -> append(s, a);
        }
    }

    /**
     * A Sent copy kept while the server could not be reached (hunt 39-Y, Y1): appended unless the folder holds its
     * Message-ID already (a replay cut after the server stored it), and the store's local copy replaced by the server's,
     * in the commit that forgets the queued copy. A refusal drops it as any action's; the local copy stays then.
     */
    private void append(MailSession s, PendingAction a) {
        dev.postern.backend.SentCopies.Stored at = MessageActions.capability(s, dev.postern.backend.SentCopies.class,
                a.account(), "save a copy in Sent").appendOnce(a.copy(), a.target().isEmpty() ? null : a.target(),
                "auto".equals(a.flag()));
        if (at == null) { // filed by the server itself (Gmail): its next sync lists it there
            dev.postern.compose.SentQueue.landed(store, a.account(), a.folder(), a.folder(), 0, 0, a.copy(), clock.instant());
            return;
        }
        dev.postern.compose.SentQueue.landed(store, a.account(), a.folder(), at.folder(), at.uidValidity(), at.uid(), a.copy(),
                clock.instant());
        actions.changed(a.account(), a.folder());
        if (!at.folder().equals(a.folder())) actions.changed(a.account(), at.folder());
    }
}
