package dev.postern.backend;

import dev.postern.model.Folder;
import java.util.List;

/** Lists an account's folders with their message and unread counts. */
public interface FolderLister {
    List<Folder> listFolders();

    /**
     * Whether the last {@link #listFolders} read the server's whole answer: a list with a line that could not be read
     * (a garbled LIST line) may lack a folder the server still has, so no stored folder is dropped for missing from it.
     */
    default boolean listedWhole() {
        return true;
    }
}
