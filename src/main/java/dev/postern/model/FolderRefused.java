package dev.postern.model;

/**
 * The server's own refusal to open one folder: a tagged NO or BAD to its SELECT or EXAMINE, or a folder it lists
 * and then says is not there (or holds no messages). Only this lets {@code sync} report the folder and go on with
 * the others; a BYE, a lost link, an answer postern cannot use or one of postern's own checks on an answer fails
 * the sync (75), so cron sees that the folder was not synced (hunt33-X, X2). Carries the failure's code and words.
 */
public final class FolderRefused extends PosternException {
    public FolderRefused(PosternException refusal) {
        super(refusal.exitCode(), refusal.getMessage(), refusal.getCause() != null ? refusal.getCause() : refusal);
    }
}
