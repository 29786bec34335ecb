package dev.postern.cli;

import dev.postern.controller.FolderKnowledge;

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
        if (found.isEmpty() && (local || failure != null)) {
            // The store answered alone: an empty answer from a folder it never had is not "no match".
            FolderKnowledge.State st = root.context().controller().folderKnowledge(account, folder);
            if (st.kind() == FolderKnowledge.Kind.MISSING) {
                throw new PosternException(dev.postern.model.ExitCode.NOINPUT, "account " + Sanitizer.oneLine(account)
                        + " has no folder '" + Sanitizer.oneLine(folder) + "' (as the server last listed them).");
            }
            if (st.kind() == FolderKnowledge.Kind.NEVER_SYNCED) {
                root.err().println("postern: " + FolderKnowledge.neverSynced(account, folder, st) + ", so the store has"
                        + " nothing to search; " + FolderKnowledge.howToSync(account, folder, st) + ".");
                root.err().flush();
            }
        }
        Rows rows = Rows.of(root, json);
        for (Envelope e : found) rows.println(json ? Json.write(ListCommand.jsonOf(e)) : ListCommand.line(e));
        root.out().flush();
        return failure == null ? 0 : failure.exitCode().code();
    }
}
