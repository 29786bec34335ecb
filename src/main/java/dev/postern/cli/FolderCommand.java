package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.command.FolderAdminCommand;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern folder create|rename|delete|subscribe|unsubscribe NAME [NEW]}: argv adapters over {@link Commands#FOLDER}. */
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

        /** Runs the typed {@code folder} command and prints its result as this command always printed it. */
        int run(FolderAdminCommand.Action action, String to, boolean yes) {
            FolderAdminCommand.Done d = Futures.await(Commands.FOLDER.run(c(), new FolderAdminCommand.Args(account(), action, name, to, yes)));
            if (d.queued().offlineWithPending()) QueueCommand.noteQueued(parent.root, account(), d.queued());
            parent.root.done(0, d.text().lines().toList());
            parent.root.out().println(d.text());
            parent.root.out().flush();
            return 0;
        }

        String account() { return parent.root.account(); }

        MailController c() { return parent.root.controller(); }
    }

    @Command(name = "create", description = "Create a folder (and subscribe to it).")
    static final class Create extends Sub {
        @Override
        public Integer call() { return run(FolderAdminCommand.Action.CREATE, null, false); }
    }

    @Command(name = "rename", description = "Rename a folder; cached messages follow it.")
    static final class Rename extends Sub {
        @Parameters(index = "1", paramLabel = "NEW") String to;

        @Override
        public Integer call() { return run(FolderAdminCommand.Action.RENAME, to, false); }
    }

    @Command(name = "delete", description = {
            "Delete a folder and the messages in it, on the server (not its sub-folders).",
            "A folder holding messages (on the server, or kept only here by retention) is",
            "deleted only after a y on the terminal, or with --yes; with no terminal to",
            "ask on and no --yes nothing is deleted (exit 64;",
            "75 when an owner serves it at your terminal, as it cannot ask there).",
            "Answering no exits 0. A server's refusal is quoted in its own words: exit 66",
            "for [NONEXISTENT], 75 for [INUSE], else 77 (e.g. a folder with children)."})
    static final class Delete extends Sub {
        @Option(names = {"-y", "--yes"}, description = "Delete without asking, whatever the folder holds.")
        boolean yes;

        @Override
        public Integer call() {
            new FolderAdminCommand.Args(account(), FolderAdminCommand.Action.DELETE, name, null, yes); // INBOX: 64 before asking
            if (!yes && !confirmed()) {
                parent.root.err().println("postern: nothing deleted.");
                parent.root.err().flush();
                return 0;
            }
            return run(FolderAdminCommand.Action.DELETE, null, true); // asked here: the typed command need not refuse
        }

        /** Asks when the folder holds messages (or the server cannot say); false when the answer is not y. */
        private boolean confirmed() {
            PosternCommand root = parent.root;
            String account = account();
            String held;
            // Messages kept only here (retention deleted their server copy) go with the folder: their last copy.
            String onlyHere = FolderAdminCommand.keptOnlyHere(root.reading().localOnly(account, name).size());
            try {
                int n = Futures.await(root.folderAdmin().folderMessages(account, name));
                if (n == 0 && onlyHere.isEmpty()) return true;
                held = (n == 0 ? "" : n < 0 ? "whatever it holds (the server would not count it)"
                        : "the " + n + (n == 1 ? " message" : " messages") + " in it") + onlyHere;
                if (n == 0) held = held.substring(", and ".length());
            } catch (PosternException e) {
                if (!e.temporary() && e.exitCode() != ExitCode.UNAVAILABLE) throw e; // no such folder: 66, before asking
                int cached = root.reading().count(account, name);
                held = "whatever it holds (the server could not be asked"
                        + (cached > 0 ? "; the store has " + cached + " of its messages)" : ")") + onlyHere;
            }
            String question = Sanitizer.oneLine("Delete folder " + name + " of " + account + " and " + held
                    + ", on the server?") + " [y/N] ";
            PosternCommand.TerminalHandoff handoff = root.terminalHandoff();
            String answer;
            // Served: asked only of a client at a terminal (and refused there, the owner having none to lend); else 64.
            if (handoff != null && (handoff.servedBy() == null || root.atTerminal())) {
                answer = handoff.ask(question);
            } else if (root.inIsTerminal() && !root.stdinIsScript()) {
                root.err().print(question);
                root.err().flush();
                answer = DraftEditing.readLine(root.in());
            } else {
                throw new PosternException(ExitCode.USAGE, Sanitizer.oneLine("folder " + name + " of " + account
                        + " is deleted with " + held + ", and there is no terminal to ask on; nothing was deleted;"
                        + " add --yes to delete it."));
            }
            answer = answer == null ? "" : answer.strip().toLowerCase(java.util.Locale.ROOT);
            return answer.equals("y") || answer.equals("yes");
        }
    }

    @Command(name = "subscribe", description = "Subscribe to a folder (postern sync syncs subscribed folders).")
    static final class Subscribe extends Sub {
        @Override
        public Integer call() { return run(FolderAdminCommand.Action.SUBSCRIBE, null, false); }
    }

    @Command(name = "unsubscribe", description = "Unsubscribe from a folder.")
    static final class Unsubscribe extends Sub {
        @Override
        public Integer call() { return run(FolderAdminCommand.Action.UNSUBSCRIBE, null, false); }
    }
}
