package dev.postern.backend;

import java.util.List;
import java.util.Map;

/**
 * Changes to an account's folder hierarchy: what IMAP can do and POP3 cannot. Names are full names
 * with the separator the server reports. Every method fails with a
 * {@link dev.postern.model.PosternException} carrying one user-facing sentence.
 */
public interface FolderManager {

    /** Creates a folder that holds messages (and sub-folders where the server allows), subscribed. */
    void createFolder(String name);

    /** Renames a folder (and its sub-folders) on the server; the subscription follows. */
    void renameFolder(String from, String to);

    /** Deletes an empty-or-not folder on the server (not its sub-folders). */
    void deleteFolder(String name);

    void subscribe(String name, boolean subscribed);

    /** Whether a folder of this full name exists on the server (selectable or not). */
    boolean folderExists(String name);

    /**
     * How many messages the folder holds on the server (one STATUS); -1 when the server lists the folder
     * but will not count it; a missing folder fails with 66.
     */
    int messageCount(String name);

    /** Full names of the subscribed folders that can hold messages. */
    List<String> subscribedFolders();

    /**
     * Every folder on the server with its separator and LIST attributes, counts left at 0: one LIST,
     * no STATUS per folder (what sync needs to say which folders it leaves out).
     */
    List<dev.postern.model.Folder> folderNames();

    /**
     * Special-use attribute ({@code \Sent}, {@code \Drafts}, {@code \Trash}, {@code \Archive},
     * {@code \Junk}) &rarr; the existing folder for it by {@link dev.postern.model.SpecialFolders#find}: as the
     * server marks them, else a folder with a well-known name ("Deleted Messages", "INBOX.Trash"...).
     */
    Map<String, String> specialUse();

    /** The personal namespace's prefix ("INBOX." on Courier), where a new special folder goes; "" when none. */
    default String personalPrefix() {
        return "";
    }
}
