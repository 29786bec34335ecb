package dev.postern.store;

/**
 * What the last synchronisation of a folder saw on the server.
 *
 * @param uidValidity   the folder's UIDVALIDITY; cached UIDs are only meaningful under this value
 * @param uidNext       UIDNEXT at the last sync (every UID below it has been looked at)
 * @param highestModSeq CONDSTORE HIGHESTMODSEQ at the last sync, or 0 when the server has none
 * @param syncedAtMillis when a sync that found the folder changed finished (epoch millis), 0 if none has: a sync that
 *                      finds it as the store holds it writes nothing, this time included, so that it commits nothing
 *                      (hunt 39-S, S2)
 */
public record FolderState(long uidValidity, long uidNext, long highestModSeq, long syncedAtMillis) {}
