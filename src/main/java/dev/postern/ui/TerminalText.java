package dev.postern.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.Map;

/**
 * Text for a terminal whose charset cannot show every character (LANG=C: ASCII; a Latin-1 locale), drawn so each
 * row keeps the columns it was laid out in ({@link Cells#width}). The one place for the reader's screen
 * ({@link CellSync}, per terminal: a served reader's is its client's) and for batch output on a terminal
 * ({@link #writer}: app/Main's, and a served command's in resident/Requests). A cell the charset cannot show is:
 * one of the glyphs postern draws of its own (the cut mark {@code …}, the rules {@code │} and {@code ─}, the thread
 * tree's corners) as its ASCII stand-in, one column as the glyph ({@code >}, {@code |}, {@code -}), as neomutt's
 * ascii_chars; else its character alone when the charset has it (an accent that does not compose dropped); else one
 * '?' a column the cell takes, its marks and joiners adding none. The charset's own '?' a char gave a CJK letter one
 * column for its two, each mark and joiner one more, and made the cut mark a '?' that read as data (hunts 39-I, I2
 * and I9).
 */
public final class TerminalText {
    private TerminalText() {}

    /** postern's own glyphs and what stands for them where the charset lacks them: each one column, as the glyph. */
    private static final Map<Integer, String> STAND_INS = Map.of(
            0x2026, ">", // … the cut mark: where a row, a field or a notice goes on past its room
            0x2502, "|", // │ the sidebar's rule, the thread tree's line
            0x2500, "-", // ─ the review screen's rule, the thread tree's branches
            0x251C, "|", // ├ a reply that has siblings below it
            0x2514, "`", // └ the last reply
            0x250C, ","); // ┌ a missing parent's first reply

    /** A terminal that says the charset it writes in (the process's own, a served reader's client's). */
    interface Charsetted {
        Charset charset();
    }

    /**
     * Whether a terminal in {@code charset} shows postern's own glyphs ({@code …}, the rules, the tree's corners); where
     * it does not, the reader also writes a notice under way with "..." ({@link #underWay}) and draws the thread tree in
     * ASCII.
     */
    static boolean showsGlyphs(Charset charset) {
        CharsetEncoder encoder = encoderOf(charset);
        if (encoder == null) return true;
        for (int glyph : STAND_INS.keySet()) {
            if (!encoder.canEncode(new String(Character.toChars(glyph)))) return false;
        }
        return true;
    }

    /** {@code text} ("Sending…", "(loading…)") with each "…" as "..." where the terminal lacks the glyph ({@code plain}). */
    static String underWay(String text, boolean plain) {
        return plain && text != null ? text.replace("\u2026", "...") : text;
    }

    /** The encoder of {@code charset}, or null when it shows every character (a UTF, GB18030). */
    static CharsetEncoder encoderOf(Charset charset) {
        String name = charset.name();
        return name.startsWith("UTF-") || name.equals("GB18030") ? null : charset.newEncoder();
    }

    /**
     * What to send for the cell {@code cell} ({@link Cells#cellEnd}) that the screen counts {@code counted} columns, to a
     * terminal whose charset's {@code encoder} cannot encode it: as described above, {@code counted} columns.
     */
    static String standIn(String cell, int counted, CharsetEncoder encoder) {
        int first = cell.codePointAt(0);
        String glyph = STAND_INS.get(first);
        if (glyph != null && counted == 1) return glyph;
        String base = new String(Character.toChars(first));
        return encoder.canEncode(base) ? base + " ".repeat(Math.max(0, counted - 1)) : "?".repeat(counted);
    }

    /**
     * {@code s} as a terminal in the charset of {@code encoder} (null: a UTF, every character) should get it: each cell it
     * cannot show replaced ({@link #standIn}); an invisible format character (a joiner, a zero-width space) that takes
     * a column is a blank.
     */
    static String shown(String s, CharsetEncoder encoder) {
        if (encoder == null || encoder.canEncode(s)) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int end = Cells.cellEnd(s, i);
            String cell = s.substring(i, end);
            if (encoder.canEncode(cell)) out.append(cell);
            else if (Character.getType(cell.codePointAt(0)) == Character.FORMAT) out.append(" ".repeat(Cells.cellCols(s, i, end)));
            else out.append(standIn(cell, Cells.cellCols(s, i, end), encoder));
            i = end;
        }
        return out.toString();
    }

    /**
     * The writer of a command's output to {@code out} in {@code charset}: for a charset that cannot show every
     * character, each line is written {@link #shown} (whole lines, so that a letter and the marks after it, written
     * apart, stay one cell); otherwise as it is. Output that is not a terminal's is UTF-8 and goes as it is.
     */
    public static Writer writer(OutputStream out, Charset charset) {
        CharsetEncoder encoder = encoderOf(charset);
        Writer to = new OutputStreamWriter(out, charset);
        return encoder == null ? to : new Lines(to, encoder);
    }

    /** Holds a line until its end (or a flush), then writes it as the terminal can show it. */
    private static final class Lines extends Writer {
        private final Writer to;
        private final CharsetEncoder encoder;
        private final StringBuilder pending = new StringBuilder();

        /** A line longer than this goes out before its end (all but its last cell, whose marks may follow). */
        private static final int HELD = 1 << 16;

        /** Where the last cell of {@code s} starts (its character, before the marks joining it). */
        private static int lastCell(CharSequence s) {
            int i = s.length();
            while (i > 0) {
                int cp = Character.codePointBefore(s, i);
                i -= Character.charCount(cp);
                if (!Cells.joins(cp)) break;
            }
            return i;
        }

        Lines(Writer to, CharsetEncoder encoder) {
            super(to);
            this.to = to;
            this.encoder = encoder;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            synchronized (lock) {
                pending.append(cbuf, off, len);
                int nl = pending.lastIndexOf("\n");
                int upTo = nl >= 0 ? nl + 1 : pending.length() >= HELD ? lastCell(pending) : 0;
                if (upTo <= 0) return;
                to.write(shown(pending.substring(0, upTo), encoder));
                pending.delete(0, upTo);
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (lock) {
                if (pending.length() > 0) {
                    to.write(shown(pending.toString(), encoder));
                    pending.setLength(0);
                }
                to.flush();
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (lock) {
                flush();
                to.close();
            }
        }
    }
}
