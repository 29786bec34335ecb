package dev.postern.controller;

/**
 * What {@code postern sync} did to one folder.
 *
 * @param total         messages in the store for the folder afterwards
 * @param bodiesFetched bodies downloaded by this sync
 * @param bodiesLeft    bodies above fetch_whole_below left on the server (read them to fetch them)
 */
public record SyncReport(String folder, int total, int bodiesFetched, int bodiesLeft) {}
