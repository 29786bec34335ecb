package dev.postern.backend;

import java.util.Map;

/**
 * What a move or copy produced in the target folder: its UIDVALIDITY and source UID &rarr; new UID, as the
 * server told (UIDPLUS COPYUID). {@code uids} is empty when the server did not say; the target's next sync
 * then finds the messages like any other new mail. {@code stayed}: sources of a move the server answered OK
 * without removing them (no EXPUNGE for them, even after a NOOP): still in the source folder, so the store keeps them.
 */
public record Transfer(long targetUidValidity, Map<Long, Long> uids, java.util.Set<Long> stayed) {
    public Transfer {
        uids = Map.copyOf(uids);
        stayed = java.util.Set.copyOf(stayed);
    }

    public Transfer(long targetUidValidity, Map<Long, Long> uids) {
        this(targetUidValidity, uids, java.util.Set.of());
    }
}
