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
 * @param targetValidity with {@code targetNext}, the target folder of a MOVE, COPY or DELETE (to the trash) as a
 *                       replay found it before it copied anything (UIDVALIDITY, UIDNEXT), so that a replay cut
 *                       off midway is not copied twice by the next; 0 until a replay has begun
 */
public record PendingAction(long id, String account, Kind kind, String folder, long uidValidity, List<Long> uids,
        String flag, String target, long queuedAtMillis, long targetValidity, long targetNext) {

    public enum Kind {
        FLAG, UNFLAG, MOVE, COPY, DELETE, EXPUNGE, CREATE_FOLDER, RENAME_FOLDER, DELETE_FOLDER, SUBSCRIBE, UNSUBSCRIBE
    }

    public PendingAction {
        uids = List.copyOf(uids);
        flag = flag == null ? "" : flag;
        target = target == null ? "" : target;
    }

    /** An action no replay has begun. */
    public PendingAction(long id, String account, Kind kind, String folder, long uidValidity, List<Long> uids,
            String flag, String target, long queuedAtMillis) {
        this(id, account, kind, folder, uidValidity, uids, flag, target, queuedAtMillis, 0, 0);
    }

    /** The same action under the id the store gave it. */
    public PendingAction withId(long newId) {
        return new PendingAction(newId, account, kind, folder, uidValidity, uids, flag, target, queuedAtMillis,
                targetValidity, targetNext);
    }

    /** The same action, its target folder marked as a replay found it before copying anything. */
    public PendingAction withTargetMark(long validity, long next) {
        return new PendingAction(id, account, kind, folder, uidValidity, uids, flag, target, queuedAtMillis, validity, next);
    }

    /** Whether a replay began this action's transfer (and may have copied some of it). */
    public boolean targetMarked() {
        return targetValidity != 0 || targetNext != 0;
    }

    /** One line for a person: {@code flag seen INBOX 3,4}. */
    public String describe() { return change().describe(); }

    /** This action as the doors above the controller see it. */
    public dev.postern.model.QueuedChange change() {
        return new dev.postern.model.QueuedChange(id, account, dev.postern.model.QueuedChange.Kind.valueOf(kind.name()), folder, uidValidity,
                uids, flag, target, queuedAtMillis);
    }
}
