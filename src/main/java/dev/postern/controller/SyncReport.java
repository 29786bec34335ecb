package dev.postern.controller;

/**
 * What {@code postern sync} did to one folder.
 *
 * @param total         messages in the store for the folder afterwards
 * @param bodiesFetched bodies downloaded by this sync
 * @param bodiesLeft    bodies above fetch_whole_below left on the server (read them to fetch them)
 * @param messageErrors one sentence per message whose body was asked for and not sent (expunged by another
 *                      client meanwhile, unreadable on the server); the rest were stored and the sync succeeded
 * @param refused       why the folder was not synced at all (its SELECT refused), or null when it was synced
 */
public record SyncReport(String folder, int total, int bodiesFetched, int bodiesLeft, java.util.List<String> messageErrors,
        Refusal refused) {
    public SyncReport {
        messageErrors = messageErrors == null ? java.util.List.of() : java.util.List.copyOf(messageErrors);
    }

    public SyncReport(String folder, int total, int bodiesFetched, int bodiesLeft, java.util.List<String> messageErrors) {
        this(folder, total, bodiesFetched, bodiesLeft, messageErrors, null);
    }

    public SyncReport(String folder, int total, int bodiesFetched, int bodiesLeft) {
        this(folder, total, bodiesFetched, bodiesLeft, null, null);
    }

    /**
     * A folder the server would not open for the sync.
     *
     * @param words   the server's words (its response, tag dropped), or postern's sentence when it sent none
     * @param gone    the server says the folder does not exist ({@code [NONEXISTENT]}): deleted since it was listed,
     *                not an error of the run
     * @param forNow  the response code says the refusal is temporary (a rate limit, unavailable, in use): the run
     *                exits 75 so cron tries again
     * @param failure the refusal as a failure (its sentence and exit code)
     */
    public record Refusal(String words, boolean gone, boolean forNow, dev.postern.model.PosternException failure) {}
}
