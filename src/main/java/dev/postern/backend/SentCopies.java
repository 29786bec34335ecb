package dev.postern.backend;

/**
 * Appends a Sent copy queued while the server could not be reached (the offline queue's APPEND), exactly once: the
 * folder is searched for the copy's Message-ID first, so a replay after one that the server had answered, but whose
 * store commit never came (a kill, a link lost after the APPEND), adds no second copy.
 */
public interface SentCopies {
    /** Where the copy is: the folder, its UIDVALIDITY and the copy's UID (0, 0 when the server did not say; null: filed by the server itself). */
    record Stored(String folder, long uidValidity, long uid) {}

    /**
     * @param configured the folder the config names (sent_folder), or null for the one marked \Sent (found or made)
     * @param auto       save_sent = "auto": nothing is stored on a server whose SMTP files sent mail itself (Gmail)
     * @return where the copy is (already there, or appended now), or null when the server files sent mail itself
     */
    Stored appendOnce(byte[] raw, String configured, boolean auto);
}
