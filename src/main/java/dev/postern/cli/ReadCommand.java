package dev.postern.cli;

import dev.postern.render.Sizes;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.Part;
import dev.postern.model.PosternException;
import dev.postern.render.RenderedMessage;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "read", description = {"Print a message as text: headers, body (HTML as text), attachments with sizes.",
        "Marks it read, like opening it would; --preview leaves it unread."})
final class ReadCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    @Parameters(arity = "1..2", paramLabel = "[FOLDER] UID", description = "Folder (default: INBOX) and the message's UID.")
    List<String> args;

    @Option(names = "--raw", description = "Print the exact RFC 822 bytes instead.")
    boolean raw;

    @Option(names = "--force", description = "With --raw: write raw bytes even to a terminal.")
    boolean force;

    @Option(names = "--preview", description = "Do not mark the message read.")
    boolean preview;

    @Override
    public Integer call() throws IOException {
        String folder = args.size() == 2 ? args.get(0) : "INBOX";
        String uidText = args.get(args.size() - 1);
        long uid = Uids.one(uidText);
        if (raw && !force && Terminals.isTerminal(1)) {
            throw new PosternException(ExitCode.USAGE, "refusing to write raw message bytes to a terminal "
                    + "(they may hold escape sequences); redirect to a file or pipe, or pass --force.");
        }
        String account = root.context().account(root.account);
        MailController c = root.context().controller();
        MessageRef ref = Futures.await(c.locate(account, folder, uid));
        if (raw) {
            byte[] bytes = Futures.await(c.raw(ref));
            root.rawOut().write(bytes);
            root.rawOut().flush();
            return 0;
        }
        RenderedMessage m = Futures.await(c.read(ref));
        print(root.out(), m);
        if (!preview) {
            try {
                Futures.await(c.markSeen(ref));
            } catch (PosternException e) {
                root.err().println("postern: the message was shown but not marked read: " + Sanitizer.oneLine(e.getMessage()));
                root.err().flush();
            }
        }
        return 0;
    }

    static void print(PrintWriter out, RenderedMessage m) {
        for (RenderedMessage.Header h : m.headers()) out.println(h.name() + ": " + h.value());
        out.println();
        out.println(m.body());
        if (!m.parts().isEmpty()) {
            out.println();
            out.println("Attachments:");
            for (Part p : m.parts()) {
                String name = p.filename() == null ? "(no name)" : Sanitizer.oneLine(p.filename());
                out.printf("  [%d] %s  %s  %s%s%n", p.index(), name, Sanitizer.oneLine(p.contentType()),
                        Sizes.human(p.size()), p.fetched() ? "" : "  (not downloaded)");
            }
        }
        out.flush();
    }
}
