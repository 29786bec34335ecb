package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.render.Sizes;
import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
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
/** {@code postern read}: the argv adapter over {@link Commands#READ}; prints the message, its bytes or its links. */
final class ReadCommand implements Callable<Integer> {
    @ParentCommand PosternCommand root;

    // hideParamSyntax: picocli's own syntax for a list of 1..2 was "[FOLDER] UID...", which promised several UIDs.
    @Parameters(arity = "1..2", paramLabel = "[FOLDER] UID", hideParamSyntax = true,
            description = "Folder (default: INBOX) and the message's UID: one message a run.")
    List<String> args;

    @Option(names = "--raw", description = "Print the exact RFC 822 bytes instead.")
    boolean raw;

    @Option(names = "--force", description = "With --raw: write raw bytes even to a terminal.")
    boolean force;

    @Option(names = "--links", description = "List the message's links (URLs and mailto:), one numbered line each"
            + " (number TAB link); with --json: {account, folder, uid, links}.")
    boolean links;

    @Option(names = "--preview", description = "Do not mark the message read.")
    boolean preview;

    @Option(names = "--json", description = {"One JSON object: account, folder, uid, headers, body, attachments, links, and for signed or",
            "encrypted mail `signature` {status, signer, key, validity, from_mismatch} and `encrypted` {to, decrypted}."})
    boolean json;

    @Override
    public Integer call() throws IOException {
        // picocli hands every operand over (arity 1..2 is per occurrence): a third word was once taken as the UID of
        // INBOX and the folder dropped, so another message was shown (hunt35-E E2). One message, as the usage says.
        if (args.size() > 2) {
            throw new PosternException(ExitCode.USAGE, "read takes a folder and one UID, one message a run;"
                    + " quote a folder name with spaces.");
        }
        String folder = args.size() == 2 ? FolderSpelling.of(root, root.account(), args.get(0)) : "INBOX";
        long uid = dev.postern.command.ReadCommand.uid(args.get(args.size() - 1));
        if (raw && !force && root.outIsTerminal()) {
            throw new PosternException(ExitCode.USAGE, "refusing to write raw message bytes to a terminal "
                    + "(they may hold escape sequences); redirect to a file or pipe, or pass --force.");
        }
        String account = root.account();
        MailController c = root.controller();
        dev.postern.command.ReadCommand.Read read = Futures.awaitTellingRefetches(c, root.err(), () -> Commands.READ.run(c,
                new dev.postern.command.ReadCommand.Args(account, folder, uid, raw, links, preview)));
        if (raw) {
            root.rawOut().write(read.raw());
            root.rawOut().flush();
            return 0;
        }
        RenderedMessage m = read.message();
        if (links) {
            List<String> found = read.links();
            if (json) {
                java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
                o.put("account", account);
                o.put("folder", folder);
                o.put("uid", uid);
                o.put("links", found);
                root.out().println(Json.write(o));
            } else {
                // Each link through the sanitiser: a URL in a hostile message may hold escape sequences.
                for (int i = 0; i < found.size(); i++) root.out().println((i + 1) + "\t" + Sanitizer.oneLine(found.get(i)));
            }
            root.out().flush();
        } else if (json) {
            root.out().println(Json.write(jsonOf(account, folder, uid, m)));
            root.out().flush();
        } else {
            print(root.out(), m, root.outColumns());
        }
        if (read.queued() != null) QueueCommand.noteQueued(root, read.ref().account(), read.queued()); // as `flag` offline says it
        if (read.notMarked() != null) {
            root.err().println("postern: the message was shown but not marked read: " + Sanitizer.oneLine(read.notMarked().getMessage()));
            root.err().flush();
        }
        return 0;
    }

    /** The message as {@code read --json} prints it; {@code account} first, as list's and search's rows have it. */
    static java.util.Map<String, Object> jsonOf(String account, String folder, long uid, RenderedMessage m) {
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("account", account);
        o.put("folder", folder);
        o.put("uid", uid);
        java.util.Map<String, Object> headers = new java.util.LinkedHashMap<>();
        // The real characters, JSON-escaped, as list --json gives them: the sanitised headers are the terminal's (J9).
        for (RenderedMessage.Header h : m.fields()) headers.putIfAbsent(h.name().toLowerCase(java.util.Locale.ROOT), h.value());
        o.put("headers", headers);
        o.put("body", m.body());
        List<Object> parts = new java.util.ArrayList<>();
        for (Part p : m.parts()) {
            java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
            a.put("index", p.index());
            a.put("path", p.path());
            a.put("type", p.contentType());
            a.put("name", p.filename());
            a.put("size", p.size());
            a.put("downloaded", p.fetched());
            parts.add(a);
        }
        o.put("attachments", parts);
        o.put("links", m.links());
        // The outermost signature and encryption; every protected part is in protected_parts.
        o.put("signature", m.protections().stream().filter(p -> p.signature() != null).findFirst().map(ReadCommand::signatureJson).orElse(null));
        o.put("encrypted", m.protections().stream().filter(p -> p.encryption() != null).findFirst().map(ReadCommand::encryptionJson).orElse(null));
        List<Object> prot = new java.util.ArrayList<>();
        for (dev.postern.render.Protection p : m.protections()) {
            java.util.Map<String, Object> x = new java.util.LinkedHashMap<>();
            x.put("path", p.path());
            x.put("protocol", p.kind() == dev.postern.render.CryptoEngine.Kind.PGP ? "pgp" : "smime");
            x.put("signature", p.signature() == null ? null : signatureJson(p));
            x.put("encrypted", p.encryption() == null ? null : encryptionJson(p));
            x.put("whole_message", !p.partial());
            x.put("lines", p.lines());
            prot.add(x);
        }
        o.put("protected_parts", prot);
        return o;
    }

    private static java.util.Map<String, Object> signatureJson(dev.postern.render.Protection p) {
        java.util.Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("status", p.statusName());
        s.put("signer", p.signature().signer());
        s.put("key", p.signature().key());
        s.put("validity", p.signature().validity());
        s.put("from_mismatch", p.fromMismatch());
        s.put("whole_message", !p.partial());
        if (!p.signature().detail().isEmpty()) s.put("detail", p.signature().detail());
        return s;
    }

    private static java.util.Map<String, Object> encryptionJson(dev.postern.render.Protection p) {
        java.util.Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("to", p.encryption().to());
        e.put("decrypted", p.encryption().decrypted());
        e.put("whole_message", !p.partial());
        if (!p.encryption().detail().isEmpty()) e.put("detail", p.encryption().detail());
        return e;
    }

    static void print(PrintWriter out, RenderedMessage m) {
        print(out, m, 0);
    }

    /**
     * The message as text; to a terminal {@code columns} wide (0: not a terminal) every row the terminal's own
     * wrap would start with something that reads like postern's status line is marked as the message's, as the
     * pager does: the renderer marks such lines, but the terminal starts new rows where it likes.
     */
    static void print(PrintWriter out, RenderedMessage m, int columns) {
        for (RenderedMessage.Header h : m.headers()) out.println(rows(h.name() + ": " + h.value(), columns));
        out.println();
        String body = m.body();
        if (columns > 0) {
            StringBuilder b = new StringBuilder(body.length());
            String[] lines = body.split("\n", -1);
            for (int i = 0; i < lines.length; i++) b.append(i == 0 ? "" : "\n").append(rows(lines[i], columns));
            body = b.toString();
        }
        out.println(body);
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

    /** {@code line} with the mark put where a terminal {@code columns} wide would start a row that imitates a status line. */
    static String rows(String line, int columns) {
        if (columns <= 0 || line.length() <= columns / 2 || line.startsWith(dev.postern.render.Protection.PREFIX)) return line;
        StringBuilder out = null;
        int n = line.length();
        int start = dev.postern.ui.Cells.fits(line, 0, columns);
        int copied = 0;
        String mark = dev.postern.render.StatusImitation.MARK;
        int room = Math.max(1, columns - mark.length());
        while (start < n) {
            int end;
            if (dev.postern.render.StatusImitation.at(line, start)) {
                if (out == null) out = new StringBuilder(n + 64);
                out.append(line, copied, start).append(mark);
                copied = start;
                end = dev.postern.ui.Cells.fits(line, start, room);
            } else {
                end = dev.postern.ui.Cells.fits(line, start, columns);
            }
            start = end > start ? end : start + Character.charCount(line.codePointAt(start));
        }
        return out == null ? line : out.append(line, copied, n).toString();
    }
}
