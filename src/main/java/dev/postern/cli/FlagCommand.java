package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.command.Messages;
import dev.postern.model.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern flag FOLDER UID... --set/--clear FLAG}: the argv adapter over {@link Commands#FLAG}. */
@Command(name = "flag", description = {"Set or clear flags on messages, on the server and in the store.",
        "FLAG is seen, flagged, answered, draft or deleted, e.g. `postern flag INBOX 12 14:20 --set seen --clear flagged`."})
final class FlagCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(index = "0", paramLabel = "FOLDER") String folder;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "UID", description = "UIDs or ranges such as 3:9.")
    List<String> uids;

    @Option(names = "--set", paramLabel = "FLAG", completionCandidates = FlagNames.class, description = "Flag to set (repeatable).")
    List<String> set = new ArrayList<>();

    @Option(names = "--clear", paramLabel = "FLAG", completionCandidates = FlagNames.class, description = "Flag to clear (repeatable).")
    List<String> clear = new ArrayList<>();

    /** The five flag names, which completion offers after --set and --clear (hunt 33-Z, Z14). */
    static final class FlagNames extends ArrayList<String> {
        FlagNames() { for (dev.postern.model.Flag f : dev.postern.model.Flag.values()) add(f.label()); }
    }

    @Override
    public Integer call() {
        List<Flag> on = dev.postern.command.FlagCommand.flags(set);
        List<Flag> off = dev.postern.command.FlagCommand.flags(clear);
        Messages which = new Messages(root.account(), folder, Uids.parse(uids));
        dev.postern.command.FlagCommand.Flagged r = Futures.await(Commands.FLAG.run(root.controller(),
                new dev.postern.command.FlagCommand.Args(which, on, off)));
        if (r.queued().offlineWithPending()) QueueCommand.noteQueued(root, which.account(), r.queued());
        root.done(0, r.text().lines().toList());
        root.out().println(r.text());
        root.out().flush();
        return 0;
    }
}
