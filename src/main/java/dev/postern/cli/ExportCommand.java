package dev.postern.cli;

import dev.postern.backup.Exporter;
import dev.postern.command.Commands;
import dev.postern.model.ExitCode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", description = {"Write folders from the offline store as mbox, Maildir or .eml files.",
        "Written to OUT/FOLDER.mbox, OUT/FOLDER/cur or OUT/FOLDER/, keeping flags and arrival dates (as import reads them).",
        "Messages whose body is not cached",
        "are counted, not written (`postern sync` caches them first), unless --from-server takes them from the server.",
        "Nothing is written through a symbolic link or into another user's file in DIR: such a name stops it (exit 77).",
        "A folder another account's export wrote in DIR is neither replaced nor mixed into (exit 64): give each account its own DIR."})
/** {@code postern export ...}: the argv adapter over {@link Commands#EXPORT} (waits for its job and prints each folder). */
final class ExportCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(arity = "1..*", paramLabel = "FOLDER") List<String> folders;

    @Option(names = "--format", required = true, paramLabel = "mbox|maildir|eml") String format;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR") Path out;

    @Option(names = "--since-last", description = "Only what earlier exports to DIR did not write (mbox: appended).")
    boolean sinceLast;

    @Option(names = "--json", description = "One JSON object per folder.") boolean json;

    @Option(names = "--from-server", description = {"IMAP: bring the folders' envelopes up to date first (header-only sync),",
            "then take every body the store has not cached straight from the server, by the bounded batch, without caching it."})
    boolean fromServer;

    @Override
    public Integer call() {
        dev.postern.command.ExportCommand.Args args = new dev.postern.command.ExportCommand.Args(
                root.account(), folders, dev.postern.command.ExportCommand.format(format), out, sinceLast, fromServer);
        dev.postern.command.ExportCommand.Exported done = Futures.await(Commands.EXPORT.run(root.controller(), args));
        List<String> lines = done.lines();
        for (int i = 0; i < done.reports().size(); i++) {
            Exporter.FolderReport r = done.reports().get(i);
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("account", r.account());
                o.put("folder", r.folder());
                o.put("written", r.written());
                o.put("unchanged", r.unchanged());
                o.put("not_cached", r.notCached());
                o.put("from_server", r.fromServer());
                o.put("path", r.path().toString());
                root.out().println(Json.write(o));
            } else {
                Rows.of(root, false).println(lines.get(i));
            }
        }
        root.out().flush();
        return done.notCached() > 0 ? ExitCode.TEMPFAIL.code() : 0;
    }
}
