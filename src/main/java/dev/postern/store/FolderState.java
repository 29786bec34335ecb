package dev.postern.store;

/**
 * What the last synchronisation of a folder saw on the server.
 *
 * @param uidValidity   the folder's UIDVALIDITY; cached UIDs are only meaningful under this value
 * @param uidNext       UIDNEXT at the last sync (every UID below it has been looked at)
 * @param highestModSeq CONDSTORE HIGHESTMODSEQ at the last sync, or 0 when the server has none
 * @param syncedAtMillis when the last successful sync finished (epoch millis), 0 if never
 */
public record FolderState(long uidValidity, long uidNext, long highestModSeq, long syncedAtMillis) {}
