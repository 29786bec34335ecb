package dev.postern.cli;

import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "flag", description = {"Set or clear flags on messages, on the server and in the store.",
        "FLAG is seen, flagged, answered, draft or deleted, e.g. `postern flag INBOX 12 14:20 --set seen --clear flagged`."})
final class FlagCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(index = "0", paramLabel = "FOLDER") String folder;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "UID", description = "UIDs or ranges such as 3:9.")
    List<String> uids;

    @Option(names = "--set", paramLabel = "FLAG", description = "Flag to set (repeatable).")
    List<String> set = new ArrayList<>();

    @Option(names = "--clear", paramLabel = "FLAG", description = "Flag to clear (repeatable).")
    List<String> clear = new ArrayList<>();

    @Override
    public Integer call() {
        if (set.isEmpty() && clear.isEmpty()) {
            throw new PosternException(ExitCode.USAGE, "say what to change: --set FLAG or --clear FLAG (seen, flagged, answered, draft, deleted).");
        }
        List<Flag> on = set.stream().map(FlagCommand::flag).toList();
        List<Flag> off = clear.stream().map(FlagCommand::flag).toList();
        SortedSet<Long> which = Uids.parse(uids);
        String account = root.context().account(root.account);
        MailController c = root.context().controller();
        for (Flag f : on) Futures.await(c.setFlags(account, folder, which, f, true));
        for (Flag f : off) Futures.await(c.setFlags(account, folder, which, f, false));
        QueueCommand.noteIfQueued(root, account);
        root.out().println("changed flags of " + which.size() + " message(s) in " + Sanitizer.oneLine(folder));
        root.out().flush();
        return 0;
    }

    static Flag flag(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("\\", "");
        for (Flag f : Flag.values()) if (f.label().equals(n)) return f;
        throw new PosternException(ExitCode.USAGE, "'" + Sanitizer.oneLine(name)
                + "' is not a flag postern knows; use seen, flagged, answered, draft or deleted.");
    }
}
