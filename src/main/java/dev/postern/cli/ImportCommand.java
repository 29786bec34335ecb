package dev.postern.cli;

import dev.postern.backup.Importer;
import dev.postern.command.Commands;
import dev.postern.model.ExitCode;
import dev.postern.render.Sanitizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", description = {"Append an mbox, a message's .eml file, a Maildir or .eml files to a folder.",
        "The folder is an IMAP one. A file whose first line that is not blank is a header field (From:, Subject:...) is one message;",
        "one that starts with a From line is an mbox; an empty file is an empty mbox (an empty .eml, or a file that is neither, is refused: exit 65).",
        "Flags and internal dates are kept; messages the folder held before the import (same bytes, copy for copy) are skipped:",
        "identical copies inside the archive all arrive, and importing it again adds nothing. What is not a",
        "message (a broken From line, a foreign file) is listed and skipped: exit 65 then, after the rest is imported."})
/** {@code postern import PATH --to FOLDER}: the argv adapter over {@link Commands#IMPORT} (waits for its job). */
final class ImportCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(index = "0", paramLabel = "PATH") Path path;

    @Option(names = "--to", required = true, paramLabel = "FOLDER") String folder;

    @Option(names = "--json", description = "One JSON object.") boolean json;

    @Override
    public Integer call() {
        dev.postern.command.ImportCommand.Imported done = Futures.await(Commands.IMPORT.run(root.controller(),
                new dev.postern.command.ImportCommand.Args(root.account(), path, folder)));
        Importer.Report r = done.report();
        int code = r.skipped().isEmpty() ? 0 : ExitCode.DATAERR.code();
        root.done(code, done.text().lines().toList());
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("account", done.args().account());
            o.put("folder", folder);
            o.put("format", r.format());
            o.put("appended", r.appended());
            o.put("already_there", r.alreadyThere());
            o.put("skipped", r.skipped());
            root.out().println(Json.write(o));
        } else {
            root.out().println(done.text());
            for (String s : r.skipped()) Rows.of(root, false).println("  skipped " + Sanitizer.oneLine(s));
        }
        root.out().flush();
        return code;
    }
}
