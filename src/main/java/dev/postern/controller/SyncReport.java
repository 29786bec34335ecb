package dev.postern.controller;

/**
 * What {@code postern sync} did to one folder.
 *
 * @param total         messages in the store for the folder afterwards
 * @param bodiesFetched bodies downloaded by this sync
 * @param bodiesLeft    bodies above fetch_whole_below left on the server (read them to fetch them)
 * @param messageErrors one sentence per message whose body was asked for and not sent (expunged by another
 *                      client meanwhile, unreadable on the server); the rest were stored and the sync succeeded
 */
public record SyncReport(String folder, int total, int bodiesFetched, int bodiesLeft, java.util.List<String> messageErrors) {
    public SyncReport {
        messageErrors = messageErrors == null ? java.util.List.of() : java.util.List.copyOf(messageErrors);
    }

    public SyncReport(String folder, int total, int bodiesFetched, int bodiesLeft) {
        this(folder, total, bodiesFetched, bodiesLeft, null);
    }
}
