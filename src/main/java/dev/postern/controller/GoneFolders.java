package dev.postern.controller;

import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.FolderState;
import dev.postern.store.MailStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored folders the server no longer lists (deleted, or renamed, by another client): dropped with what they hold, the
 * same way by the folder-list refresh ({@code postern folders}, the reader's list) and by {@code postern sync}, which
 * reads the same LIST (hunt 34-A, A1: sync kept them, so a renamed folder's mail was stored twice). Only from a list read
 * whole: a folder missing from a list with a line postern could not read is kept with all it holds (hunt 33 X10), and
 * so is every folder when the list names no INBOX (hunt 41-H, H2).
 * Messages kept only here (retention's {@code where = "server"}: their server copy is gone on purpose) are not the
 * server's to drop: such a folder stays, with them alone.
 */
final class GoneFolders {
    private static final Logger log = LoggerFactory.getLogger(GoneFolders.class);

    private GoneFolders() {}

    /**
     * Drops {@code account}'s stored folders that {@code listed} (the server's LIST) does not name, when {@code whole};
     * commits, and tells the reader (its sidebar, and an index showing such a folder). Returns the names dropped.
     */
    static List<String> drop(MailStore store, Consumer<Event> publish, String account, Collection<Folder> listed,
            boolean whole) {
        if (!whole) return List.of();
        Set<String> names = new HashSet<>();
        for (Folder f : listed) names.add(f.name());
        if (names.stream().noneMatch(n -> n.equalsIgnoreCase("INBOX")) && !store.folders(account).isEmpty()) {
            // Every server has an INBOX (RFC 3501): a listing without it is a server's fault (a broken namespace, a
            // mailbox being moved), not every folder deleted by another client. It dropped the whole offline copy
            // (hunt 41-H, H2); now it drops nothing.
            log.warn("account {}: the server's folder list names no INBOX ({} folders); no stored folder is dropped for"
                    + " missing from it", account, names.size());
            return List.of();
        }
        List<String> dropped = new ArrayList<>();
        List<String> emptied = new ArrayList<>(); // kept for their local-only messages, the others removed
        for (Folder old : store.folders(account)) {
            if (names.contains(old.name())) continue;
            int kept = keepLocalOnly(store, old);
            if (kept > 0) emptied.add(old.name());
            if (kept >= 0) continue;
            store.removeFolder(account, old.name());
            dropped.add(old.name());
        }
        if (dropped.isEmpty() && emptied.isEmpty()) return dropped;
        store.commit();
        if (!dropped.isEmpty()) log.info("account {}: dropped from the store, no longer on the server: {}", account, dropped);
        if (!emptied.isEmpty()) log.info("account {}: no longer on the server, kept for their local-only messages: {}",
                account, emptied);
        for (String f : dropped) publish.accept(new Event.EnvelopesLoaded(account, f, 0));
        for (String f : emptied) publish.accept(new Event.EnvelopesLoaded(account, f, store.count(account, f)));
        publish.accept(new Event.FoldersLoaded(account));
        return dropped;
    }

    /**
     * A gone folder that holds local-only messages keeps them (and its record, with their counts); its other messages,
     * whose server copies went with the folder, are removed. How many were removed; -1 when it holds none kept only here.
     */
    private static int keepLocalOnly(MailStore store, Folder old) {
        String account = old.account();
        Optional<FolderState> st = store.folderState(account, old.name());
        if (st.isEmpty()) return -1;
        long v = st.get().uidValidity();
        SortedSet<Long> kept = store.detached(account, old.name(), v);
        if (kept.isEmpty()) return -1;
        List<MessageRef> gone = new ArrayList<>();
        for (long uid : store.uids(account, old.name(), v)) {
            if (!kept.contains(uid)) gone.add(new MessageRef(account, old.name(), v, uid));
        }
        if (gone.isEmpty()) return 0;
        store.removeEnvelopes(gone);
        store.putFolder(new Folder(account, old.name(), old.separator(), store.count(account, old.name()),
                store.unread(account, old.name()), old.attributes()));
        return gone.size();
    }
}
