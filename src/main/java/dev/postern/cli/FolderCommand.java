package dev.postern.cli;

import dev.postern.controller.MailController;
import dev.postern.render.Sanitizer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern folder create|rename|delete|subscribe|unsubscribe NAME [NEW]}. */
@Command(name = "folder", description = "Create, rename, delete or (un)subscribe a folder on the server.",
        subcommands = {FolderCommand.Create.class, FolderCommand.Rename.class, FolderCommand.Delete.class,
                FolderCommand.Subscribe.class, FolderCommand.Unsubscribe.class})
final class FolderCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Override
    public Integer call() {
        throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE,
                "say what to do: postern folder create|rename|delete|subscribe|unsubscribe NAME [NEW].");
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand FolderCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "Full folder name, with the server's separator.")
        String name;

        int run(CompletableFuture<Void> f, String said) {
            Futures.await(f);
            QueueCommand.noteIfQueued(parent.root, account());
            parent.root.out().println(Sanitizer.oneLine(said));
            parent.root.out().flush();
            return 0;
        }

        String account() { return parent.root.context().account(parent.root.account); }

        MailController c() { return parent.root.context().controller(); }
    }

    @Command(name = "create", description = "Create a folder (and subscribe to it).")
    static final class Create extends Sub {
        @Override
        public Integer call() { return run(c().createFolder(account(), name), "created " + name); }
    }

    @Command(name = "rename", description = "Rename a folder; cached messages follow it.")
    static final class Rename extends Sub {
        @Parameters(index = "1", paramLabel = "NEW") String to;

        @Override
        public Integer call() { return run(c().renameFolder(account(), name, to), "renamed " + name + " to " + to); }
    }

    @Command(name = "delete", description = "Delete a folder and the messages in it, on the server.")
    static final class Delete extends Sub {
        @Override
        public Integer call() { return run(c().deleteFolder(account(), name), "deleted " + name); }
    }

    @Command(name = "subscribe", description = "Subscribe to a folder (postern sync syncs subscribed folders).")
    static final class Subscribe extends Sub {
        @Override
        public Integer call() { return run(c().subscribe(account(), name, true), "subscribed " + name); }
    }

    @Command(name = "unsubscribe", description = "Unsubscribe from a folder.")
    static final class Unsubscribe extends Sub {
        @Override
        public Integer call() { return run(c().subscribe(account(), name, false), "unsubscribed " + name); }
    }
}
