package dev.postern.ui;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import dev.postern.render.Sanitizer;
import dev.postern.thread.IndexOrder;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The text of one index row ({@code index_format}): flags (with the local-only and tagged marks), date,
 * sender, the thread tree before the subject, size, and the account in "All Inboxes". Pure formatting of
 * what {@link IndexView} has in its snapshot; never reads the store.
 */
final class IndexRows {
    private final Formats formats;
    /** The messages whose only copy is local (the server's was deleted): an L in the flags. Owned by the index. */
    private final Set<MessageRef> localOnly;
    private Predicate<MessageRef> tagged = r -> false;

    IndexRows(Formats formats, Set<MessageRef> localOnly) {
        this.formats = formats;
        this.localOnly = localOnly;
    }

    /** Which messages to mark as tagged (a T in the flags' own fifth column, as mutt has one for it). */
    void tagsFrom(Predicate<MessageRef> tagged) { this.tagged = tagged; }

    /** A row as drawn: with the account in front in the merged inbox, and the tag mark. */
    String line(Envelope e, IndexOrder.Row tree, int width, boolean unified) {
        String line = unified ? rowWithAccount(e, tree, width) : row(e, tree, width);
        return tagged.test(e.ref()) && !format.hasFlags() ? tagMark(line) : line;
    }

    String row(Envelope e, int width) { return row(e, null, width); }

    private IndexFormat format = IndexFormat.parse(IndexFormat.DEFAULT);

    /** The columns of a row ({@code index_format}). */
    void format(IndexFormat f) { this.format = f; }

    /** A field's usual columns in a row of {@code width}: the sender gets a fifth (8 to 20), the date its format's. */
    private int usualWidth(char code, int width) {
        return switch (code) {
            case 'Z' -> 5;
            case 'D' -> formats.dateWidth();
            case 'F' -> Math.max(8, Math.min(20, width / 5));
            case 'c' -> 5;
            case 'a' -> Math.min(10, Math.max(4, width / 8));
            default -> 10;
        };
    }

    /**
     * One row in {@code width} columns, as the index format says (by default: flags date from subject size).
     * With a thread row, the subject has the tree drawn before it (at most half the subject's columns, the
     * deepest end kept), and a collapsed thread shows "(messages, unread new)" and N when any of it is unread.
     */
    String row(Envelope e, IndexOrder.Row tree, int width) {
        String flags = flagColumn(e);
        if (tree != null && tree.collapsedUnread() > 0) flags = "N" + flags.substring(1);
        if (localOnly.contains(e.ref())) flags = flags.substring(0, 3) + "L"; // kept locally only: server copy deleted
        flags += tagged.test(e.ref()) ? "T" : " "; // the tag mark's own column, not the space before the date (G5)
        // line(), not oneLine(): a CR inside a decoded subject is suspicious and should be seen as ^M.
        // Only what the row can show is sanitised: the UI thread draws it at every frame (hunt 34-E4).
        String subject = Sanitizer.line(Cells.head(e.subject(), width));
        if (width < 40) {
            return Cells.fit(flags + " " + threadDecoration(tree, width / 2) + subject, width);
        }
        StringBuilder out = new StringBuilder();
        for (IndexFormat.Slot slot : format.layout(width, code -> usualWidth((char) code, width))) {
            IndexFormat.Piece p = slot.piece();
            int cols = slot.columns();
            if (p.code() == 0) {
                out.append(Cells.truncate(p.text(), cols));
                continue;
            }
            String value = switch (p.code()) {
                case 'Z' -> flags;
                case 'D' -> formats.date(e.date());
                case 'F' -> Sanitizer.line(Cells.head(Formats.fromName(e.from()), cols));
                case 's' -> threadDecoration(tree, cols) + subject;
                case 'c' -> Formats.size(e.size());
                case 'a' -> Sanitizer.oneLine(e.ref().account());
                default -> "";
            };
            out.append(p.right() ? Cells.fitRight(value, cols) : Cells.fit(value, cols));
        }
        return Cells.fit(out.toString(), width);
    }

    private static String threadDecoration(IndexOrder.Row tree, int subjectWidth) {
        if (tree == null) return "";
        String prefix = tree.prefix();
        int max = Math.max(4, subjectWidth / 2);
        if (prefix.length() > max) prefix = prefix.substring(prefix.length() - max); // glyphs are one column each
        if (tree.collapsed()) {
            prefix += "(" + tree.collapsedMessages() + (tree.collapsedUnread() > 0 ? ", " + tree.collapsedUnread() + " new" : "") + ") ";
        }
        return prefix;
    }

    /**
     * The window's first row once threads are arranged around the cursor's message: its thread's first row when that
     * is above {@code top} and the thread down to the cursor fits in {@code rows}, so turning threads on (T) on a
     * reply shows the message it answers, not "└─>" at the top with its root out of sight (hunt 32-V, G6).
     */
    static int rootInSight(IndexOrder.Rows rows, int selected, int top, int windowRows) {
        if (rows == null || selected < 0 || selected >= rows.size() || windowRows <= 0) return top;
        int first = rows.firstOfThread(rows.thread(selected));
        return first >= 0 && first < top && selected - first < windowRows ? first : top;
    }

    /** A tagged row of a format without the flags ({@code %Z}): T in the row's first column. */
    private String tagMark(String line) {
        if (line.isEmpty()) return line;
        return "T" + line.substring(Character.charCount(line.codePointAt(0)));
    }

    /** In "All Inboxes": the row's own account in front, so a merged list says where each message lives. */
    String rowWithAccount(Envelope e, IndexOrder.Row tree, int width) {
        if (width < 40) return row(e, tree, width);
        int accountWidth = Math.min(10, width / 8);
        return Cells.fit(Sanitizer.oneLine(e.ref().account()), accountWidth) + " " + row(e, tree, width - accountWidth - 1);
    }

    /** N unread, ! flagged, D deleted (else A answered), * body cached offline (L: the only copy, kept locally). */
    static String flagColumn(Envelope e) {
        Flags f = e.flags();
        char unread = f.has(Flag.SEEN) ? ' ' : 'N';
        char flagged = f.has(Flag.FLAGGED) ? '!' : ' ';
        char state = f.has(Flag.DELETED) ? 'D' : f.has(Flag.ANSWERED) ? 'A' : ' ';
        char cached = e.cached() ? '*' : ' ';
        return "" + unread + flagged + state + cached;
    }
}
