package dev.postern.cli;

import dev.postern.compose.Bounce;
import dev.postern.compose.Built;
import dev.postern.compose.Postman;
import dev.postern.config.AccountConfig;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
        + " 3.6.6); no copy in Sent, never queued (exit 75 or 69 when the server cannot be reached now)."})
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
        Wiring ctx = root.context();
        String account = ctx.account(root.account);
        AccountConfig a = ctx.config().account(account).orElseThrow();
        if (a.smtp() == null) {
            throw new PosternException(ExitCode.CONFIG, "account " + account + " cannot send: add an [accounts." + account
                    + ".smtp] table with host and from to the config.");
        }
        dev.postern.controller.Reading c = root.reading();
        MessageRef ref = Futures.await(c.locate(account, folder, uid));
        byte[] raw = Futures.await(c.raw(ref));
        Envelope original = c.envelope(ref, raw);
        IdentityChoice who = IdentityChoice.of(ctx, account, from, original, raw, false);
        if (who.from() == null) {
            throw new PosternException(ExitCode.USAGE, "account " + account + " has no From address; set from in [accounts."
                    + account + ".smtp] or give --from.");
        }
        Built b = Bounce.prepare(raw, who.from(), to, Clock.systemDefaultZone());
        if (dryRun) {
            root.out().println(Sanitizer.text(new String(b.raw(), StandardCharsets.UTF_8)));
            root.out().flush();
            return 0;
        }
        Postman.Result r = ctx.postman().bounce(account, b);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("account", account);
            o.put("status", "bounced");
            o.put("resent_message_id", r.messageId());
            o.put("recipients", r.recipients());
            root.out().println(Json.write(o));
        } else {
            root.out().println(Sanitizer.oneLine("bounced " + folder + " " + uid + " to " + String.join(", ", r.recipients())));
        }
        root.out().flush();
        return 0;
    }
}
