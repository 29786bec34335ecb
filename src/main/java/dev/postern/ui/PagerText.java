package dev.postern.ui;

import dev.postern.render.Protection;
import dev.postern.render.RenderedMessage;
import dev.postern.render.StatusImitation;
import dev.postern.model.Part;
import dev.postern.render.Sanitizer;
import dev.postern.ui.PagerView.Line;
import java.util.function.Consumer;

/**
 * A message's rows at a width, as the pager shows them: headers, the body's lines (quotes and the links
 * heading in their roles) wrapped at word boundaries with quote marks kept on every row, and the attachment
 * list. Pure and linear in the text's length; {@link PagerView}'s layout thread runs it.
 */
final class PagerText {
    private PagerText() {}

    /** A quoted line at any depth ("> x", ">> x", "> > x"), also when indented. */
    static boolean quoted(String line) {
        return line.stripLeading().startsWith(">");
    }

    static String attachment(Part p) {
        String name = p.filename() == null || p.filename().isBlank() ? "(no name)" : Sanitizer.oneLine(p.filename());
        return "[" + p.index() + "] " + name + "  " + Sanitizer.oneLine(p.contentType()) + "  "
                + Formats.size(p.size()) + (p.fetched() ? "" : "  (not downloaded)");
    }

    /**
     * "Loading 4.2 of 20.0 MB…" ({@code done} of {@code total} bytes; KB below a megabyte), or "Loading… 4.2 MB so far"
     * when the size is not known.
     */
    static String loading(long done, long total) {
        if (total <= 0) return "Loading… " + amount(done, done >= MB) + (done >= MB ? " MB" : " KB") + " so far";
        boolean mb = total >= MB;
        return "Loading " + amount(Math.min(done, total), mb) + " of " + amount(total, mb) + (mb ? " MB…" : " KB…");
    }

    private static final long MB = 1024 * 1024;

    private static String amount(long bytes, boolean mb) {
        return mb ? String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) MB) : Long.toString((bytes + 1023) / 1024);
    }

    /** Every row of {@code s} at {@code width}, in order, to {@code out}. */
    static void rows(PagerView.Source s, int width, Consumer<Line> out) {
        if (s.message() == null) {
            if (s.envelope() != null) {
                wrap(out, "From: " + Sanitizer.oneLine(s.envelope().from()), width, Palette.PAGER_HEADER);
                wrap(out, "Subject: " + Sanitizer.oneLine(s.envelope().subject()), width, Palette.PAGER_HEADER);
                out.accept(new Line("", Palette.NORMAL));
            }
            out.accept(new Line(s.error() != null ? "This message could not be loaded." : s.progress() != null ? s.progress()
                    : "Loading…", Palette.NORMAL));
            return;
        }
        RenderedMessage m = s.message();
        for (RenderedMessage.Header h : s.headers()) {
            wrap(out, Sanitizer.oneLine(h.name()) + ": " + Sanitizer.oneLine(h.value()), width, Palette.PAGER_HEADER);
        }
        out.accept(new Line("", Palette.NORMAL));
        // Body text is sanitised by the renderer; each line is sanitised again as the line it is (idempotent),
        // split at CR LF, CR or LF as Sanitizer.text would.
        // The renderer ends the body with the message's links ("Links:", then "[1] url"...), so that batch
        // `read`, replies and forwards carry the list their [n] marks refer to; the pager shows that list as
        // it is (its heading styled as one) rather than listing the links a second time.
        String body = m.body();
        int linksAt = linksHeading(body, m.links().size());
        int n = body.length();
        int start = 0;
        while (true) {
            int end = start;
            while (end < n && body.charAt(end) != '\n' && body.charAt(end) != '\r') end++;
            String l = Sanitizer.line(body.substring(start, end));
            wrap(out, l, width, start == linksAt ? Palette.PAGER_HEADER : l.startsWith(Protection.PREFIX) ? Palette.PAGER_POSTERN
                    : quoted(l) ? Palette.PAGER_QUOTE : Palette.NORMAL);
            if (end >= n) break;
            start = end + (body.charAt(end) == '\r' && end + 1 < n && body.charAt(end + 1) == '\n' ? 2 : 1);
        }
        if (!m.parts().isEmpty()) {
            out.accept(new Line("", Palette.NORMAL));
            out.accept(new Line("Attachments:", Palette.PAGER_HEADER));
            for (Part p : m.parts()) wrap(out, attachment(p), width, Palette.NORMAL);
        }
    }

    /** Where the renderer's "Links:" line starts in {@code body}, or -1 when the message has no links. */
    static int linksHeading(String body, int links) {
        if (links == 0) return -1;
        int at = body.lastIndexOf("Links:\n[1] ");
        return at == 0 || (at > 0 && body.charAt(at - 1) == '\n') ? at : -1;
    }

    /**
     * Wrap by display width at word boundaries: a long line continues on the next row after its last space
     * that fits, never in the middle of a word; only a word wider than the whole row (a long URL) is broken.
     * Each row is measured on its own and the space is looked for within that row only, so a line of n chars
     * costs O(n), however long.
     */
    static void wrap(Consumer<Line> out, String text, int width, String role) {
        int n = text.length();
        if (width <= 0 || n == 0) {
            out.accept(new Line(text, role));
            return;
        }
        // A quoted line (a format=flowed paragraph joined at its quote depth is one long line) keeps its quote
        // marks on every row it wraps to, as mutt's reflow does, so its depth stays visible; not when the marks
        // would take half the row.
        // A header's continuation rows are indented, as mutt does, so they do not read as headers of their own (Z12).
        String marks = Palette.PAGER_QUOTE.equals(role) ? text.substring(0, quoteMarks(text))
                : Palette.PAGER_HEADER.equals(role) ? "    " : "";
        int marksWidth = Cells.width(marks);
        if (marksWidth * 2 > width) marks = "";
        int start = 0;
        // A line starting with postern's prefix is postern's own (the renderer marks message text that starts so) and
        // is drawn in its own role; any other row that starts, once wrapped, like one is marked as the message's.
        boolean ours = Palette.PAGER_POSTERN.equals(role);
        while (start < n) {
            boolean continued = start > 0 && !marks.isEmpty();
            String lead = start > 0 && !ours && StatusImitation.at(text, start) ? StatusImitation.MARK : "";
            int rowWidth = Math.max(1, (continued ? width - marksWidth : width) - Cells.width(lead));
            int end = Cells.fits(text, start, rowWidth);
            if (end == start) end = start + Character.charCount(text.codePointAt(start)); // wider than the screen
            if (end < n && text.charAt(end) != ' ') {
                int space = end - 1;
                while (space >= start && text.charAt(space) != ' ') space--; // within this row only: linear overall
                if (space >= start) end = space + 1; // the word goes to the next row whole
            }
            int cut = end;
            // Spaces where a row ends are not carried to the start of the next one.
            while (cut < n && text.charAt(cut) == ' ' && cut > start) cut++;
            out.accept(new Line(end - start == n ? text : (continued ? marks : "") + lead + text.substring(start, end), role,
                    start));
            start = cut;
        }
    }

    /** How many chars of {@code line} are its quote marks: indentation, then '>'s and the spaces between them. */
    static int quoteMarks(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) == ' ') i++;
        if (i >= n || line.charAt(i) != '>') return 0;
        while (i < n && (line.charAt(i) == '>' || line.charAt(i) == ' ')) i++;
        return i;
    }
}
