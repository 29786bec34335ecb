package dev.postern.controller;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.List;

/**
 * What {@code postern sync} did to one account: a report per folder synced, and the folders it left out
 * (not subscribed, or not chosen by {@code sync_folders}) with the reason, so nothing is skipped silently.
 */
public record SyncOutcome(String account, List<SyncReport> reports, List<SyncFolders.LeftOut> leftOut, boolean listedInPart) {
    public SyncOutcome {
        reports = List.copyOf(reports);
        leftOut = List.copyOf(leftOut);
    }

    public SyncOutcome(String account, List<SyncReport> reports, List<SyncFolders.LeftOut> leftOut) {
        this(account, reports, leftOut, false);
    }

    /**
     * The sentence for a folder list with a line postern could not read (hunt33-X X10), said once on stderr; null when
     * the list was read whole. The folder on that line is not synced; the store keeps every folder it has.
     */
    public String listedInPartNote() {
        if (!listedInPart) return null;
        return Sanitizer.oneLine(account + ": the server's folder list had a line postern could not read, so a folder"
                + " named on it may not have been synced; no stored folder was dropped (see the log file).");
    }

    /**
     * Whether the folders the server refused fail the account, and how: null when every folder was synced, when the
     * only ones refused are gone ({@code [NONEXISTENT]}), or when others were synced and no refusal was temporary by
     * its response code (a forbidden folder must not fail cron for ever). Otherwise a failure: 75 when a refusal is
     * temporary ({@code [THROTTLED]}, {@code [UNAVAILABLE]}, {@code [INUSE]}, {@code [LIMIT]}, {@code [SERVERBUG]}),
     * else, when no folder could be synced at all, the first refusal's own code (77 for {@code [OVERQUOTA]}, 75
     * without a code).
     */
    public PosternException failure() {
        List<SyncReport> refused = reports.stream().filter(r -> r.refused() != null && !r.refused().gone()).toList();
        if (refused.isEmpty()) return null;
        long synced = reports.stream().filter(r -> r.refused() == null).count();
        SyncReport.Refusal forNow = refused.stream().map(SyncReport::refused).filter(SyncReport.Refusal::forNow)
                .findFirst().orElse(null);
        if (synced > 0 && forNow == null) return null;
        SyncReport.Refusal first = forNow != null ? forNow : refused.get(0).refused();
        String folder = refused.stream().filter(r -> r.refused() == first).findFirst().orElseThrow().folder();
        ExitCode code = forNow != null ? ExitCode.TEMPFAIL : first.failure().exitCode();
        String how = synced == 0 ? "no folder could be synced" + (refused.size() == 1 ? "" : " (the server refused all "
                + refused.size() + ")") : "the server refused " + refused.size() + " of " + (refused.size() + synced) + " folders";
        // The first refusal's own sentence (the server and its words), without its "account A: ".
        String inner = Sanitizer.oneLine(first.failure().getMessage());
        String head = "account " + Sanitizer.oneLine(account) + ": ";
        if (inner.startsWith(head)) inner = inner.substring(head.length());
        if (code == ExitCode.TEMPFAIL && !inner.contains("try again later")) inner = inner.replaceFirst("\\.?$", "; try again later.");
        return new PosternException(code, head + how + "; " + (refused.size() == 1 ? "'" : "among them '")
                + Sanitizer.oneLine(folder) + "': " + inner, first.failure());
    }
}
