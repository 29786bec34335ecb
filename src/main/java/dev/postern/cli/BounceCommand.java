package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.command.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "bounce", description = {"Bounce (remail) a message unchanged to new recipients, as mutt's bounce.",
        "The original bytes go out with Resent-From, Resent-Date, Resent-To and Resent-Message-ID on top (RFC 5322"
        + " 3.6.6); no copy in Sent, never queued (exit 75 or 69 when the server cannot be reached now).",
        "From just before its final dot until the server answers it is in the outbox marked MAY HAVE BEEN SENT, so one"
        + " whose answer never came (a lost link, Ctrl-C, kill -9) stays there (exit 69): `postern outbox --retry ID` bounces it again."})
/** {@code postern bounce ...}: the argv adapter over {@link Commands#BOUNCE}. */
final class BounceCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder of the message.")
    String folder;

    @Parameters(index = "1", paramLabel = "UID", description = "UID of the message (`postern list` shows them).")
    String uidText;

    @Option(names = "--to", paramLabel = "ADDR", split = ",", required = true,
            description = "New recipient (repeatable, or comma-separated).")
    List<String> to = new ArrayList<>();

    @Option(names = "--from", paramLabel = "ADDR", description = "Resent-From: an identity's address or name, or an address"
            + " (default: the identity the message was sent to).")
    String from;

    @Option(names = "--dry-run", description = "Print the message that would be bounced; send nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        long uid = Uids.one(uidText);
        String account = root.account();
        dev.postern.command.BounceCommand.Bounced r = Futures.await(Commands.BOUNCE.run(root.controller(),
                new dev.postern.command.BounceCommand.Args(Messages.of(account, folder, List.of(uid)), split(to), from, dryRun)));
        if (r.result() != null) root.done(r.exitCode(), r.lines());
        if (json && r.result() != null) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("account", account);
            o.put("status", "bounced");
            o.put("resent_message_id", r.result().messageId());
            o.put("recipients", r.result().recipients());
            root.out().println(Json.write(o));
        } else if (json && r.preview() != null) { // --dry-run --json (hunt37-J J8)
            root.out().println(Json.write(SendCommand.dryRun(account, r.preview())));
        } else {
            for (String line : r.lines()) root.out().println(line);
        }
        root.out().flush();
        return r.exitCode();
    }

    private static List<String> split(List<String> values) {
        return values.stream().filter(v -> !v.isBlank()).map(String::strip).toList();
    }
}
