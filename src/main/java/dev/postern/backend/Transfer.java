package dev.postern.backend;

import java.util.Map;

/**
 * What a move or copy produced in the target folder: its UIDVALIDITY and source UID &rarr; new UID, as the
 * server told (UIDPLUS COPYUID). {@code uids} is empty when the server did not say; the target's next sync
 * then finds the messages like any other new mail.
 */
public record Transfer(long targetUidValidity, Map<Long, Long> uids) {
    public Transfer {
        uids = Map.copyOf(uids);
    }
}
