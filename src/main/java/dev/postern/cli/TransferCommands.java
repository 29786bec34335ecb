package dev.postern.cli;

import dev.postern.command.Changed;
import dev.postern.command.Commands;
import dev.postern.command.CopyCommand;
import dev.postern.command.DeleteCommand;
import dev.postern.command.Messages;
import dev.postern.command.MoveCommand;
import dev.postern.controller.MailController;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern move|copy|delete FOLDER UID... [--to FOLDER]}: argv adapters over the typed {@link Commands#MOVE},
 * {@link Commands#COPY} and {@link Commands#DELETE} (which the reader runs too).
 */
final class TransferCommands {
    private TransferCommands() {}

    abstract static class Base implements Callable<Integer> {
        @ParentCommand PosternCommand root;

        @Parameters(index = "0", paramLabel = "FOLDER") String folder;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "UID", description = "UIDs or ranges such as 3:9.")
        List<String> uids;

        String account() { return root.account(); }

        MailController controller() { return root.controller(); }

        Messages messages() { return new Messages(account(), folder, Uids.parse(uids)); }

        /** Prints the typed result as this command always printed it, and the queue note when it was queued. */
        int done(Changed r) {
            if (r.queued().offlineWithPending()) QueueCommand.noteQueued(root, r.messages().account(), r.queued());
            root.done(0, r.text().lines().toList());
            root.out().println(r.text());
            root.out().flush();
            return 0;
        }
    }

    @Command(name = "move", description = {"Move messages to another folder (MOVE where the server offers it).",
            "Exit 66 for a folder or UID that is not there; 75 when the server answered OK but moved none of them",
            "(those it left behind when it moved only some are named on stderr)."})
    static final class Move extends Base {
        @Option(names = "--to", required = true, paramLabel = "FOLDER") String to;

        @Override
        public Integer call() {
            return done(Futures.await(Commands.MOVE.run(controller(), new MoveCommand.Args(messages(), to))));
        }
    }

    @Command(name = "copy", description = "Copy messages to another folder.")
    static final class Copy extends Base {
        @Option(names = "--to", required = true, paramLabel = "FOLDER") String to;

        @Override
        public Integer call() {
            return done(Futures.await(Commands.COPY.run(controller(), new CopyCommand.Args(messages(), to))));
        }
    }

    @Command(name = "delete", description = {"Delete messages: move them to the trash folder, or remove them for good.",
            "The trash folder is the `trash` setting, else the folder the server marks \\Trash,",
            "else an existing Trash, Deleted Messages, Deleted Items, INBOX.Trash..., else Trash",
            "(created on first use);",
            "or with --expunge (or when already in the trash folder) remove them for good;",
            "--to FOLDER moves them to that folder instead (e.g. a key binding `D = delete --to Bin`).",
            "Exit 66 for a folder or UID that is not there, 69 only when the server cannot be reached.",
            "A POP3 account cannot delete (exit 64): a fetch deletes from its server under keep_on_server = false",
            "or delete_after_days, and a retention rule with where = \"local\" removes the store's copies."})
    static final class Delete extends Base {
        @Option(names = "--expunge", description = "Remove for good instead of moving to Trash.") boolean expunge;

        @Option(names = "--to", paramLabel = "FOLDER", description = "Move them to this folder instead of the server's Trash.")
        String to;

        @Override
        public Integer call() {
            return done(Futures.await(Commands.DELETE.run(controller(), new DeleteCommand.Args(messages(), expunge, to))));
        }
    }
}
