package dev.postern.backup;

import dev.postern.model.Flag;
import dev.postern.model.Flags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mboxrd: each message starts with a {@code From } line carrying an asctime date; a line of the message (its header
 * block too) that matches {@code >*From } gets one more {@code >} on writing and loses one on reading, so quoting is
 * reversible, and no line but a message's first in the file starts with {@code From }. Flags travel in {@code Status} (R seen, O old) and {@code X-Status} (A answered, F flagged,
 * T draft, D deleted), the headers mutt and Dovecot read and write; import takes the flags from them and
 * removes them. A message's own Status or X-Status header is written as {@code X-Postern-Own-Status} (one
 * more {@code X-Postern-Own-} before a name that has some already) and import takes one off, so it comes back.
 * What mboxrd cannot carry: whether a message ended without a line end (import ends it with CRLF), and
 * the line ends themselves (written LF, read back CRLF, as IMAP holds them).
 */
final class MboxFormat {
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);
    private static final DateTimeFormatter ASCTIME_NO_WEEKDAY = DateTimeFormatter.ofPattern("MMM d HH:mm:ss uuuu", Locale.ROOT)
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final Pattern FROM_LINE = Pattern.compile(
            "From (\\S+) +((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2} \\d{2}:\\d{2}:\\d{2} \\d{4})(?: .*)?");

    private MboxFormat() {}

    /** Writes one message (any line ends; written with LF). */
    static void write(OutputStream out, byte[] raw, Flags flags, Instant date) throws IOException {
        Instant when = date == null ? Instant.EPOCH : date;
        String from = "From MAILER-DAEMON " + ASCTIME.format(LocalDateTime.ofInstant(when, ZoneOffset.UTC)) + "\n";
        out.write(from.getBytes(StandardCharsets.US_ASCII));
        byte[] lf = LineEnds.toLf(raw);
        List<byte[]> lines = lines(lf);
        // A message with bare CRs (old Mac line ends, or mixed) has no LF-blank line where the reader sees its header
        // end: the Status lines went into or after its body, and import gave them back as text and lost the flags
        // (hunt35-E E9). Its flags go first instead, right after the From line, where every reader takes them.
        boolean statusFirst = indexOf(lf, (byte) '\r') >= 0;
        if (statusFirst) writeStatus(out, flags);
        boolean inHeader = true;
        for (byte[] line : lines) {
            if (inHeader) {
                // Blank as import reads it back: it takes one CR off the end of a line (a line of one CR, from a
                // message's "\r\r\r\n", ended the header there, after which this writer's Status was body text).
                if (line.length == 0 || line.length == 1 && line[0] == '\r') {
                    if (!statusFirst) writeStatus(out, flags);
                    inHeader = false;
                } else if (isFlagHeader(line, 0) || isOwnFlagHeader(line)) {
                    out.write(OWN); // the message's own: kept under a name of ours, so ours cannot be taken for it
                }
            }
            // Every line of the message, its header block too: a From line there (a hostile or broken message, one that
            // kept its delivery's From line) split the message for every reader that takes any From line for the next
            // message's (Python's mailbox, mboxo readers).
            if (isQuotedFrom(line)) out.write('>');
            out.write(line);
            out.write('\n');
        }
        if (inHeader && !statusFirst) writeStatus(out, flags); // no body: no blank line of its own, and import adds none
        out.write('\n'); // the blank line that separates messages
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }

    private static void writeStatus(OutputStream out, Flags flags) throws IOException {
        String status = (flags.has(Flag.SEEN) ? "R" : "") + "O";
        String x = (flags.has(Flag.ANSWERED) ? "A" : "") + (flags.has(Flag.FLAGGED) ? "F" : "")
                + (flags.has(Flag.DRAFT) ? "T" : "") + (flags.has(Flag.DELETED) ? "D" : "");
        out.write(("Status: " + status + "\n").getBytes(StandardCharsets.US_ASCII));
        if (!x.isEmpty()) out.write(("X-Status: " + x + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** A parsed mbox: the messages and, for each part that was not a message, why. */
    record Parsed(List<ArchivedMessage> messages, List<String> skipped) {}

    static Parsed read(byte[] file, String name) {
        List<ArchivedMessage> messages = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            stream(new java.io.ByteArrayInputStream(file), name, messages::add, skipped);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return new Parsed(messages, skipped);
    }

    /**
     * Reads an mbox message by message: only the message being read is in memory, so an archive of any
     * size imports with a small heap. Each message goes to {@code sink} as soon as its end is seen; what is
     * not a message is added to {@code skipped} as "name:line: why".
     */
    static void stream(java.io.InputStream in, String name, java.util.function.Consumer<ArchivedMessage> sink,
            List<String> skipped) throws IOException {
        LineReader reader = new LineReader(in);
        List<byte[]> current = null; // the lines of the message being read, its From line first
        int currentStart = 0;
        boolean textBefore = false;
        boolean previousBlank = true;
        int lineNo = 0;
        for (byte[] line = reader.next(); line != null; line = reader.next()) {
            lineNo++;
            boolean separator = previousBlank && startsWith(line, "From ");
            previousBlank = line.length == 0;
            if (separator) {
                if (current != null) finish(current, currentStart, name, sink, skipped);
                else if (textBefore) skipped.add(name + ":1: text before the first From line");
                current = new ArrayList<>();
                currentStart = lineNo;
            } else if (current == null) {
                if (!new String(line, StandardCharsets.ISO_8859_1).isBlank()) textBefore = true;
                continue;
            }
            current.add(line);
        }
        if (current != null) finish(current, currentStart, name, sink, skipped);
        else if (textBefore) skipped.add(name + ":1: text before the first From line");
    }

    /** Byte lines without their LF (and a CR before it), one at a time; null at the end. */
    private static final class LineReader {
        private final java.io.InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int len;

        LineReader(java.io.InputStream in) {
            this.in = in;
        }

        byte[] next() throws IOException {
            ByteArrayOutputStream line = null;
            while (true) {
                if (pos == len) {
                    len = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        if (line == null || line.size() == 0) return null;
                        return line.toByteArray();
                    }
                }
                int start = pos;
                while (pos < len && buf[pos] != '\n') pos++;
                if (line == null) line = new ByteArrayOutputStream(Math.max(16, pos - start));
                line.write(buf, start, pos - start);
                if (pos < len) {
                    pos++; // the LF
                    byte[] b = line.toByteArray();
                    return b.length > 0 && b[b.length - 1] == '\r' ? java.util.Arrays.copyOf(b, b.length - 1) : b;
                }
            }
        }
    }

    private static void finish(List<byte[]> lines, int startLine, String name, java.util.function.Consumer<ArchivedMessage> sink,
            List<String> skipped) {
        String fromLine = new String(lines.get(0), StandardCharsets.ISO_8859_1);
        String where = name + ":" + startLine;
        Matcher m = FROM_LINE.matcher(fromLine.stripTrailing());
        if (!m.matches()) {
            skipped.add(where + ": broken From line");
            return;
        }
        Instant date = fromLineDate(m.group(2));
        int last = lines.size(); // drop the blank separator line before the next From line
        if (last > 1 && lines.get(last - 1).length == 0) last--;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        boolean inHeader = true;
        boolean dropping = false; // the continuation lines of a flag header dropped
        for (int i = 1; i < last; i++) {
            byte[] line = lines.get(i);
            boolean quoted = line.length > 0 && line[0] == '>' && isQuotedFrom(line);
            if (quoted) line = java.util.Arrays.copyOfRange(line, 1, line.length); // in the header block too, as written
            if (inHeader) {
                if (dropping && line.length > 0 && (line[0] == ' ' || line[0] == '\t')) continue;
                dropping = false;
                if (quoted) {
                    // a From line, not a header field: written as it was
                } else if (line.length == 0) {
                    inHeader = false;
                } else if (isOwnFlagHeader(line)) {
                    line = java.util.Arrays.copyOfRange(line, OWN.length, line.length);
                } else if (isHeader(line, "status")) {
                    dropping = true;
                    if (value(line).contains("R")) flags.add(Flag.SEEN);
                    continue;
                } else if (isHeader(line, "x-status")) {
                    dropping = true;
                    String v = value(line);
                    if (v.contains("A")) flags.add(Flag.ANSWERED);
                    if (v.contains("F")) flags.add(Flag.FLAGGED);
                    if (v.contains("T")) flags.add(Flag.DRAFT);
                    if (v.contains("D")) flags.add(Flag.DELETED);
                    continue;
                }
            }
            body.write(line, 0, line.length);
            body.write('\r');
            body.write('\n');
        }
        byte[] raw = body.toByteArray();
        // After a From line, what follows is a message, as mutt and Dovecot read an mbox: one whose first line is no
        // header field (a server holds such, and export writes them) comes back as it went out. Only what IMAP cannot
        // carry (nothing at all, a NUL byte) is left out, and said.
        String notMail = LineEnds.notMail(raw);
        if (notMail != null && !notMail.startsWith("does not start")) {
            skipped.add(where + ": the message after the From line " + notMail);
            return;
        }
        sink.accept(new ArchivedMessage(raw, new Flags(flags, Set.of()), date, where));
    }

    /**
     * The date of a From line ({@code Mon Dec  6 10:00:00 2026}), read as UTC; the weekday is not checked (a writer that
     * got it wrong still wrote the date), and a date that is none (Feb 30) gives null: the server dates the message.
     * Neither is a reason to leave the message out.
     */
    static Instant fromLineDate(String asctime) {
        String dated = asctime.replaceAll(" +", " ").substring(4); // past "Mon "
        try {
            return LocalDateTime.parse(dated, ASCTIME_NO_WEEKDAY).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Lines without their LF (and without a CR before it). */
    static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                int e = i > s && b[i - 1] == '\r' ? i - 1 : i;
                out.add(java.util.Arrays.copyOfRange(b, s, e));
                s = i + 1;
            }
        }
        if (s < b.length) out.add(java.util.Arrays.copyOfRange(b, s, b.length));
        return out;
    }

    private static boolean isQuotedFrom(byte[] line) {
        int i = 0;
        while (i < line.length && line[i] == '>') i++;
        return startsWithAt(line, i, "From ");
    }

    private static boolean startsWith(byte[] line, String prefix) {
        return startsWithAt(line, 0, prefix);
    }

    private static boolean startsWithAt(byte[] line, int at, String prefix) {
        if (line.length - at < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (line[at + i] != prefix.charAt(i)) return false;
        return true;
    }

    /** What a message's own Status or X-Status header is written under; import takes it off again. */
    private static final byte[] OWN = "X-Postern-Own-".getBytes(StandardCharsets.US_ASCII);

    /**
     * A Status or X-Status header after {@code at}, with any number of {@link #OWN} before it (as {@code >} before
     * {@code From } in mboxrd: each is added on writing and one taken off on reading, so every name comes back).
     */
    private static boolean isFlagHeader(byte[] line, int at) {
        int i = at;
        while (startsWithIgnoreCase(line, i, OWN)) i += OWN.length;
        if (startsWithIgnoreCase(line, i, "X-".getBytes(StandardCharsets.US_ASCII))) i += 2;
        return startsWithIgnoreCase(line, i, "Status:".getBytes(StandardCharsets.US_ASCII));
    }

    /** A message's own Status or X-Status header as written: {@link #OWN} before it. */
    private static boolean isOwnFlagHeader(byte[] line) {
        return startsWithIgnoreCase(line, 0, OWN) && isFlagHeader(line, OWN.length);
    }

    private static boolean startsWithIgnoreCase(byte[] line, int at, byte[] prefix) {
        if (line.length - at < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (lower(line[at + i]) != lower(prefix[i])) return false;
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static boolean isHeader(byte[] line, String name) {
        if (line.length <= name.length() || line[name.length()] != ':') return false;
        return new String(line, 0, name.length(), StandardCharsets.ISO_8859_1).equalsIgnoreCase(name);
    }

    private static String value(byte[] line) {
        String s = new String(line, StandardCharsets.ISO_8859_1);
        return s.substring(s.indexOf(':') + 1).trim();
    }
}
