package dev.postern.controller;

import static dev.postern.controller.ControllerContext.capability;

import dev.postern.backend.ChangeTry;
import dev.postern.backend.MailSession;

/**
 * {@link FolderAdmin}: creating, renaming, deleting and (un)subscribing folders on the account's thread,
 * applied to the store and queued for replay while the server is unreachable.
 */
final class FolderAdministration implements FolderAdmin {
    private final ControllerContext ctx;
    private final MessageActions actions;

    FolderAdministration(ControllerContext ctx) {
        this.ctx = ctx;
        this.actions = ctx.actions;
    }

    private AccountWorker worker(String account) { return ctx.worker(account); }

    private java.util.concurrent.CompletableFuture<Void> queueableFolder(String account,
            java.util.function.Consumer<MailSession> task, dev.postern.store.PendingAction.Kind kind, String folder, String target) {
        return ctx.queueableFolder(account, task, kind, folder, target, null);
    }

    /** One {@link ChangeTry} for the try, its retry and the queued action a dropped link makes of it. */
    private java.util.concurrent.CompletableFuture<Void> changing(String account,
            java.util.function.BiConsumer<MailSession, ChangeTry> task, dev.postern.store.PendingAction.Kind kind,
            String folder, String target) {
        ChangeTry attempt = ChangeTry.first();
        return ctx.queueableFolder(account, s -> task.accept(s, attempt), kind, folder, target, attempt);
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> createFolder(String account, String name) {
        return changing(account, (s, t) -> actions.createFolder(s, account, name, t),
                dev.postern.store.PendingAction.Kind.CREATE_FOLDER, name, null);
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> renameFolder(String account, String from, String to) {
        return changing(account, (s, t) -> actions.renameFolder(s, account, from, to, t),
                dev.postern.store.PendingAction.Kind.RENAME_FOLDER, from, to);
    }

    /** How many messages {@code folder} holds on the server (one STATUS): the question before deleting it says. */
    @Override
    public java.util.concurrent.CompletableFuture<Integer> folderMessages(String account, String folder) {
        return worker(account).submit(s -> capability(s, dev.postern.backend.FolderManager.class, account, "manage folders")
                .messageCount(folder));
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> deleteFolder(String account, String name) {
        return changing(account, (s, t) -> actions.deleteFolder(s, account, name, t),
                dev.postern.store.PendingAction.Kind.DELETE_FOLDER, name, null);
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> subscribe(String account, String name, boolean subscribed) {
        return queueableFolder(account, s -> actions.subscribe(s, account, name, subscribed),
                subscribed ? dev.postern.store.PendingAction.Kind.SUBSCRIBE : dev.postern.store.PendingAction.Kind.UNSUBSCRIBE,
                name, null);
    }
}
