package dev.postern.store;

import java.util.List;

/**
 * A change the user made while the account's server was unreachable, kept in the store until it is
 * replayed on the next connection. {@code id} orders the queue (assigned by the store, ascending);
 * {@code uidValidity} is the folder generation the UIDs belong to, so a folder recreated meanwhile is a
 * conflict rather than a change to the wrong messages.
 *
 * @param flag   the flag's label for FLAG/UNFLAG; for APPEND the account's save_sent ("auto", or empty for true); else empty
 * @param target the target folder of MOVE/COPY, the new name of RENAME_FOLDER; for APPEND the folder the config names
 *               for the copy (sent_folder), or empty for the one marked \Sent; else empty
 * @param copy           for APPEND (a Sent copy whose server could not be reached when the message went), the exact
 *                       bytes to append; {@code folder} is then where the store shows it meanwhile, local only; else null
 * @param begun          a try of this action (the one a dropped link queued, or a replay) got as far as sending
 *                       it, so the server may have done it in part or whole: the next replay copies nothing twice
 *                       and takes a change already made as done
 * @param targetValidity with {@code targetNext}, the target folder of a MOVE, COPY or DELETE (to the trash) as the
 *                       first try found it before it copied anything (UIDVALIDITY, UIDNEXT); for a DELETE_FOLDER no try began, the
 *                       folder as the store last saw it when the user deleted it offline (the replay checks it); 0 when none
 */
public record PendingAction(long id, String account, Kind kind, String folder, long uidValidity, List<Long> uids,
        String flag, String target, long queuedAtMillis, boolean begun, long targetValidity, long targetNext, byte[] copy) {

    public enum Kind {
        FLAG, UNFLAG, MOVE, COPY, DELETE, EXPUNGE, CREATE_FOLDER, RENAME_FOLDER, DELETE_FOLDER, SUBSCRIBE, UNSUBSCRIBE, APPEND
    }

    public PendingAction {
        uids = List.copyOf(uids);
        flag = flag == null ? "" : flag;
        target = target == null ? "" : target;
    }

    /** An action that carries no message of its own (every kind but APPEND). */
    public PendingAction(long id, String account, Kind kind, String folder, long uidValidity, List<Long> uids,
            String flag, String target, long queuedAtMillis, boolean begun, long targetValidity, long targetNext) {
        this(id, account, kind, folder, uidValidity, uids, flag, target, queuedAtMillis, begun, targetValidity, targetNext, null);
    }

    /** A Sent copy to append: {@code copy} into {@code configured} (or the folder marked \Sent when empty), shown in {@code shownIn}. */
    public static PendingAction append(String account, String shownIn, String configured, boolean auto, byte[] copy,
            long queuedAtMillis) {
        return new PendingAction(0, account, Kind.APPEND, shownIn, 0, List.of(), auto ? "auto" : "", configured, queuedAtMillis,
                false, 0, 0, copy.clone());
    }

    /** An action no replay has begun. */
    public PendingAction(long id, String account, Kind kind, String folder, long uidValidity, List<Long> uids,
            String flag, String target, long queuedAtMillis) {
        this(id, account, kind, folder, uidValidity, uids, flag, target, queuedAtMillis, false, 0, 0);
    }

    /** The same action under the id the store gave it. */
    public PendingAction withId(long newId) {
        return new PendingAction(newId, account, kind, folder, uidValidity, uids, flag, target, queuedAtMillis, begun,
                targetValidity, targetNext, copy);
    }

    /** The same action, begun by a try, with the target's mark that try took (0, 0 for none). */
    public PendingAction begun(long validity, long next) {
        return new PendingAction(id, account, kind, folder, uidValidity, uids, flag, target, queuedAtMillis, true, validity, next, copy);
    }

    /** Whether the try that began this transfer noted its target. */
    public boolean targetMarked() {
        return targetValidity != 0 || targetNext != 0;
    }

    /** One line for a person: {@code flag seen INBOX 3,4}. */
    public String describe() { return change().describe(); }

    /** This action as the doors above the controller see it. */
    public dev.postern.model.QueuedChange change() {
        // A Sent copy is named by its Message-ID (in the flag's place), which says more to a person than its save_sent.
        String label = kind == Kind.APPEND ? messageId() : flag;
        return new dev.postern.model.QueuedChange(id, account, dev.postern.model.QueuedChange.Kind.valueOf(kind.name()), folder, uidValidity,
                uids, label, target, queuedAtMillis);
    }

    /** The Message-ID of an APPEND's copy ("" when it has none, or for another kind). */
    public String messageId() {
        if (copy == null) return "";
        String id = dev.postern.render.LenientHeaders.parse(copy).messageId("Message-ID");
        return id == null ? "" : id;
    }
}
