package dev.postern.model;

import java.util.List;
import java.util.Locale;

/**
 * A change made while the account's server was unreachable, waiting to be replayed on the next connection, as
 * the doors above the controller see it (the store keeps its own record of it). {@code id} orders the queue;
 * {@code uidValidity} is the folder generation the UIDs belong to.
 *
 * @param flag   the flag's label for FLAG/UNFLAG, the copy's Message-ID for APPEND, else empty
 * @param target the target folder of MOVE/COPY, the new name of RENAME_FOLDER, else empty
 */
public record QueuedChange(long id, String account, Kind kind, String folder, long uidValidity, List<Long> uids,
        String flag, String target, long queuedAtMillis) {

    public enum Kind {
        FLAG, UNFLAG, MOVE, COPY, DELETE, EXPUNGE, CREATE_FOLDER, RENAME_FOLDER, DELETE_FOLDER, SUBSCRIBE, UNSUBSCRIBE, APPEND
    }

    public QueuedChange {
        uids = List.copyOf(uids);
        flag = flag == null ? "" : flag;
        target = target == null ? "" : target;
    }

    /** Its name as a word: "flag", "create_folder". */
    public String action() { return kind.name().toLowerCase(Locale.ROOT); }

    /** One line for a person: {@code flag seen INBOX 3,4}. */
    public String describe() {
        // A Sent copy kept while its server could not be reached: "append <id@host> to Sent".
        if (kind == Kind.APPEND) return "append " + (flag.isEmpty() ? "a sent message" : flag) + " to " + (target.isEmpty() ? folder : target);
        StringBuilder b = new StringBuilder(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '));
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
