package dev.postern.store;

import java.util.List;

/**
 * A change the user made while the account's server was unreachable, kept in the store until it is
 * replayed on the next connection. {@code id} orders the queue (assigned by the store, ascending);
 * {@code uidValidity} is the folder generation the UIDs belong to, so a folder recreated meanwhile is a
 * conflict rather than a change to the wrong messages.
 *
 * @param flag   the flag's label for FLAG/UNFLAG, else empty
 * @param target the target folder of MOVE/COPY, the new name of RENAME_FOLDER, else empty
 */
public record PendingAction(long id, String account, Kind kind, String folder, long uidValidity, List<Long> uids,
        String flag, String target, long queuedAtMillis) {

    public enum Kind {
        FLAG, UNFLAG, MOVE, COPY, DELETE, EXPUNGE, CREATE_FOLDER, RENAME_FOLDER, DELETE_FOLDER, SUBSCRIBE, UNSUBSCRIBE
    }

    public PendingAction {
        uids = List.copyOf(uids);
        flag = flag == null ? "" : flag;
        target = target == null ? "" : target;
    }

    /** The same action under the id the store gave it. */
    public PendingAction withId(long newId) {
        return new PendingAction(newId, account, kind, folder, uidValidity, uids, flag, target, queuedAtMillis);
    }

    /** One line for a person: {@code flag seen INBOX 3,4}. */
    public String describe() {
        String what = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        StringBuilder b = new StringBuilder(what);
        if (!flag.isEmpty()) b.append(' ').append(flag);
        b.append(' ').append(folder);
        if (!uids.isEmpty()) {
            b.append(" UID ");
            b.append(uids.size() <= 10 ? join(uids) : join(uids.subList(0, 10)) + " and " + (uids.size() - 10) + " more");
        }
        if (!target.isEmpty()) b.append(kind == Kind.RENAME_FOLDER ? " to " : " -> ").append(target);
        return b.toString();
    }

    private static String join(List<Long> l) {
        StringBuilder b = new StringBuilder();
        for (Long u : l) b.append(b.length() == 0 ? "" : ",").append(u);
        return b.toString();
    }
}
