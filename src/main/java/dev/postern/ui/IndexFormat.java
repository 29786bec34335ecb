package dev.postern.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The index's columns as a format string, after mutt's {@code index_format} (a small subset):
 * {@code %Z} flags, {@code %D} date, {@code %F} sender's name, {@code %s} subject (with the thread tree),
 * {@code %c} size, {@code %a} account, {@code %%} a percent sign; anything else is printed as it is.
 * A width after the percent sign fixes a column ({@code %-20F} left-aligned, {@code %5c} right-aligned); a
 * field without one gets its usual width, except the first {@code %s} (else the last field) without one,
 * which takes the columns left over, so the subject grows with the terminal.
 */
final class IndexFormat {
    /** Flags, date, sender, subject, size: the built-in layout. */
    static final String DEFAULT = "%Z %D %F %s %c";
    static final String FIELDS = "ZDFsca";

    /** Literal text, or a field ({@code code} != 0) of a fixed width (-1: its usual one) aligned left or right. */
    record Piece(String text, char code, int width, boolean right) {}

    /** A piece with the columns it gets on one row. */
    record Slot(Piece piece, int columns) {}

    private final List<Piece> pieces;
    private final int stretch; // index of the piece that takes the rest, or -1
    final String source;

    private IndexFormat(String source, List<Piece> pieces) {
        this.source = source;
        this.pieces = List.copyOf(pieces);
        int s = -1;
        for (int i = 0; i < pieces.size() && s < 0; i++) if (pieces.get(i).code() == 's' && pieces.get(i).width() < 0) s = i;
        for (int i = pieces.size() - 1; i >= 0 && s < 0; i--) if (pieces.get(i).code() != 0 && pieces.get(i).width() < 0) s = i;
        this.stretch = s;
    }

    /** Parses a format; an unknown field or a width out of range is one sentence (IllegalArgumentException). */
    static IndexFormat parse(String format) {
        List<Piece> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char ch = format.charAt(i);
            if (ch != '%') {
                text.append(ch);
                continue;
            }
            int j = i + 1;
            if (j < format.length() && format.charAt(j) == '%') {
                text.append('%');
                i = j;
                continue;
            }
            boolean left = false;
            if (j < format.length() && format.charAt(j) == '-') {
                left = true;
                j++;
            }
            int width = -1;
            int digits = j;
            while (j < format.length() && Character.isDigit(format.charAt(j)) && j - digits < 4) j++;
            if (j > digits) width = Integer.parseInt(format.substring(digits, j));
            if (j >= format.length()) throw new IllegalArgumentException("index_format ends in the middle of a field: \"" + format + "\"");
            char code = format.charAt(j);
            if (FIELDS.indexOf(code) < 0) {
                throw new IllegalArgumentException("index_format: %" + code + " is not a field (known: %Z flags, %D date, "
                        + "%F sender, %s subject, %c size, %a account, %% a percent sign)");
            }
            if (width == 0 || width > 500) throw new IllegalArgumentException("index_format: a width must be 1-500");
            if (text.length() > 0) {
                out.add(new Piece(text.toString(), (char) 0, 0, false));
                text.setLength(0);
            }
            // Sizes line up on the right unless asked otherwise; text fields on the left.
            boolean right = !left && (code == 'c' || (width > 0 && code != 'Z' && code != 's' && code != 'F' && code != 'a' && code != 'D'));
            out.add(new Piece(null, code, width, right));
            i = j;
        }
        if (text.length() > 0) out.add(new Piece(text.toString(), (char) 0, 0, false));
        return new IndexFormat(format, out);
    }

    /** The columns each piece gets in a row of {@code width}: fixed fields their width, the stretching one the rest. */
    List<Slot> layout(int width, IntUnaryOperator usual) {
        int[] cols = new int[pieces.size()];
        int used = 0;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (i == stretch) continue;
            cols[i] = p.code() == 0 ? Cells.width(p.text()) : p.width() > 0 ? p.width() : usual.applyAsInt(p.code());
            used += cols[i];
        }
        if (stretch >= 0) cols[stretch] = Math.max(0, width - used);
        List<Slot> out = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) out.add(new Slot(pieces.get(i), cols[i]));
        return out;
    }

    /** Whether the row has the flags ({@code %Z}), whose fifth column is the tag mark. */
    boolean hasFlags() {
        return pieces.stream().anyMatch(p -> p.code() == 'Z');
    }
}
