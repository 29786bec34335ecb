package dev.postern.command;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The messages a command acts on: UIDs of one folder of one account, and the folder's UIDVALIDITY the caller saw them
 * under ({@code uidValidity}; 0 when it saw none: a UID typed at a batch command names what it names now). A caller
 * that saw the messages (the reader, a served reader, a binding) names their UIDVALIDITY, so that the controller refuses
 * to act on a folder re-created since, whose same UIDs are other mail (hunt 43-R, R9).
 */
public record Messages(String account, String folder, long uidValidity, SortedSet<Long> uids) {
    public Messages {
        uids = Collections.unmodifiableSortedSet(new TreeSet<>(uids));
        folder = dev.postern.model.Folder.canonical(folder);
    }

    /** UIDs as typed: whatever they name in the folder now. */
    public Messages(String account, String folder, SortedSet<Long> uids) {
        this(account, folder, 0, uids);
    }

    public static Messages of(String account, String folder, Collection<Long> uids) {
        return new Messages(account, folder, 0, new TreeSet<>(uids));
    }

    /** Messages the caller saw under the folder's {@code uidValidity}. */
    public static Messages seen(String account, String folder, long uidValidity, Collection<Long> uids) {
        return new Messages(account, folder, uidValidity, new TreeSet<>(uids));
    }
}
