package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.model.Folder;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern folders}: the argv adapter over {@link Commands#FOLDERS}. */
@Command(name = "folders", description = {"List folders with message and unread counts.",
        "A folder that only holds folders (IMAP \\Noselect, such as Gmail's [Gmail]) shows '-' for its counts and",
        "\"(only holds other folders)\"; in JSON its \"selectable\" is false and its counts are null."})
final class FoldersCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    /** What a folder that cannot be opened, only holds folders, shows in place of its counts' meaning. */
    static final String CONTAINER = "(only holds other folders)";

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--cached", description = "Do not contact the server; print what the store has.")
    boolean cached;

    @Override
    public Integer call() {
        dev.postern.command.FoldersCommand.Listed l = Futures.await(Commands.FOLDERS.run(root.controller(),
                new dev.postern.command.FoldersCommand.Args(root.account(), cached)));
        List<Folder> folders = l.folders();
        PosternException failure = l.refreshFailure();
        if (failure != null) { // the server could not be asked: the store's folders, as `list` shows its rows then
            root.err().println("postern: " + Sanitizer.sentence(failure.getMessage()) + " Showing the cached folders.");
            root.err().flush();
        }
        if (l.neverListed()) {
            // An empty answer from a store that never listed them is not "no folders".
            root.err().println("postern: " + l.text());
            root.err().flush();
        }
        if (l.inPartNote() != null) {
            root.err().println("postern: " + l.inPartNote());
            root.err().flush();
        }
        PrintWriter out = root.out();
        Rows rows = Rows.of(root, json);
        for (Folder f : folders) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("account", f.account());
                o.put("folder", f.name());
                // A folder that only holds folders (\\Noselect: Gmail's [Gmail]) has no messages to count, not 0 of them.
                o.put("total", f.selectable() ? f.total() : null);
                o.put("unread", f.selectable() ? f.unread() : null);
                o.put("selectable", f.selectable());
                // Sorted: the set holding them has no order, and a cron job diffing snapshots saw changes that were none (J20).
                o.put("attributes", f.attributes().stream().sorted().toList());
                out.println(Json.write(o));
            } else if (!f.selectable()) {
                rows.println(String.format(java.util.Locale.ROOT, "%6s %6s  %s  %s", "-", "-", Sanitizer.oneLine(f.name()), CONTAINER));
            } else {
                rows.println(String.format(java.util.Locale.ROOT, "%6d %6d  %s", f.unread(), f.total(), Sanitizer.oneLine(f.name())));
            }
        }
        out.flush();
        return failure == null ? 0 : failure.exitCode().code();
    }
}
