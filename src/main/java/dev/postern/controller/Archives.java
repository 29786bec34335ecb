package dev.postern.controller;

import dev.postern.backup.Exporter;
import dev.postern.backup.Importer;
import java.nio.file.Path;
import java.util.List;

/**
 * Mail in and out of files and away by rule: export (from the store, or the server's bodies the store has
 * not cached), import into a server folder, and deletion by the [[retention]] rules. Each opens a connection of
 * its own for its run (the account's worker keeps its own), so batch commands never make backend sessions.
 */
public interface Archives {
    /**
     * Starts a job ({@link Job}: id, progress, cancel) writing {@code folders} of the account to {@code out};
     * with {@code fromServer}, the folders' envelopes are synced first (header-only) and bodies not cached come
     * from the server. Cancelled, it leaves each file whole
     * (see {@link dev.postern.backup.Exporter}).
     */
    default Job<List<Exporter.FolderReport>> export(String account, List<String> folders, Exporter.Format format, Path out,
            boolean sinceLast, boolean fromServer) {
        throw Unsupported.exception(account, "export");
    }

    /** Starts a job appending the messages of an archive (mbox, Maildir, .eml) to a server folder, streamed. */
    default Job<Importer.Report> importArchive(String account, Path archive, String folder) {
        throw Unsupported.exception(account, "import messages");
    }

    /**
     * Starts a job running the config's [[retention]] rules over {@code accounts} (empty: every account): plans
     * from the store, deletes locally and/or on the server (a connection of its own), one audit line per message.
     * Cancelled, it stops between batches, each committed and audited; the report says what it did.
     */
    default Job<RetentionReport> retention(List<String> accounts, RetentionReport.Mode mode) {
        throw Unsupported.exception(String.join(",", accounts), "delete by rule");
    }
}
