package dev.postern.cli;

import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.PosternException;
import dev.postern.model.Query;
import dev.postern.model.QueryParser;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "search", description = {"Search a folder on the server (nothing is downloaded but headers), newest first.",
        "QUERY: from: to: cc: subject: body: text: since:YYYY-MM-DD before:YYYY-MM-DD larger:10k smaller:2M,",
        "flags (seen unseen flagged answered draft deleted), bare words; -term or not term; or; ( ).",
        "e.g. postern search from:bob 'subject:\"weekly report\"' since:2026-01-01 body:invoice -seen"})
final class SearchCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--folder", paramLabel = "FOLDER", defaultValue = "INBOX", description = "Folder (default: INBOX).")
    String folder;

    @Option(names = "--local", description = "Search the store only, without the network.")
    boolean local;

    @Option(names = "--json", description = "One JSON object per line, as `list --json`.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "QUERY")
    List<String> query;

    @Override
    public Integer call() {
        Query q = QueryParser.parse(String.join(" ", query));
        String account = root.context().account(root.account);
        MailController c = root.context().controller();
        PosternException failure = null;
        List<Envelope> found;
        if (local) {
            found = Futures.await(c.search(account, folder, q, true));
        } else {
            try {
                found = Futures.await(c.search(account, folder, q, false));
            } catch (PosternException e) {
                if (!e.temporary() && e.exitCode() != dev.postern.model.ExitCode.UNAVAILABLE) throw e;
                failure = e;
                root.err().println("postern: " + Sanitizer.oneLine(e.getMessage()) + " Searching the store instead.");
                root.err().flush();
                found = Futures.await(c.search(account, folder, q, true));
            }
        }
        for (Envelope e : found) root.out().println(json ? Json.write(ListCommand.jsonOf(e)) : ListCommand.line(e));
        root.out().flush();
        return failure == null ? 0 : failure.exitCode().code();
    }
}
