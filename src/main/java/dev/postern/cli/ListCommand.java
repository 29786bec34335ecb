package dev.postern.cli;

import dev.postern.command.Commands;
import dev.postern.render.Sizes;
import dev.postern.controller.MailController;
import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import dev.postern.ui.Cells;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = {"List a folder header-only, newest first.",
        "Refreshes the store from the server first (headers, flags, sizes; never bodies).",
        "\"All Inboxes\" (with unified_inbox in the config) merges those accounts' INBOX; each row names its account."})
/** {@code postern list}: the argv adapter over {@link Commands#LIST}; prints its rows (columns or --json). */
final class ListCommand implements Callable<Integer> {
    /**
     * Made when the first row is printed, not when picocli makes this command: the local zone's first look-up
     * reads the shaded jar's directory, which app/Main starts on another thread at start-up (zoneInBackground).
     */
    private static final class HumanDate {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
        /** The last served client's zone and its formatter: a served command's rows share one. */
        private static volatile DateTimeFormatter served = FORMAT;

        /** The format in the zone of the command on this thread (a served client's: model/Zones). */
        static DateTimeFormatter now() {
            ZoneId z = dev.postern.model.Zones.zone();
            if (z.equals(FORMAT.getZone())) return FORMAT;
            DateTimeFormatter f = served;
            if (!z.equals(f.getZone())) served = f = FORMAT.withZone(z);
            return f;
        }
    }

    @ParentCommand PosternCommand root;

    @Parameters(arity = "0..1", paramLabel = "FOLDER", defaultValue = "INBOX", description = "Folder (default: INBOX).")
    String folder;

    @Option(names = "--limit", paramLabel = "N", description = "Only the newest N messages.")
    Integer limit;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--cached", description = "Do not contact the server; print what the store has. A folder it "
            + "has nothing of is explained on stderr: never synced (exit 0), no such folder (66), folders never listed (0).")
    boolean cached;

    @Option(names = "--threads", description = {"Group into threads (References/In-Reply-To, then subject), the thread "
            + "with the newest message first; replies indented under their parent as in the reader.",
            "Replies to a message not in the folder are siblings marked ,*> |*> `*> (inside a thread: under the "
            + "nearest ancestor, |*> `*>).",
            "With --json each message has `thread` (UID of the thread's first row), `depth` (0 for a thread's first "
            + "message) and `parent_missing` (true on a message whose parent is not in the folder; replies to the same "
            + "missing message are all at depth 1)."})
    boolean threads;

    @Override
    public Integer call() {
        return list(root, root.out(), root.err(), folder, limit, json, cached, threads);
    }

    /**
     * Lists {@code folder} as {@code postern list} does, printing to {@code out} and {@code err}: picocli's door
     * ({@link #call}) and {@link CachedList}'s, which reads a plain {@code list --cached} line without picocli.
     */
    static int list(PosternCommand root, PrintWriter out, PrintWriter err, String folder, Integer limit, boolean json,
            boolean cached, boolean threads) {
        new dev.postern.command.ListCommand.Args(null, folder, limit, cached, threads); // a usage error before anything opens
        MailController c = root.controller();
        if (!c.isAllInboxes(folder)) folder = FolderSpelling.of(root, root.account(), folder);
        dev.postern.command.ListCommand.Listed l = Futures.await(Commands.LIST.run(c, new dev.postern.command.ListCommand.Args(
                c.isAllInboxes(folder) ? null : root.account(), folder, limit, cached, threads)));
        dev.postern.model.StartupTrace.mark("list: rows read");
        return print(l, out, err, json, threads, root.outColumns(), l.allInboxes() ? c.unifiedInbox() : java.util.List.of());
    }

    /**
     * Prints {@code l} as {@code list} does ({@code columns} wide, 0 for unlimited; {@code unified}: the accounts of
     * "All Inboxes" when it is that) and returns the exit code: the rows read through the controller, or the listing
     * kept beside the store ({@link CachedList}).
     */
    static int print(dev.postern.command.ListCommand.Listed l, PrintWriter out, PrintWriter err, boolean json, boolean threads,
            int columns, java.util.List<String> unified) {
        PosternException failure = l.refreshFailure();
        if (failure != null) {
            err.println("postern: " + Sanitizer.sentence(failure.getMessage()) + " Showing the cached list.");
            err.flush();
        }
        // As fetch says them: a POP3 message the refresh could not download is not listed, and the exit stays 0.
        for (String e : l.messageErrors()) err.println("postern: " + Sanitizer.diagnostic(e));
        err.flush();
        String why = l.explanation();
        if (why != null) {
            // --cached and a folder the store holds nothing of: explained on stderr, not an empty list and exit 0.
            err.println("postern: " + why);
            err.flush();
            if (l.missing()) return ExitCode.NOINPUT.code();
        }
        if (json) {
            printJson(out, l, threads);
            return failure == null ? 0 : failure.exitCode().code();
        }
        int accountWidth = 0;
        if (l.allInboxes()) for (String a : unified) accountWidth = Math.max(accountWidth, Cells.width(Sanitizer.oneLine(a)));
        accountWidth = Math.min(accountWidth, 16);
        Rows rows = new Rows(out, columns);
        for (dev.postern.command.ListCommand.Row row : l.rows()) {
            Envelope e = row.envelope();
            String line = line(e, row.localOnly(), row.prefix());
            rows.println(l.allInboxes() ? Cells.fit(Sanitizer.oneLine(e.ref().account()), accountWidth) + " " + line : line);
        }
        out.flush();
        dev.postern.model.StartupTrace.mark("list: printed");
        return failure == null ? 0 : failure.exitCode().code();
    }

    /**
     * The rows as JSON, one object a line ({@code Json.write} of {@link #jsonOf} and, with {@code --threads}, its
     * thread fields), written straight (no map per row) and in blocks of about 64 KB: printed a row at a time, a
     * 20k listing flushed stdout 20,000 times.
     */
    static void printJson(PrintWriter out, dev.postern.command.ListCommand.Listed l, boolean threads) {
        String eol = System.lineSeparator();
        StringBuilder block = new StringBuilder((1 << 16) + 1024);
        char[] chars = new char[block.capacity()];
        for (dev.postern.command.ListCommand.Row row : l.rows()) {
            appendJson(block, row.envelope(), row.localOnly());
            if (threads) {
                block.setLength(block.length() - 1); // the object goes on
                block.append(",\"thread\":").append(row.thread().uid());
                if (l.allInboxes()) {
                    block.append(",\"thread_account\":");
                    dev.postern.model.JsonWriter.appendString(block, row.thread().account());
                }
                block.append(",\"depth\":").append(depth(row.prefix()));
                block.append(",\"parent_missing\":").append(row.parentMissing()).append('}');
            }
            block.append(eol);
            if (block.length() >= 1 << 16) chars = writeBlock(out, block, chars);
        }
        writeBlock(out, block, chars);
        out.flush();
    }

    /**
     * Writes {@code block} to {@code out} through {@code chars} (returned, grown if it had to be) and empties it: not as
     * a String, which a block holding one character past Latin-1 (a name in Greek, say) made by a failed compression
     * and a copy of the whole block, 20 times in a 20k listing. {@code write}, unlike println, does not flush an
     * autoflush writer.
     */
    private static char[] writeBlock(PrintWriter out, StringBuilder block, char[] chars) {
        int n = block.length();
        if (chars.length < n) chars = new char[n];
        block.getChars(0, n, chars, 0);
        out.write(chars, 0, n);
        block.setLength(0);
        return chars;
    }

    /** {@code Json.write(jsonOf(e, localOnly))}, appended straight to {@code sb} (no map per row). */
    static void appendJson(StringBuilder sb, Envelope e, boolean localOnly) {
        sb.append("{\"account\":");
        dev.postern.model.JsonWriter.appendString(sb, e.ref().account());
        sb.append(",\"folder\":");
        dev.postern.model.JsonWriter.appendString(sb, e.ref().folder());
        sb.append(",\"uid\":").append(e.ref().uid()).append(",\"message_id\":");
        dev.postern.model.JsonWriter.appendString(sb, e.messageId());
        sb.append(",\"date\":");
        dev.postern.model.JsonWriter.appendString(sb, jsonDate(e.date()));
        sb.append(",\"from\":");
        dev.postern.model.JsonWriter.appendString(sb, e.from());
        sb.append(",\"subject\":");
        dev.postern.model.JsonWriter.appendString(sb, e.subject());
        sb.append(",\"size\":").append(e.size()).append(",\"flags\":[");
        boolean first = true;
        for (String label : e.flags().labels()) {
            if (!first) sb.append(',');
            first = false;
            dev.postern.model.JsonWriter.appendString(sb, label);
        }
        sb.append("],\"cached\":").append(e.cached()).append(",\"local_only\":").append(localOnly).append('}');
    }

    /**
     * How deep a row sits: 0 for a thread's first message; each level of the ASCII tree is 2 columns plus a 3-column
     * arrow. The replies to a message not in the folder are at depth 1, as siblings under its place (the row's
     * parent_missing says so, from the threads, not from the drawing).
     */
    static int depth(String prefix) {
        return prefix.isEmpty() ? 0 : (prefix.length() - 3) / 2 + 1;
    }

    static Map<String, Object> jsonOf(Envelope e) {
        return jsonOf(e, false);
    }

    /** {@code local_only}: retention deleted the server copy and the store keeps the one copy left. */
    static Map<String, Object> jsonOf(Envelope e, boolean localOnly) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("account", e.ref().account());
        o.put("folder", e.ref().folder());
        o.put("uid", e.ref().uid());
        o.put("message_id", e.messageId());
        o.put("date", jsonDate(e.date()));
        o.put("from", e.from());
        o.put("subject", e.subject());
        o.put("size", e.size());
        o.put("flags", e.flags().labels());
        o.put("cached", e.cached());
        o.put("local_only", localOnly);
        return o;
    }

    static String line(Envelope e) {
        return line(e, false);
    }

    /** N unread, ! flagged, r answered, L kept locally only (its server copy deleted by retention). */
    static String line(Envelope e, boolean localOnly) {
        return line(e, localOnly, "");
    }

    /** @param treePrefix the thread tree drawn before the subject ("" when flat) */
    static String line(Envelope e, boolean localOnly, String treePrefix) {
        String flags = (e.flags().has(Flag.SEEN) ? " " : "N") + (e.flags().has(Flag.FLAGGED) ? "!" : " ")
                + (e.flags().has(Flag.ANSWERED) ? "r" : " ") + (localOnly ? "L" : " ");
        String date = e.date() == null ? "????-??-?? ??:??" : HumanDate.now().format(e.date());
        // As String.format("%7d %s %s %s %s (%s)") did, without the Formatter (its locale look-up was a tenth of a
        // short `list`); the number is in ASCII digits whatever the locale. Columns, not chars: a CJK name is twice
        // as wide as its length.
        String uid = Long.toString(e.ref().uid());
        StringBuilder sb = new StringBuilder(120);
        for (int i = uid.length(); i < 7; i++) sb.append(' ');
        return sb.append(uid).append(' ').append(flags).append(' ').append(date).append(' ')
                .append(Cells.fit(Sanitizer.oneLine(e.from()), 24)).append(' ').append(treePrefix)
                .append(Sanitizer.oneLine(e.subject())).append(" (").append(Sizes.human(e.size())).append(')').toString();
    }

    /**
     * A date as JSON gives it: UTC to the second, as a Date header has it; a POP3 message with no usable Date stored
     * its fetch time with nanoseconds before (hunt 33-Z, Z18).
     */
    static String jsonDate(java.time.Instant date) {
        return date == null ? null : date.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
