package dev.postern.controller;

import dev.postern.backend.FlagWriter;
import dev.postern.backend.FolderManager;
import dev.postern.backend.MailSession;
import dev.postern.backend.Mover;
import dev.postern.backend.Transfer;
import dev.postern.backend.ChangeTry;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.FolderState;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Flag, move, copy, delete and folder changes: the server first, then the store in step with what the
 * server said (UIDPLUS tells the new UIDs, so a moved message keeps its cached body under its new
 * name). Runs on the account's thread; a failed store write is rolled back by the caller.
 */
final class MessageActions {
    private final MailStore store;
    private final Consumer<Event> publish;
    /** An account's {@code trash} setting, or null for the default (see {@link #trashFolder}). */
    private final java.util.function.Function<String, String> trashSetting;

    MessageActions(MailStore store, Consumer<Event> publish) {
        this(store, publish, account -> null);
    }

    MessageActions(MailStore store, Consumer<Event> publish, java.util.function.Function<String, String> trashSetting) {
        this.store = store;
        this.publish = publish;
        this.trashSetting = trashSetting;
    }

    /**
     * The account's protocol cannot do this at all (a POP3 maildrop has no folders to move to): a wrong
     * request, exit 64, not a server that is unavailable, so nobody reads it as "offline".
     */
    static <C> C capability(MailSession s, Class<C> type, String account, String what) {
        if (type.isInstance(s)) return type.cast(s);
        throw new PosternException(ExitCode.USAGE, "account " + account + " cannot " + what + ".");
    }

    /** The UIDVALIDITY the user saw these UIDs under, or 0 when the folder was never synced. */
    long validity(String account, String folder) {
        return store.folderState(account, folder).map(FolderState::uidValidity).orElse(0L);
    }

    int setFlags(MailSession s, String account, String folder, Collection<Long> uids, Flag flag, boolean on) {
        long v = validity(account, folder);
        capability(s, FlagWriter.class, account, "change flags").setFlags(folder, v, uids, flag, on);
        for (long uid : uids) {
            MessageRef ref = new MessageRef(account, folder, v, uid);
            store.envelope(ref).ifPresent(e -> store.updateFlags(ref, on ? e.flags().with(flag) : e.flags().without(flag)));
        }
        store.commit();
        changed(account, folder);
        return uids.size();
    }

    /**
     * Flag changes on messages kept locally only (their server copy was deleted by retention): the store
     * alone, nothing sent or queued.
     */
    int setFlagsLocally(String account, String folder, long uidValidity, Collection<Long> uids, Flag flag, boolean on) {
        for (long uid : uids) {
            MessageRef ref = new MessageRef(account, folder, uidValidity, uid);
            store.envelope(ref).ifPresent(e -> store.updateFlags(ref, on ? e.flags().with(flag) : e.flags().without(flag)));
        }
        store.commit();
        changed(account, folder);
        return uids.size();
    }

    /** Deleting a message kept locally only removes the one copy left; its body goes with its last reference. */
    int deleteLocally(String account, String folder, long uidValidity, Collection<Long> uids) {
        List<MessageRef> refs = new ArrayList<>();
        for (long uid : uids) refs.add(new MessageRef(account, folder, uidValidity, uid));
        store.removeEnvelopes(refs);
        store.commit();
        changed(account, folder);
        return uids.size();
    }

    /** {@code attempt}: this transfer across its tries (the account thread's retry, the offline queue's replays). */
    int transfer(MailSession s, String account, String folder, Collection<Long> uids, String target, boolean move,
            ChangeTry attempt) {
        long v = validity(account, folder);
        Mover mover = capability(s, Mover.class, account, "move or copy messages");
        Transfer t = move ? mover.move(folder, v, uids, target, attempt) : mover.copy(folder, v, uids, target, attempt);
        List<MessageRef> sources = new ArrayList<>();
        for (long uid : uids) sources.add(new MessageRef(account, folder, v, uid));
        Optional<FolderState> targetState = store.folderState(account, target);
        if (targetState.isPresent() && targetState.get().uidValidity() == t.targetUidValidity()) {
            // The server told the new UIDs: the target's store gets the envelopes (and cached bodies) now,
            // and its next sync confirms them instead of downloading anything again.
            List<Envelope> moved = new ArrayList<>();
            for (MessageRef ref : sources) {
                Long newUid = t.uids().get(ref.uid());
                Optional<Envelope> e = store.envelope(ref);
                if (newUid == null || e.isEmpty()) continue;
                Envelope old = e.get();
                // COPY and MOVE keep the internal date (RFC 3501, 6.4.7; RFC 6851): the arrival goes with the message.
                moved.add(old.withRef(new MessageRef(account, target, t.targetUidValidity(), newUid))
                        .withFlags(old.flags().without(Flag.DELETED)));
            }
            store.putEnvelopes(moved);
        }
        // A source the server did not remove (its OK notwithstanding) is still in the folder: kept in view.
        if (move) store.removeEnvelopes(sources.stream().filter(r -> !t.stayed().contains(r.uid())).toList());
        store.commit();
        changed(account, folder);
        changed(account, target);
        if (!move) return uids.size();
        java.util.SortedSet<Long> stayed = new java.util.TreeSet<>(uids);
        stayed.retainAll(t.stayed());
        if (!stayed.isEmpty()) {
            // The server answered OK and left them where they were: the user asked for them to move, so say so.
            String which = "the server answered the move from '" + folder + "' to '" + target + "' OK but did not move "
                    + (stayed.size() == uids.size() ? "any of the " + uids.size() + " message(s)" : stayed.size() + " of the "
                    + uids.size() + " message(s)") + " (UID " + UidList.format(stayed) + "): they are still in '" + folder + "'";
            if (stayed.size() == uids.size()) {
                throw new PosternException(ExitCode.TEMPFAIL, "account " + account + ": " + which
                        + "; the server is faulty: try again later or tell its administrator.");
            }
            String note = "account " + account + ": " + which + "; the others were moved.";
            org.slf4j.LoggerFactory.getLogger(MessageActions.class).warn(note);
            notes.add(note);
            publish.accept(new Event.Failure(account, note));
        }
        return uids.size() - stayed.size();
    }

    /** What a change left undone though the server answered OK (a move that left some behind), for a batch command. */
    private final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();

    List<String> notes() { return List.copyOf(notes); }

    /** UIDs as ranges ("3:5,9"), at most 20 of them before an ellipsis. */
    private static final class UidList {
        static String format(java.util.SortedSet<Long> uids) {
            StringBuilder b = new StringBuilder();
            int n = 0;
            Long start = null, prev = null;
            for (long u : uids) {
                if (prev != null && u == prev + 1) { prev = u; continue; }
                if (start != null) n = range(b, start, prev, n);
                if (n >= 20) return b.append(",…").toString();
                start = u;
                prev = u;
            }
            if (start != null) range(b, start, prev, n);
            return b.toString();
        }

        private static int range(StringBuilder b, long start, long end, int n) {
            if (b.length() > 0) b.append(',');
            b.append(start);
            if (end != start) b.append(':').append(end);
            return n + 1;
        }
    }

    /** To the account's trash folder (created on first use, as mutt and aerc do), or expunged when asked or already in it. */
    int delete(MailSession s, String account, String folder, Collection<Long> uids, boolean expunge, ChangeTry attempt) {
        if (!expunge) {
            String trash = trashFolder(s, account, folder);
            if (!trash.equals(folder)) return transfer(s, account, folder, uids, trash, true, attempt);
        }
        long v = validity(account, folder);
        capability(s, Mover.class, account, "delete messages").expunge(folder, v, uids, attempt);
        List<MessageRef> refs = new ArrayList<>();
        for (long uid : uids) refs.add(new MessageRef(account, folder, v, uid));
        store.removeEnvelopes(refs);
        store.commit();
        changed(account, folder);
        return uids.size();
    }

    /**
     * The folder deleted mail goes to, by {@link dev.postern.model.SpecialFolders}: the account's {@code trash} setting,
     * else the folder the server marks \\Trash, else an existing one with a well-known name ("Deleted Messages",
     * "INBOX.Trash"...), else "Trash" under the personal namespace, created and subscribed. A refusal to create it
     * quotes the server and names the {@code trash} setting.
     */
    String trashFolder(MailSession s, String account, String from) {
        FolderManager folders = capability(s, FolderManager.class, account, "move messages to a Trash folder");
        String configured = trashSetting.apply(account);
        if (configured != null && folders.folderExists(configured)) return configured;
        String found = configured != null ? null : folders.specialUse().get("\\Trash");
        if (found != null) return found;
        String name = configured != null ? configured
                : dev.postern.model.SpecialFolders.newName(dev.postern.model.SpecialFolders.Role.TRASH, folders.personalPrefix());
        if (!folders.folderExists(from)) {
            // Nothing to delete from: no trash folder is made for it (the same sentence a move gives).
            throw new PosternException(ExitCode.NOINPUT, "account " + account + ": there is no folder '" + from
                    + "' on the server; `postern folders --account " + dev.postern.model.Names.shell(account) + "` lists them.");
        }
        org.slf4j.LoggerFactory.getLogger(MessageActions.class).info("account {}: creating the trash folder {}", account, name);
        try {
            createFolder(s, account, name, ChangeTry.first());
        } catch (PosternException e) {
            if (e instanceof dev.postern.model.LinkDropped || !e.getMessage().contains("refused to create")) throw e;
            String m = e.getMessage().endsWith(".") ? e.getMessage().substring(0, e.getMessage().length() - 1) : e.getMessage();
            if (m.contains("; this server keeps folders under")) m = m.substring(0, m.indexOf("; this server keeps folders under"));
            throw new PosternException(e.exitCode(), m + dev.postern.model.SpecialFolders.hint(
                    dev.postern.model.SpecialFolders.Role.TRASH, account, name, folders.personalPrefix()) + ".", e);
        }
        return name;
    }

    void createFolder(MailSession s, String account, String name, ChangeTry attempt) {
        FolderManager folders = capability(s, FolderManager.class, account, "manage folders");
        folderChange(account, attempt, () -> folders.createFolder(name), () -> folders.folderExists(name));
        char sep = store.folders(account).stream().map(Folder::separator).filter(c -> c != 0).findFirst().orElse('/');
        store.putFolder(new Folder(account, name, sep, 0, 0, null));
        store.commit();
        publish.accept(new Event.FoldersLoaded(account));
    }

    void renameFolder(MailSession s, String account, String from, String to, ChangeTry attempt) {
        FolderManager folders = capability(s, FolderManager.class, account, "manage folders");
        folderChange(account, attempt, () -> folders.renameFolder(from, to),
                () -> !folders.folderExists(from) && folders.folderExists(to));
        renameLocally(account, from, to);
    }

    /** The store's half of a rename (also what an offline rename does at once). */
    void renameLocally(String account, String from, String to) {
        // Sub-folders move with it; their cached envelopes and bodies follow under the new names. If the
        // server gave the folder a new UIDVALIDITY, the next sync notices and starts it afresh.
        for (Folder f : store.folders(account)) {
            String suffix = f.name().equals(from) ? "" : f.separator() != 0 && f.name().startsWith(from + f.separator())
                    ? f.name().substring(from.length()) : null;
            if (suffix == null) continue;
            String newName = to + suffix;
            Optional<FolderState> st = store.folderState(account, f.name());
            if (st.isPresent()) {
                long v = st.get().uidValidity();
                List<Envelope> envs = new ArrayList<>();
                for (long uid : store.uids(account, f.name(), v)) {
                    store.envelope(new MessageRef(account, f.name(), v, uid)).ifPresent(e -> envs.add(renamed(e, newName)));
                }
                store.putFolderState(account, newName, st.get());
                store.putEnvelopes(envs);
                // Mail kept only here keeps that mark under the new name: without it the next sync took it for mail the
                // server had dropped, and removed the one copy left (fix42-M, item 3).
                List<MessageRef> localOnly = new ArrayList<>();
                for (long uid : store.detached(account, f.name(), v)) localOnly.add(new MessageRef(account, newName, v, uid));
                store.detach(localOnly);
                // So do the records of bodies found damaged (store verify, a read): forgotten, the next sync of the
                // new name took the damaged copy for a whole one and never fetched it again (fix42-M's partial).
                List<MessageRef> damaged = new ArrayList<>();
                for (long uid : store.damagedBodies(account, f.name(), v)) damaged.add(new MessageRef(account, newName, v, uid));
                if (!damaged.isEmpty()) store.markDamaged(damaged);
            }
            store.putFolder(new Folder(account, newName, f.separator(), f.total(), f.unread(), f.attributes()));
            store.removeFolder(account, f.name());
        }
        store.commit();
        publish.accept(new Event.FoldersLoaded(account));
    }

    private static Envelope renamed(Envelope e, String folder) {
        MessageRef r = e.ref();
        return e.withRef(new MessageRef(r.account(), folder, r.uidValidity(), r.uid()));
    }

    void deleteFolder(MailSession s, String account, String name, ChangeTry attempt) {
        FolderManager folders = capability(s, FolderManager.class, account, "manage folders");
        folderChange(account, attempt, () -> folders.deleteFolder(name), () -> !folders.folderExists(name));
        store.removeFolder(account, name);
        store.commit();
        publish.accept(new Event.FoldersLoaded(account));
    }

    /**
     * A folder change on the server. A try after one that began (its link dropped, see {@link ChangeTry}) and that
     * the server refuses is done when the change is there already: the earlier try made it.
     */
    private static void folderChange(String account, ChangeTry attempt, Runnable change, java.util.function.BooleanSupplier made) {
        boolean retry = attempt.begin(null);
        try {
            change.run();
        } catch (PosternException e) {
            if (!retry || e instanceof dev.postern.model.LinkDropped || !made.getAsBoolean()) throw e;
            org.slf4j.LoggerFactory.getLogger(MessageActions.class).info(
                    "account {}: the folder change was made by the try that was cut off ({})", account, e.getMessage());
        }
    }

    void subscribe(MailSession s, String account, String name, boolean on) {
        capability(s, FolderManager.class, account, "manage folders").subscribe(name, on);
    }

    void changed(String account, String folder) {
        store.folder(account, folder).ifPresent(f -> {
            store.putFolder(new Folder(account, folder, f.separator(), store.count(account, folder),
                    store.unread(account, folder), f.attributes()));
            store.commit();
        });
        publish.accept(new Event.EnvelopesLoaded(account, folder, store.count(account, folder)));
        publish.accept(new Event.FoldersLoaded(account));
    }
}
