package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.model.Folder;
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
@Command(name = "folders", description = "List folders with message and unread counts.")
final class FoldersCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--cached", description = "Do not contact the server; print what the store has.")
    boolean cached;

    @Override
    public Integer call() {
        dev.postern.command.FoldersCommand.Listed l = Futures.await(Commands.FOLDERS.run(root.controller(),
                new dev.postern.command.FoldersCommand.Args(root.account(), cached)));
        List<Folder> folders = l.folders();
        if (l.neverListed()) {
            // An empty answer from a store that never listed them is not "no folders".
            root.err().println("postern: " + l.text());
            root.err().flush();
        }
        PrintWriter out = root.out();
        Rows rows = Rows.of(root, json);
        for (Folder f : folders) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("account", f.account());
                o.put("folder", f.name());
                o.put("total", f.total());
                o.put("unread", f.unread());
                o.put("attributes", List.copyOf(f.attributes()));
                out.println(Json.write(o));
            } else {
                rows.println(String.format("%6d %6d  %s", f.unread(), f.total(), Sanitizer.oneLine(f.name())));
            }
        }
        out.flush();
        return 0;
    }
}
