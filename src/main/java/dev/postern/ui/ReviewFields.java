package dev.postern.ui;

import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The review screen's From, To, Cc, Bcc and Subject, wrapped over as many rows as they need, as mutt's compose menu
 * does: an address field breaks between addresses (never inside one), a Subject between words, each row after the
 * first under the value. A field is held to {@code maxRows} rows so the body stays in sight; what is still cut ends
 * in {@code …}, and an address field's last row says how many addresses it does not show ("… (+3 more)"), so
 * nobody sends to recipients they could not see.
 */
final class ReviewFields {
    /** The width of "Subject: ", the longest label: every value starts in this column. */
    static final int LABEL = 9;

    private ReviewFields() {}

    /** How many rows one field may take on a screen of {@code rows} rows: 4 at 24 rows, at least 1, at most 6. */
    static int maxRows(int rows) {
        return Math.max(1, Math.min(6, (rows - 12) / 3));
    }

    /** An address field: {@code label} ("To:") and its addresses, a comma after each but the last. */
    static List<String> addresses(String label, List<String> addresses, int width, int maxRows) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            String a = Sanitizer.oneLine(addresses.get(i)).strip();
            pieces.add(i < addresses.size() - 1 ? a + "," : a);
        }
        return wrap(label, pieces, width, maxRows, true);
    }

    /** A text field (the Subject), broken between words. */
    static List<String> text(String label, String value, int width, int maxRows) {
        List<String> words = new ArrayList<>();
        for (String w : Sanitizer.oneLine(value == null ? "" : value).strip().split(" +")) {
            if (!w.isEmpty()) words.add(w);
        }
        return wrap(label, words, width, maxRows, false);
    }

    private static List<String> wrap(String label, List<String> pieces, int width, int maxRows, boolean count) {
        int avail = Math.max(1, width - LABEL);
        List<String> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            if (!row.isEmpty() && Cells.width(String.join(" ", row) + " " + piece) > avail) {
                if (rows.size() + 1 >= maxRows) {
                    rows.add(last(row, pieces.size() - i, avail, count));
                    return labelled(label, rows);
                }
                rows.add(cut(String.join(" ", row), avail));
                row = new ArrayList<>();
            }
            row.add(piece);
        }
        rows.add(cut(String.join(" ", row), avail));
        return labelled(label, rows);
    }

    /** The last row allowed, {@code more} pieces left out after it: as many of its pieces as fit with the mark. */
    private static String last(List<String> row, int more, int avail, boolean count) {
        List<String> r = new ArrayList<>(row);
        int left = more;
        while (true) {
            String mark = count ? "… (+" + left + " more)" : "…";
            String text = String.join(" ", r);
            if (Cells.width(text) + 1 + Cells.width(mark) <= avail) return text + " " + mark;
            if (r.size() == 1) return Cells.truncate(text, Math.max(0, avail - Cells.width(mark))) + mark;
            r.remove(r.size() - 1);
            left++;
        }
    }

    /** {@code text} whole, or cut to {@code avail} columns ending in {@code …} (one address longer than the row). */
    private static String cut(String text, int avail) {
        return Cells.width(text) <= avail ? text : Cells.truncate(text, Math.max(0, avail - 1)) + "…";
    }

    private static List<String> labelled(String label, List<String> rows) {
        List<String> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add((i == 0 ? Cells.pad(label, LABEL) : " ".repeat(LABEL)) + rows.get(i));
        }
        return out;
    }

    /**
     * The first {@code rows} lines of a draft's body as the review screen shows them, each sanitised, only as much of
     * each as a row of {@code width} can show: the screen is drawn at every frame on the UI thread, and a reply quotes
     * up to the 2,000,000 chars of the original, which were sanitised and split whole at each frame (hunt 34-E9).
     * Lines end at CRLF, CR or LF, as {@link Sanitizer#text} ends them.
     */
    static List<String> bodyLines(String body, int rows, int width) {
        List<String> out = new ArrayList<>();
        if (body == null) body = "";
        int n = body.length();
        long shown = (long) (Math.max(0, width) + 1) * Cells.CHARS_A_COLUMN + 1; // more than Cells.head keeps
        int at = 0;
        while (out.size() < rows) {
            int end = at;
            while (end < n && body.charAt(end) != '\n' && body.charAt(end) != '\r') end++;
            out.add(Sanitizer.line(Cells.head(body.substring(at, (int) Math.min(end, at + shown)), width)));
            if (end >= n) break;
            at = end + (body.charAt(end) == '\r' && end + 1 < n && body.charAt(end + 1) == '\n' ? 2 : 1);
        }
        return out;
    }
}
