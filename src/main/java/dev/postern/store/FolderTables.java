package dev.postern.store;

import dev.postern.model.Folder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mapdb.BTreeMap;

/**
 * The store's per-folder tables: {@code folders} (name, separator, counts and attributes as the server
 * listed them), {@code folderStates} (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ of the last sync) and
 * {@code bodiesComplete} (which folders have every body cached). Keyed by account then folder name.
 * Not thread-safe and not guarded: {@link MapDbStore} calls it under its {@link StoreGuard}.
 */
final class FolderTables {
    private final BTreeMap<byte[], byte[]> folders;
    private final BTreeMap<byte[], byte[]> states;
    private final BTreeMap<byte[], byte[]> bodiesMarks;

    FolderTables(BTreeMap<byte[], byte[]> folders, BTreeMap<byte[], byte[]> states, BTreeMap<byte[], byte[]> bodiesMarks) {
        this.folders = folders;
        this.states = states;
        this.bodiesMarks = bodiesMarks;
    }

    void put(Folder folder) {
        folders.put(KeyCodec.folder(folder.account(), folder.name()), FolderCodec.encode(folder));
    }

    /**
     * Forgets the folder, its sync state and its bodies-complete mark. The mark stayed once: a folder dropped and listed
     * again under the same UIDVALIDITY and UIDNEXT (renamed away and back by another client) then had its envelopes
     * stored anew and its bodies never fetched, as the old mark said they all were (hunt 41-H, H3).
     */
    void remove(String account, String folder) {
        folders.remove(KeyCodec.folder(account, folder));
        states.remove(KeyCodec.folder(account, folder));
        bodiesMarks.remove(KeyCodec.folder(account, folder));
    }

    List<Folder> list(String account) {
        List<Folder> list = new ArrayList<>();
        for (var entry : EnvelopeTable.withPrefix(folders, KeyCodec.account(account)).entrySet()) {
            String name = KeyCodec.nameAfterAccount(account, entry.getKey());
            list.add(FolderCodec.decode(account, name, entry.getValue()));
        }
        list.sort(Comparator.comparing(Folder::name));
        return list;
    }

    /** The one folder's record: a key's look-up, where {@link #list} decodes and sorts every folder of the account. */
    Optional<Folder> get(String account, String folder) {
        return Optional.ofNullable(folders.get(KeyCodec.folder(account, folder))).map(r -> FolderCodec.decode(account, folder, r));
    }

    Optional<FolderState> state(String account, String folder) {
        return Optional.ofNullable(states.get(KeyCodec.folder(account, folder)))
                .map(r -> FolderCodec.decodeState(account, folder, r));
    }

    void putState(String account, String folder, FolderState state) {
        states.put(KeyCodec.folder(account, folder), FolderCodec.encode(state));
    }

    Optional<BodiesMark> bodiesMark(String account, String folder) {
        return Optional.ofNullable(bodiesMarks.get(KeyCodec.folder(account, folder)))
                .map(b -> BodiesMark.decode(account, folder, b));
    }

    void putBodiesMark(String account, String folder, BodiesMark mark) {
        if (mark == null) {
            bodiesMarks.remove(KeyCodec.folder(account, folder));
        } else {
            bodiesMarks.put(KeyCodec.folder(account, folder), mark.encode());
        }
    }
}
