package dev.postern.cli;

import dev.postern.backup.Exporter;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.Protocol;
import dev.postern.render.Sanitizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", description = {"Write folders from the offline store as mbox, Maildir or .eml files.",
        "Written to OUT/FOLDER.mbox, OUT/FOLDER/cur or OUT/FOLDER/, keeping flags and dates. Messages whose body is not cached",
        "are counted, not written (`postern sync` caches them first), unless --from-server takes them from the server."})
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
        Exporter.Format f;
        try {
            f = Exporter.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PosternException(ExitCode.USAGE, "'" + Sanitizer.oneLine(format) + "' is not an export format; use mbox, maildir or eml.");
        }
        String account = root.context().account(root.account);
        List<Exporter.FolderReport> reports;
        if (fromServer) {
            AccountConfig a = root.context().config().account(account).orElseThrow();
            if (a.protocol() != Protocol.IMAP) {
                throw new PosternException(ExitCode.USAGE, "--from-server needs an IMAP account; " + Sanitizer.oneLine(account)
                        + " is POP3, whose mail is all in the store after postern fetch: export without --from-server.");
            }
            for (String folder : folders) Futures.await(root.context().controller().sync(account, folder, true));
            reports = root.context().controller().export(account, folders, f, out, sinceLast, true);
        } else {
            neverSynced(account);
            reports = root.context().controller().export(account, folders, f, out, sinceLast, false);
        }
        int notCached = 0;
        for (Exporter.FolderReport r : reports) {
            notCached += r.notCached();
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
                Rows.of(root, false).println(Sanitizer.oneLine(r.folder()) + ": " + r.written() + " written"
                        + (r.fromServer() > 0 ? " (" + r.fromServer() + " from the server)" : "")
                        + (r.unchanged() > 0 ? ", " + r.unchanged() + " already exported" : "")
                        + (r.notCached() > 0 ? ", " + r.notCached() + (fromServer ? " gone from the server" : " not cached (run `postern sync` or add --from-server)") : "")
                        + " -> " + Sanitizer.oneLine(r.path().toString()));
            }
        }
        root.out().flush();
        return notCached > 0 ? ExitCode.TEMPFAIL.code() : 0;
    }

    /**
     * A folder the store holds nothing of, because sync never took it (not subscribed, or left out by
     * sync_folders), fails the export before anything is written (66), saying how to include it: an empty
     * mbox would pass for an empty folder.
     */
    private void neverSynced(String account) {
        for (String folder : folders) {
            FolderKnowledge.State st = FolderKnowledge.of(root.context(), account, folder);
            if (st.kind() != FolderKnowledge.Kind.NEVER_SYNCED) continue;
            throw new PosternException(ExitCode.NOINPUT, FolderKnowledge.neverSynced(account, folder, st)
                    + ", so the store has nothing of it to export and nothing was written; "
                    + FolderKnowledge.howToSync(root.context(), account, folder, st)
                    + (root.context().config().account(account).map(a -> a.protocol() == Protocol.IMAP).orElse(false)
                    ? "; or export with --from-server" : "") + ".");
        }
    }
}
