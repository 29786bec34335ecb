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

    /** Full names of the subscribed folders that can hold messages. */
    List<String> subscribedFolders();

    /**
     * Special-use attribute ({@code \Sent}, {@code \Drafts}, {@code \Trash}, {@code \Archive},
     * {@code \Junk}) &rarr; folder name, as the server marks them; without SPECIAL-USE, folders with
     * those conventional names.
     */
    Map<String, String> specialUse();
}
