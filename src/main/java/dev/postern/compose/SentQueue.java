package dev.postern.compose;

import dev.postern.backend.pop3.Pop3Mapper;
import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.SpecialFolders;
import dev.postern.store.FolderState;
import dev.postern.store.MailStore;
import dev.postern.store.PendingAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * A Sent copy whose server could not be reached when its message went (hunt 39-Y, Y1): kept in the store, local only, in
 * the account's Sent folder (the reader's Sent view shows it, marked L), and queued for the offline queue's replay as an
 * APPEND of the exact bytes sent, in one commit. The replay appends it once (it looks for its Message-ID first:
 * {@link dev.postern.backend.SentCopies}) and then, in the commit that forgets the queued copy, puts the server's copy
 * in place of the local one ({@link #landed}).
 */
public final class SentQueue {
    /** The first UID of a message kept locally only: above every UID a server can give (as HeaderSync's). */
    static final long LOCAL_UID_BASE = 1L << 32;

    private SentQueue() {}

    /**
     * Keeps {@code raw} and queues its APPEND; returns the queued action's id. {@code configured}: the folder the config
     * names for the copy, or null for the folder marked \Sent (as the store last listed it; the replay asks the server).
     */
    static long keep(MailStore store, String account, String configured, boolean auto, byte[] raw, Instant now) {
        String shown = configured != null ? configured : sentFolder(store, account);
        long validity = store.folderState(account, shown).map(FolderState::uidValidity).orElse(0L);
        SortedSet<Long> taken = store.uids(account, shown, validity).tailSet(LOCAL_UID_BASE);
        MessageRef ref = new MessageRef(account, shown, validity, taken.isEmpty() ? LOCAL_UID_BASE : taken.last() + 1);
        try {
            store.putEnvelopes(List.of(Pop3Mapper.envelope(ref, raw, raw.length, now).withFlags(Flags.of(Flag.SEEN))));
            store.attachBody(ref, raw);
            store.detach(List.of(ref));
            counted(store, account, shown);
            PendingAction queued = store.enqueue(PendingAction.append(account, shown, configured == null ? "" : configured, auto,
                    raw, now.toEpochMilli()));
            store.commit();
            return queued.id();
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
    }

    /** The folder's counts as the store now holds it, for the folder list (as the controller's own changes do). */
    private static void counted(MailStore store, String account, String folder) {
        store.folders(account).stream().filter(f -> f.name().equals(folder)).findFirst().ifPresent(f -> store.putFolder(
                new Folder(account, folder, f.separator(), store.count(account, folder), store.unread(account, folder), f.attributes())));
    }

    /** The folder the store knows as \Sent (by its mark, else its name), else the name one would be made under. */
    static String sentFolder(MailStore store, String account) {
        List<Folder> known = store.folders(account);
        String found = SpecialFolders.find(SpecialFolders.Role.of("\\Sent"), known, null);
        return found != null ? found : SpecialFolders.newName(SpecialFolders.Role.of("\\Sent"), null);
    }

    /**
     * The queued copy is on the server in {@code folder} under {@code uid} (0: the server did not say): the local-only
     * copy in {@code shownIn} with the same Message-ID is taken out and the server's put in its place, so Sent shows it
     * once before its next sync. Does not commit: the replay commits it with the queued copy's removal.
     */
    public static void landed(MailStore store, String account, String shownIn, String folder, long uidValidity, long uid,
            byte[] raw, Instant now) {
        Envelope copy = Pop3Mapper.envelope(new MessageRef(account, folder, uidValidity, Math.max(uid, 1)), raw, raw.length, now);
        List<MessageRef> local = new ArrayList<>();
        List<Long> validities = new ArrayList<>(List.of(0L));
        store.folderState(account, shownIn).ifPresent(st -> validities.add(st.uidValidity()));
        for (long v : validities) {
            for (long u : store.detached(account, shownIn, v).tailSet(LOCAL_UID_BASE)) {
                MessageRef ref = new MessageRef(account, shownIn, v, u);
                Optional<Envelope> e = store.envelope(ref);
                if (e.isPresent() && copy.messageId() != null && copy.messageId().equals(e.get().messageId())) local.add(ref);
            }
        }
        put(store, account, folder, uidValidity, uid, raw, now); // first: the body keeps a reference throughout
        store.removeEnvelopes(local);
    }

    /**
     * Puts the copy the server holds into the store under its UID, read (\Seen); nothing when the server gave no UID,
     * or the store knows the folder under another UIDVALIDITY (its next sync sorts it out). Does not commit.
     */
    static void put(MailStore store, String account, String folder, long uidValidity, long uid, byte[] raw, Instant now) {
        if (uid <= 0) return;
        Optional<FolderState> state = store.folderState(account, folder);
        if (state.isPresent() && state.get().uidValidity() != uidValidity) return;
        MessageRef ref = new MessageRef(account, folder, uidValidity, uid);
        store.putEnvelopes(List.of(Pop3Mapper.envelope(ref, raw, raw.length, now).withFlags(Flags.of(Flag.SEEN))));
        store.attachBody(ref, raw);
    }
}
