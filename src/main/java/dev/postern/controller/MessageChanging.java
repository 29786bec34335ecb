package dev.postern.controller;

import static dev.postern.controller.ControllerContext.capability;

import dev.postern.backend.FlagWriter;
import dev.postern.backend.MailSession;
import dev.postern.backend.ChangeTry;
import dev.postern.model.Capability;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@link MessageChanges}: flags, move, copy and delete on the account's thread, on the server then in the
 * store; queued while the server is unreachable and replayed on the next connection. Messages kept locally
 * only (retention deleted their server copy) are changed in the store alone, or refused where there is
 * nothing to do without a server copy.
 */
final class MessageChanging implements MessageChanges {
    private final ControllerContext ctx;
    private final MailStore store;
    private final MessageActions actions;
    private final OfflineQueue offline;
    private final UnifiedInbox unified;

    MessageChanging(ControllerContext ctx) {
        this.ctx = ctx;
        this.store = ctx.store;
        this.actions = ctx.actions;
        this.offline = ctx.offline;
        this.unified = ctx.unified;
    }

    private AccountWorker worker(String account) { return ctx.worker(account); }

    private boolean isUnified(String account) { return ctx.isUnified(account); }

    private CompletableFuture<Integer> queueable(String account, long seen, Function<MailSession, Integer> task,
            dev.postern.store.PendingAction.Kind kind, String folder, java.util.Collection<Long> uids, String flag, String target) {
        return ctx.queueable(account, s -> {
            stillThere(account, folder, seen, uids);
            return task.apply(s);
        }, () -> {
            stillThere(account, folder, seen, uids); // queued offline: the UIDVALIDITY it records is the one seen
            return offline.action(account, kind, folder, uids, flag, target, null);
        }, n -> n);
    }

    /**
     * Refused at once, touching neither the server nor the store, when the caller saw the messages under another
     * UIDVALIDITY than the folder's now; else null. The account thread checks again right before the change.
     */
    private CompletableFuture<Integer> recreated(String account, String folder, long seen, java.util.Collection<Long> uids) {
        try {
            stillThere(account, folder, seen, uids);
            return null;
        } catch (dev.postern.model.MessageGone e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Messages the caller saw under a UIDVALIDITY their folder no longer has: another client deleted the folder (and made
     * it again: {@code recreated}), and its UIDs now name other mail, or none (hunt 43-R, R9).
     */
    static dev.postern.model.MessageGone folderMadeAgain(String folder, java.util.Collection<Long> uids, boolean recreated) {
        java.util.List<Long> which = uids.stream().sorted().toList();
        String f = dev.postern.render.Sanitizer.oneLine(folder);
        return new dev.postern.model.MessageGone((which.size() == 1 ? "message " + which.get(0) + " of " + f + " was removed"
                : "messages " + dev.postern.model.UidText.abbreviate(which) + " of " + f + " were removed") + ": the folder was "
                + (recreated ? "re-created" : "deleted") + " by another client; nothing done.");
    }

    @Override
    public void stillThere(String account, String folder, long seen, java.util.Collection<Long> uids) {
        if (seen == 0 || isUnified(account)) return;
        long now = actions.validity(account, folder);
        if (now == seen) return;
        throw folderMadeAgain(folder, uids, now != 0);
    }

    /**
     * A move, copy or delete: one {@link ChangeTry} for the account thread's try, its retry on a fresh connection,
     * and the queued action a quit or a dropped link turns it into, so that none of them copies what an earlier one did.
     */
    private CompletableFuture<Integer> transferring(String account, long seen,
            java.util.function.BiFunction<MailSession, ChangeTry, Integer> task,
            dev.postern.store.PendingAction.Kind kind, String folder, java.util.Collection<Long> uids, String target) {
        ChangeTry attempt = ChangeTry.first();
        return ctx.queueable(account, s -> {
            stillThere(account, folder, seen, uids);
            return task.apply(s, attempt);
        }, () -> {
            stillThere(account, folder, seen, uids);
            return offline.action(account, kind, folder, uids, null, target, attempt);
        }, n -> n);
    }

    /** Actions queued while the account's server was unreachable, oldest first. */
    @Override
    public List<dev.postern.model.QueuedChange> queue(String account) {
        List<dev.postern.model.QueuedChange> all = new ArrayList<>();
        if (isUnified(account)) {
            for (String a : unified.accounts()) for (dev.postern.store.PendingAction p : store.pending(a)) all.add(p.change());
            return all;
        }
        // An account the config no longer names: its changes are still the store's to list (hunt 38-M, M4).
        if (!store.accounts().contains(account) || ctx.workers.containsKey(account)) worker(account);
        for (dev.postern.store.PendingAction p : store.pending(account)) all.add(p.change());
        return all;
    }

    /** On the account's thread, in order with a replay, which can then not run it half-taken-back. */
    @Override
    public CompletableFuture<dev.postern.model.QueuedChange> dropQueued(String account, long id) {
        return worker(account).local(() -> offline.forget(account, id));
    }

    /** What replays of the offline queue did in this process (replayed counts, dropped conflicts). */
    @Override
    public List<String> queueNotes() {
        List<String> all = new ArrayList<>(offline.notes());
        all.addAll(actions.notes());
        all.addAll(ctx.alerts);
        return all;
    }

    @Override
    public CompletableFuture<Integer> setFlags(String account, String folder, java.util.Collection<Long> uids, Flag flag, boolean on) {
        return setFlags(account, folder, 0, uids, flag, on);
    }

    @Override
    public CompletableFuture<Integer> setFlags(String account, String folder, long seen, java.util.Collection<Long> uids, Flag flag,
            boolean on) {
        CompletableFuture<Integer> gone = recreated(account, folder, seen, uids);
        if (gone != null) return gone;
        if (!isUnified(account)) {
            AccountWorker w = worker(account);
            if (!ctx.capabilities(account).contains(Capability.SERVER_FLAGS)) {
                // A POP3 maildrop keeps no flags: the store is the only copy, so nothing connects or is queued.
                List<Long> all = List.copyOf(uids);
                return w.local(() -> {
                    stillThere(account, folder, seen, all);
                    long validity = actions.validity(account, folder);
                    List<Long> missing = new java.util.ArrayList<>();
                    for (long uid : all) {
                        if (store.envelope(new dev.postern.model.MessageRef(account, folder, validity, uid)).isEmpty()) missing.add(uid);
                    }
                    if (!missing.isEmpty()) throw absent(account, folder, missing); // as IMAP's "no longer in" (hunt37-J J7)
                    try {
                        return actions.setFlagsLocally(account, folder, validity, all, flag, on);
                    } catch (RuntimeException e) {
                        store.rollback();
                        throw e;
                    }
                });
            }
        }
        return splitLocalOnly(account, folder, seen, uids, (v, local) -> actions.setFlagsLocally(account, folder, v, local, flag, on),
                server -> queueable(account, seen, s -> actions.setFlags(s, account, folder, server, flag, on),
                        on ? dev.postern.store.PendingAction.Kind.FLAG : dev.postern.store.PendingAction.Kind.UNFLAG,
                        folder, server, flag.label(), null));
    }

    /** UIDs a maildrop's store does not hold: nothing was changed (they were counted as changed, exit 0). */
    private static dev.postern.model.PosternException absent(String account, String folder, List<Long> missing) {
        String uids = dev.postern.model.UidText.abbreviate(missing);
        return new dev.postern.model.MessageGone("account " + account + ": "
                + (missing.size() == 1 ? "there is no message with UID " : "there are no messages with UIDs ") + uids + " in '"
                + folder + "'; nothing was changed.");
    }

    /** Without flags on the server (POP3) the store alone remembers the answer (the index's A). */
    @Override
    public CompletableFuture<Void> answered(MessageRef original) {
        AccountWorker w = worker(original.account());
        if (!ctx.capabilities(original.account()).contains(Capability.SERVER_FLAGS)) {
            return w.local(() -> {
                try {
                    actions.setFlagsLocally(original.account(), original.folder(), original.uidValidity(),
                            List.of(original.uid()), Flag.ANSWERED, true);
                    return null;
                } catch (RuntimeException e) {
                    store.rollback();
                    throw e;
                }
            });
        }
        return setFlags(original.account(), original.folder(), original.uidValidity(), List.of(original.uid()), Flag.ANSWERED, true)
                .thenApply(n -> null);
    }

    @Override
    public CompletableFuture<Boolean> forwarded(MessageRef original) {
        AccountWorker w = worker(original.account());
        if (!ctx.capabilities(original.account()).contains(Capability.SERVER_FLAGS) || store.isDetached(original)) {
            return CompletableFuture.completedFuture(false);
        }
        return w.submitChange(s -> capability(s, FlagWriter.class, original.account(), "change flags")
                .addKeyword(original.folder(), original.uidValidity(), original.uid(), "$Forwarded"), null);
    }

    /** A failed future when some of the UIDs are kept locally only (no server copy to move or copy), else null. */
    private CompletableFuture<Integer> refuseLocalOnly(String account, String folder, java.util.Collection<Long> uids, String what) {
        if (isUnified(account)) return null;
        java.util.SortedSet<Long> kept = store.detached(account, folder, actions.validity(account, folder));
        List<Long> local = uids.stream().filter(kept::contains).sorted().toList();
        if (local.isEmpty()) return null;
        return CompletableFuture.failedFuture(new PosternException(ExitCode.USAGE, "account " + account + ": message(s) "
                + local.stream().limit(5).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + (local.size() > 5 ? ", ..." : "") + " in '" + dev.postern.render.Sanitizer.oneLine(folder)
                + "' are kept locally only (retention deleted their server copy), so they cannot be " + what
                + " on the server; nothing was changed."));
    }

    /**
     * Messages kept locally only (retention deleted their server copy) have nothing on the server to change:
     * their part of an action goes to the store alone, on the account thread and without a connection; the
     * rest goes to the server as usual. Completes with the sum of both counts.
     */
    private CompletableFuture<Integer> splitLocalOnly(String account, String folder, long seen, java.util.Collection<Long> uids,
            java.util.function.BiFunction<Long, List<Long>, Integer> local,
            Function<java.util.Collection<Long>, CompletableFuture<Integer>> server) {
        if (isUnified(account)) return server.apply(uids);
        long v = actions.validity(account, folder);
        java.util.SortedSet<Long> kept = store.detached(account, folder, v);
        if (kept.isEmpty()) return server.apply(uids);
        List<Long> localUids = uids.stream().filter(kept::contains).toList();
        List<Long> serverUids = uids.stream().filter(u -> !kept.contains(u)).toList();
        CompletableFuture<Integer> l = worker(account).local(() -> {
            stillThere(account, folder, seen, localUids);
            try {
                return local.apply(v, localUids);
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            }
        });
        if (serverUids.isEmpty()) return l;
        return l.thenCombine(server.apply(serverUids), Integer::sum);
    }

    @Override
    public CompletableFuture<Integer> move(String account, String folder, java.util.Collection<Long> uids, String target) {
        return move(account, folder, 0, uids, target);
    }

    @Override
    public CompletableFuture<Integer> copy(String account, String folder, java.util.Collection<Long> uids, String target) {
        return copy(account, folder, 0, uids, target);
    }

    @Override
    public CompletableFuture<Integer> delete(String account, String folder, java.util.Collection<Long> uids, boolean expunge) {
        return delete(account, folder, 0, uids, expunge);
    }

    @Override
    public CompletableFuture<Integer> move(String account, String folder, long seen, java.util.Collection<Long> uids, String target) {
        CompletableFuture<Integer> refused = recreated(account, folder, seen, uids);
        if (refused == null) refused = refuseLocalOnly(account, folder, uids, "moved");
        if (refused != null) return refused;
        return transferring(account, seen, (s, t) -> actions.transfer(s, account, folder, uids, target, true, t),
                dev.postern.store.PendingAction.Kind.MOVE, folder, uids, target);
    }

    @Override
    public CompletableFuture<Integer> copy(String account, String folder, long seen, java.util.Collection<Long> uids, String target) {
        CompletableFuture<Integer> refused = recreated(account, folder, seen, uids);
        if (refused == null) refused = refuseLocalOnly(account, folder, uids, "copied");
        if (refused != null) return refused;
        return transferring(account, seen, (s, t) -> actions.transfer(s, account, folder, uids, target, false, t),
                dev.postern.store.PendingAction.Kind.COPY, folder, uids, target);
    }

    @Override
    public CompletableFuture<Integer> delete(String account, String folder, long seen, java.util.Collection<Long> uids, boolean expunge) {
        CompletableFuture<Integer> gone = recreated(account, folder, seen, uids);
        if (gone != null) return gone;
        return splitLocalOnly(account, folder, seen, uids, (v, local) -> actions.deleteLocally(account, folder, v, local),
                server -> transferring(account, seen, (s, t) -> actions.delete(s, account, folder, server, expunge, t),
                        expunge ? dev.postern.store.PendingAction.Kind.EXPUNGE : dev.postern.store.PendingAction.Kind.DELETE,
                        folder, server, null));
    }
}
