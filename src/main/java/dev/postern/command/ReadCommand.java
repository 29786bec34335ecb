package dev.postern.command;

import dev.postern.controller.MailController;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.MessageLinks;
import dev.postern.render.RenderedMessage;
import dev.postern.render.Sanitizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code read [FOLDER] UID [--raw] [--links] [--preview]}: one message as text (headers, body with HTML as
 * text, attachments), its exact bytes, or its links; marked read as opening it would, unless {@code --preview}
 * (the raw bytes never mark it).
 */
public final class ReadCommand implements Command<ReadCommand.Args, ReadCommand.Read> {
    /** {@code account} null: the first. */
    /** {@code uidValidity}: the folder's the caller saw the message under (0: a typed UID, whatever it names now). */
    public record Args(String account, String folder, long uid, boolean raw, boolean links, boolean preview, long uidValidity) {
        public Args {
            folder = folder == null ? "INBOX" : dev.postern.model.Folder.canonical(folder);
            if (uid <= 0) throw Words.usage("'" + uid + "' is not a UID; `postern list` shows them.");
        }

        public Args(String account, String folder, long uid, boolean raw, boolean links, boolean preview) {
            this(account, folder, uid, raw, links, preview, 0);
        }
    }

    /**
     * The message read: its exact bytes ({@code raw}, with --raw) or as rendered ({@code message}), its links
     * (with --links), and why it could not be marked read ({@code notMarked}; null when it was, or was not to be);
     * {@code queued}: the server could not be reached, and the mark was made in the store and queued (else null).
     */
    public record Read(Args args, MessageRef ref, byte[] raw, RenderedMessage message, List<String> links,
            PosternException notMarked, Queued queued) implements Result {
        public Read(Args args, MessageRef ref, byte[] raw, RenderedMessage message, List<String> links, PosternException notMarked) {
            this(args, ref, raw, message, links, notMarked, null);
        }

        /** One sentence: what was read, as the reader shows it. */
        @Override
        public String text() {
            String which = "message " + args.uid() + " of " + args.folder();
            if (raw != null) return Sanitizer.oneLine(which + ": " + raw.length + " bytes");
            if (args.links()) return Sanitizer.oneLine(which + ": " + links.size() + " link(s)");
            String subject = header("Subject");
            String from = header("From");
            String said = which + ": " + (from == null ? "" : "from " + from + ", ") + (subject == null ? "(no subject)" : subject)
                    + (message.parts().isEmpty() ? "" : ", " + message.parts().size() + " attachment(s)");
            if (queued != null) said += "; marked read here, queued for the server (" + queued.pending() + " pending)";
            return Sanitizer.oneLine(notMarked == null ? said : said + "; not marked read: " + notMarked.getMessage());
        }

        private String header(String name) {
            return message.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(RenderedMessage.Header::value)
                    .findFirst().orElse(null);
        }
    }

    static final Option RAW = Option.flagSwitch("--raw");
    /** The batch door's: with --raw, write the bytes even to a terminal (a door without a terminal ignores it). */
    static final Option FORCE = Option.flagSwitch("--force");
    static final Option LINKS = Option.flagSwitch("--links");
    static final Option PREVIEW = Option.flagSwitch("--preview");

    @Override public String name() { return "read"; }

    @Override public String summary() { return "Print a message as text: headers, body, attachments with sizes"; }

    @Override public List<Option> options() { return List.of(RAW, FORCE, LINKS, PREVIEW); }

    @Override public List<String> operands() { return List.of("[FOLDER] UID"); }

    @Override public boolean takesMessages() { return false; }

    @Override public boolean namesItsMessage() { return true; }

    @Override public String doing() { return "read messages"; }

    /** The one message the reader supplied to {@code command}, which acts on one (not the tagged ones after ';'). */
    static long shown(String command, Messages targets) {
        if (targets.uids().size() != 1) {
            throw Words.usage(command + " acts on one message, not " + targets.uids().size() + " tagged ones; leave out the ';'.");
        }
        return targets.uids().first();
    }

    /** One UID as the command line takes it: a positive whole number, else one sentence (64). */
    public static long uid(String text) {
        try {
            long uid = Long.parseLong(text);
            if (uid <= 0) throw new NumberFormatException();
            return uid;
        } catch (NumberFormatException e) {
            throw new PosternException(ExitCode.USAGE, "'" + Sanitizer.oneLine(text) + "' is not a UID; `postern list` shows them.");
        }
    }

    @Override
    public Args arguments(Words words, Messages targets) {
        List<String> p = words.positionals();
        if (p.isEmpty() && targets != null) { // the reader's: the message shown or under the cursor
            return new Args(targets.account(), targets.folder(), shown("read", targets), words.has(RAW.name()),
                    words.has(LINKS.name()), words.has(PREVIEW.name()), targets.uidValidity());
        }
        if (p.isEmpty()) throw Words.usage("read: name the message: read [FOLDER] UID.");
        if (p.size() > 2) throw Words.usage("read takes a folder and one UID, one message a run; quote a folder name with spaces.");
        return new Args(words.accountOrDefault(), p.size() == 2 ? p.get(0) : null, uid(p.get(p.size() - 1)), words.has(RAW.name()),
                words.has(LINKS.name()), words.has(PREVIEW.name()));
    }

    @Override
    public CompletableFuture<Read> run(MailController c, Args a) {
        String account = a.account() != null ? a.account() : c.accounts().get(0);
        CompletableFuture<Read> noFolder = MaildropFolders.refused(c, account, a.folder());
        if (noFolder != null) return noFolder;
        // Cancelling it (Ctrl-C, a served read's client gone) cuts off the body's download on the account's thread:
        // the store keeps no half body, and the account's next command does not wait behind it.
        JobFuture<Read> reading = new JobFuture<>(c);
        return reading.completing(c.locate(account, a.folder(), a.uidValidity(), a.uid()).thenCompose(ref -> {
            if (a.raw()) return reading.follow(c.raw(ref)).thenApply(bytes -> new Read(a, ref, bytes, null, List.of(), null));
            return reading.follow(c.read(ref)).thenCompose(m -> {
                List<String> links = a.links() ? MessageLinks.of(m) : List.of();
                if (a.preview()) return CompletableFuture.completedFuture(new Read(a, ref, null, m, links, null));
                return c.markSeen(ref).handle((queued, failed) -> new Read(a, ref, null, m, links, failed == null ? null : marking(failed),
                        Boolean.TRUE.equals(queued) ? Queued.of(c, ref.account()) : null));
            });
        }));
    }

    /** The sentence of a failure to mark the message read: it was read all the same. */
    private static PosternException marking(Throwable failed) {
        Throwable t = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
        if (t instanceof PosternException p) return p;
        throw new CompletionException(t); // not the server's refusal: a fault of ours, reported as such
    }
}
