package dev.postern.backend;

import dev.postern.model.Folder;
import java.util.List;

/** Lists an account's folders with their message and unread counts. */
public interface FolderLister {
    List<Folder> listFolders();
}
