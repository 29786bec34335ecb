package dev.postern.cli;

import dev.postern.controller.MailController;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern move|copy|delete FOLDER UID... [--to FOLDER]}. */
final class TransferCommands {
    private TransferCommands() {}

    abstract static class Base implements Callable<Integer> {
        @ParentCommand PosternCommand root;

        @Parameters(index = "0", paramLabel = "FOLDER") String folder;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "UID", description = "UIDs or ranges such as 3:9.")
        List<String> uids;

        String account() { return root.context().account(root.account); }

        MailController controller() { return root.context().controller(); }

        int done(String what, int n, String where) {
            QueueCommand.noteIfQueued(root, account());
            root.out().println(what + " " + n + " message(s) " + Sanitizer.oneLine(where));
            root.out().flush();
            return 0;
        }
    }

    @Command(name = "move", description = "Move messages to another folder (MOVE where the server offers it).")
    static final class Move extends Base {
        @Option(names = "--to", required = true, paramLabel = "FOLDER") String to;

        @Override
        public Integer call() {
            SortedSet<Long> which = Uids.parse(uids);
            int n = Futures.await(controller().move(account(), folder, which, to));
            return done("moved", n, "from " + folder + " to " + to);
        }
    }

    @Command(name = "copy", description = "Copy messages to another folder.")
    static final class Copy extends Base {
        @Option(names = "--to", required = true, paramLabel = "FOLDER") String to;

        @Override
        public Integer call() {
            SortedSet<Long> which = Uids.parse(uids);
            int n = Futures.await(controller().copy(account(), folder, which, to));
            return done("copied", n, "from " + folder + " to " + to);
        }
    }

    @Command(name = "delete", description = {"Delete messages: move them to the trash folder, or remove them for good.",
            "The trash folder is the `trash` setting, else the folder the server marks \\Trash, else Trash",
            "(created on first use);",
            "or with --expunge (or when already in the trash folder) remove them for good;",
            "--to FOLDER moves them to that folder instead (e.g. a key binding `D = delete --to Bin`).",
            "Exit 66 for a folder or UID that is not there, 69 only when the server cannot be reached."})
    static final class Delete extends Base {
        @Option(names = "--expunge", description = "Remove for good instead of moving to Trash.") boolean expunge;

        @Option(names = "--to", paramLabel = "FOLDER", description = "Move them to this folder instead of the server's Trash.")
        String to;

        @Override
        public Integer call() {
            SortedSet<Long> which = Uids.parse(uids);
            if (to != null) {
                if (expunge) {
                    throw new dev.postern.model.PosternException(dev.postern.model.ExitCode.USAGE,
                            "--to moves and --expunge removes for good; give one of them.");
                }
                // Messages kept locally only have no server copy to move: deleting them removes the local one.
                long v = root.context().store().folderState(account(), folder)
                        .map(dev.postern.store.FolderState::uidValidity).orElse(0L);
                SortedSet<Long> localOnly = new java.util.TreeSet<>(root.context().store().detached(account(), folder, v));
                localOnly.retainAll(which);
                int n = localOnly.isEmpty() ? 0 : Futures.await(controller().delete(account(), folder, localOnly, true));
                which.removeAll(localOnly);
                if (!which.isEmpty()) n += Futures.await(controller().move(account(), folder, which, to));
                return done("deleted", n, "from " + folder + " to " + to);
            }
            int n = Futures.await(controller().delete(account(), folder, which, expunge));
            return done("deleted", n, "from " + folder);
        }
    }
}
