package dev.postern.controller;

import java.util.concurrent.CompletableFuture;

/** Creating, renaming, deleting and (un)subscribing folders; queued while the server is unreachable. */
public interface FolderAdmin {
    /** The account's {@code drafts_folder} setting, or null (the folder {@link dev.postern.model.SpecialFolders} finds). */
    default String draftsSetting(String account) {
        return null;
    }

    default CompletableFuture<Void> createFolder(String account, String name) {
        return Unsupported.future(account, "create folders");
    }

    default CompletableFuture<Void> renameFolder(String account, String from, String to) {
        return Unsupported.future(account, "rename folders");
    }

    default CompletableFuture<Void> deleteFolder(String account, String name) {
        return Unsupported.future(account, "delete folders");
    }

    default CompletableFuture<Void> subscribe(String account, String name, boolean subscribed) {
        return Unsupported.future(account, "change subscriptions");
    }

    /** How many messages {@code folder} holds on the server (one STATUS): the question before deleting it says. */
    default CompletableFuture<Integer> folderMessages(String account, String folder) {
        return Unsupported.future(account, "manage folders");
    }
}
