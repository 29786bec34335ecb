package dev.postern.cli;

import dev.postern.controller.MailController;
import dev.postern.controller.SyncReport;
import dev.postern.render.Sanitizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sync", description = {"Bring the store in line with the server for every subscribed folder:",
        "new messages, vanished ones, flag changes, and the bodies not cached yet (CONDSTORE deltas where offered).",
        "Never changes anything on the server, except through [[retention]] rules marked auto = true, which run afterwards."})
final class SyncCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Option(names = {"-f", "--folder"}, paramLabel = "FOLDER", description = "Only this folder.")
    String folder;

    @Option(names = "--headers-only", description = "Envelopes and flags only; no bodies.")
    boolean headersOnly;

    @Option(names = "--json", description = "One JSON object per folder.")
    boolean json;

    @Override
    public Integer call() {
        dev.postern.app.StartupTrace.mark("sync parsed");
        String account = root.context().account(root.account);
        dev.postern.app.StartupTrace.mark("config");
        root.context().store();
        dev.postern.app.StartupTrace.mark("store");
        MailController c = root.context().controller();
        dev.postern.app.StartupTrace.mark("controller");
        List<SyncReport> reports = Futures.await(c.sync(account, folder, headersOnly));
        dev.postern.app.StartupTrace.mark("synced");
        for (SyncReport r : reports) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("account", account);
                o.put("folder", r.folder());
                o.put("total", r.total());
                o.put("bodies_fetched", r.bodiesFetched());
                o.put("bodies_left", r.bodiesLeft());
                o.put("message_errors", r.messageErrors());
                root.out().println(Json.write(o));
            } else {
                root.out().printf("%-30s %7d messages, %d bodies fetched%s%n", Sanitizer.oneLine(r.folder()), r.total(),
                        r.bodiesFetched(), r.bodiesLeft() == 0 ? "" : ", " + r.bodiesLeft() + " large ones left on the server");
                for (String e : r.messageErrors()) root.err().println("postern: " + Sanitizer.oneLine(account + ": " + e));
            }
        }
        // Rules marked auto = true run on the freshly synced store; a failure there is reported after the sync's own lines.
        List<RetentionRun.Done> retained;
        try {
            retained = RetentionRun.auto(root.context(), List.of(account), root.err());
        } catch (dev.postern.model.PosternException e) {
            root.out().flush();
            root.err().println("postern: automatic retention after syncing " + Sanitizer.oneLine(account) + " failed: "
                    + Sanitizer.oneLine(e.getMessage()));
            root.err().flush();
            return e.exitCode().code();
        }
        if (json) {
            if (!RetentionRun.json(retained).isEmpty()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("account", account);
                o.put("retention", RetentionRun.json(retained));
                root.out().println(Json.write(o));
            }
        } else {
            RetentionRun.summarise(retained, root.out());
        }
        root.out().flush();
        dev.postern.app.StartupTrace.mark("retention");
        OutboxFlush.quietly(root.context(), List.of(account), root.err());
        dev.postern.app.StartupTrace.mark("outbox");
        return 0;
    }
}
