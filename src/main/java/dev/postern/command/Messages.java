package dev.postern.command;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** The messages a command acts on: UIDs of one folder of one account. */
public record Messages(String account, String folder, SortedSet<Long> uids) {
    public Messages {
        uids = Collections.unmodifiableSortedSet(new TreeSet<>(uids));
        folder = dev.postern.model.Folder.canonical(folder);
    }

    public static Messages of(String account, String folder, Collection<Long> uids) {
        return new Messages(account, folder, new TreeSet<>(uids));
    }
}
