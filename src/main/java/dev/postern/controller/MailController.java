package dev.postern.controller;

/**
 * The only thing the UI and the CLI talk to: the sum of the capability-sized interfaces ({@link Reading},
 * {@link Fetching}, {@link FolderAdmin}, {@link MessageChanges}, {@link Composing}, {@link Archives}, {@link JobControl}); a
 * caller that needs one capability takes that interface. Methods that return plain values answer from the store at
 * once (cheap, bounded reads: safe on the UI thread); methods that return futures do their work on the
 * account's own executor and never block the caller. Futures fail with
 * {@link dev.postern.model.PosternException} carrying a user-facing sentence.
 */
public interface MailController extends Reading, Fetching, FolderAdmin, MessageChanges, Composing, Archives, JobControl, SigningIn,
        StoreUpkeep, AutoCloseable {

    /** The virtual folder that merges the INBOX of the accounts in {@link #unifiedInbox()}. */
    String ALL_INBOXES = "All Inboxes";

    /**
     * The pseudo-account under which {@link #ALL_INBOXES} is addressed in folders/count/page/refreshFolder/
     * refreshFolders/connectionState. Its rows keep their real refs, so read/markSeen go to the right account.
     */
    String UNIFIED = "*";

    @Override
    void close();
}
