package dev.postern.controller;

import java.util.List;

/**
 * What {@code postern sync} did to one account: a report per folder synced, and the folders it left out
 * (not subscribed, or not chosen by {@code sync_folders}) with the reason, so nothing is skipped silently.
 */
public record SyncOutcome(String account, List<SyncReport> reports, List<SyncFolders.LeftOut> leftOut) {
    public SyncOutcome {
        reports = List.copyOf(reports);
        leftOut = List.copyOf(leftOut);
    }
}
