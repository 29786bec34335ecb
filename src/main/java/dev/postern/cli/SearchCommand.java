package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.PosternException;
import dev.postern.model.ExitCode;
import dev.postern.model.QueryParser;
import dev.postern.render.Sanitizer;
import dev.postern.ui.Cells;
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
/** {@code postern search}: the argv adapter over {@link Commands#SEARCH}; prints the matches as {@code list} does. */
final class SearchCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = "--folder", paramLabel = "FOLDER", description = "Folder (default: INBOX; \"All Inboxes\": each member account's INBOX).")
    String named;

    /** The folder searched: --folder's, or INBOX. */
    String folder() { return named == null ? "INBOX" : named; }

    @Option(names = "--local", description = "Search the store only, without the network.")
    boolean local;

    @Option(names = "--json", description = "One JSON object per line, as `list --json`.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "QUERY")
    List<String> query;

    @Override
    public Integer call() {
        String text = String.join(" ", query);
        QueryParser.parse(text); // a query that does not read: 64 before anything opens
        String account = root.context().account(root.account);
        MailController c = root.context().controller();
        if (named == null) refuseFolderAsWord(c, account);
        String folder = folder();
        dev.postern.command.SearchCommand.Found f = Futures.await(Commands.SEARCH.run(c,
                new dev.postern.command.SearchCommand.Args(account, folder, text, local)));
        PosternException failure = f.serverFailure();
        if (failure != null) {
            root.err().println("postern: " + Sanitizer.sentence(failure.getMessage()) + " Searching the store instead.");
            root.err().flush();
        }
        // The store answered alone: an empty answer from a folder it never had is not "no match".
        if (f.missing() != null) throw new PosternException(ExitCode.NOINPUT, f.missing());
        if (f.neverSynced() != null) {
            root.err().println("postern: " + f.neverSynced());
            root.err().flush();
        }
        if (f.noBodies() != null) {
            root.err().println("postern: " + f.noBodies());
            root.err().flush();
        }
        if (f.notInStoreNote() != null) {
            root.err().println("postern: " + Sanitizer.diagnostic(f.notInStoreNote()));
            root.err().flush();
        }
        int accountWidth = 0;
        if (!json && c.isAllInboxes(folder)) { // each row with its account, as list "All Inboxes" (hunt 38-M, M8)
            for (String a : c.unifiedInbox()) accountWidth = Math.max(accountWidth, Cells.width(Sanitizer.oneLine(a)));
            accountWidth = Math.min(accountWidth, 16);
        }
        print(root.out(), f.found(), f::localOnly, json, json ? 0 : root.outColumns(), accountWidth);
        return failure == null ? 0 : failure.exitCode().code();
    }

    /**
     * {@code search Lists from:bob}, the folder first as list and read take it, searched INBOX for the word "Lists" as
     * well, found nothing and ended 0: a wrong answer a script acts on (hunt 39-Y, Y11). With no --folder, a first word
     * that names one of the account's folders is refused (64), saying both ways on.
     */
    private void refuseFolderAsWord(MailController c, String account) {
        String first = query.get(0);
        if (first.isEmpty() || first.indexOf(':') >= 0 || first.startsWith("-") || first.startsWith("(")) return;
        boolean folder = first.equalsIgnoreCase("INBOX") || c.folders(account).stream().anyMatch(f -> f.name().equals(first));
        if (!folder) return;
        String rest = query.size() == 1 ? "QUERY" : String.join(" ", query.subList(1, query.size()).stream()
                .map(dev.postern.model.Names::shell).toList());
        String word = dev.postern.model.Names.shell(first);
        throw new PosternException(ExitCode.USAGE, "'" + Sanitizer.oneLine(first) + "' names a folder of " + Sanitizer.oneLine(account)
                + ", and search takes its folder from --folder: `postern search --folder " + Sanitizer.oneLine(word) + " "
                + Sanitizer.oneLine(rest) + "` searches it; to search INBOX for the word, name the folder: `postern search"
                + " --folder INBOX " + Sanitizer.oneLine(word) + (query.size() == 1 ? "" : " " + Sanitizer.oneLine(rest)) + "`.");
    }

    /**
     * The rows as {@code list} prints them ({@link Rows}: cut to {@code width} columns, 0 never), written in blocks
     * of about 64 KB rather than a flush per row: stdout (and a resident owner's socket) sees a few writes, not one
     * per match.
     */
    static void print(java.io.PrintWriter out, List<Envelope> found, java.util.function.Predicate<Envelope> localOnly,
            boolean json, int width) {
        print(out, found, localOnly, json, width, 0);
    }

    /** As above; {@code accountWidth} above 0: each text row starts with its account in that many cells (All Inboxes). */
    static void print(java.io.PrintWriter out, List<Envelope> found, java.util.function.Predicate<Envelope> localOnly,
            boolean json, int width, int accountWidth) {
        String eol = System.lineSeparator();
        StringBuilder block = new StringBuilder(Math.min(1 << 16, 256 * Math.max(1, found.size())) + 1024);
        for (Envelope e : found) {
            // The local-only mark, as list's (hunt 38-Q, Q12: always false, no L).
            if (json) ListCommand.appendJson(block, e, localOnly.test(e));
            else block.append(Rows.fit((accountWidth > 0 ? Cells.fit(Sanitizer.oneLine(e.ref().account()), accountWidth) + " " : "")
                    + ListCommand.line(e, localOnly.test(e)), width));
            block.append(eol);
            if (block.length() >= 1 << 16) {
                out.write(block.toString()); // write, unlike println, does not flush an autoflush writer
                block.setLength(0);
            }
        }
        out.write(block.toString());
        out.flush();
    }
}
