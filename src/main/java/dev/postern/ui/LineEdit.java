package dev.postern.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.postern.render.Sanitizer;

/**
 * The text of a one-line answer and the cursor in it, edited as mutt's and readline's line editors do: Left/Right
 * (Ctrl-B/Ctrl-F) by a character, Alt-B/Alt-F (Ctrl-Left/Ctrl-Right) by a word, Home/End (Ctrl-A/Ctrl-E), Backspace and
 * Delete (Ctrl-D) around the cursor, Ctrl-W and Alt-Backspace the word before it, Alt-D the word after it, Ctrl-K to the
 * end, Ctrl-U to the start; a typed character goes in at the cursor. Shared by the message-line prompt ({@link Prompt})
 * and the compose screen's fields ({@link ComposeInput}), so every prompt edits alike.
 *
 * <p>The cursor is a char index that never parts a character from the marks joining it (one screen cell,
 * {@link Cells#cellEnd}); it may rest inside a surrogate pair only between a typed high surrogate and its low one.
 */
final class LineEdit {
    private final StringBuilder text = new StringBuilder();
    private int cursor;

    String text() { return text.toString(); }

    CharSequence chars() { return text; }

    int length() { return text.length(); }

    int cursor() { return cursor; }

    boolean isEmpty() { return text.length() == 0; }

    /** The whole line replaced (history, completion, a field's value); the cursor at its end. */
    void set(CharSequence s) {
        text.setLength(0);
        text.append(s);
        cursor = text.length();
    }

    void clear() { set(""); }

    /** {@code s} in place of the chars from {@code from} to the cursor; the cursor after it (completion). */
    void replaceBeforeCursor(int from, String s) {
        text.replace(from, cursor, s);
        cursor = from + s.length();
    }

    /** {@code s} in at the cursor, the cursor after it (a paste). */
    void insert(String s) {
        text.insert(cursor, s);
        cursor += s.length();
    }

    void insert(char c) {
        text.insert(cursor, c);
        cursor++;
    }

    /**
     * An editing key: true when it was one (and applied, even if it changed nothing, as Left at the start).
     * Enter, Escape, Tab, Up/Down and the cancelling keys are the caller's.
     */
    boolean key(KeyStroke k) {
        switch (k.getKeyType()) {
            case ArrowLeft:
                cursor = k.isCtrlDown() || k.isAltDown() ? wordBefore() : cellBefore(cursor);
                return true;
            case ArrowRight:
                cursor = k.isCtrlDown() || k.isAltDown() ? wordAfter() : cellAfter(cursor);
                return true;
            case Home:
                cursor = 0;
                return true;
            case End:
                cursor = text.length();
                return true;
            case Backspace:
                if (k.isAltDown()) cut(wordBefore(), cursor);
                else cut(cellBefore(cursor), cursor);
                return true;
            case Delete:
                cut(cursor, cellAfter(cursor));
                return true;
            case Character:
                return character(k);
            default:
                return false;
        }
    }

    private boolean character(KeyStroke k) {
        char c = k.getCharacter();
        if (k.isCtrlDown() && !k.isAltDown()) {
            switch (Character.toLowerCase(c)) {
                case 'a' -> cursor = 0;
                case 'e' -> cursor = text.length();
                case 'b' -> cursor = cellBefore(cursor);
                case 'f' -> cursor = cellAfter(cursor);
                case 'd' -> cut(cursor, cellAfter(cursor));
                case 'h' -> cut(cellBefore(cursor), cursor);
                case 'k' -> cut(cursor, text.length());
                case 'u' -> cut(0, cursor);
                case 'w' -> cut(wordBefore(), cursor);
                default -> { return false; }
            }
            return true;
        }
        if (k.isAltDown() && !k.isCtrlDown()) {
            switch (Character.toLowerCase(c)) {
                case 'b' -> cursor = wordBefore();
                case 'f' -> cursor = wordAfter();
                case 'd' -> cut(cursor, wordAfter());
                default -> { return false; }
            }
            return true;
        }
        if (k.isCtrlDown() || Character.isISOControl(c)) return false;
        insert(c);
        return true;
    }

    private void cut(int from, int to) {
        if (from >= to) return;
        text.delete(from, to);
        cursor = from;
    }

    /** The start of the cell before {@code at}: back over the marks joining a character, and the character. */
    private int cellBefore(int at) {
        int i = at;
        while (i > 0) {
            int cp = Character.codePointBefore(text, i);
            i -= Character.charCount(cp);
            if (!Cells.joins(cp)) break;
        }
        return i;
    }

    private int cellAfter(int at) {
        return at >= text.length() ? at : Cells.cellEnd(text.toString(), at);
    }

    /** Back over blanks, then over the word before them (readline's backward-word, with blanks as separators). */
    private int wordBefore() {
        int i = cursor;
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) i--;
        while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) i--;
        return i;
    }

    private int wordAfter() {
        int i = cursor;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) i++;
        while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }

    /** A row of a prompt: what it shows in its columns, and the column of the cursor in it. */
    record Row(String shown, int cursorColumn) {}

    /**
     * {@code label} and the answer as one row of {@code cols} columns, the cursor kept in sight: the row starts at the
     * label while the cursor fits; past that the answer scrolls under a cursor held a quarter of the row (or what is
     * left after it, if less) from the right edge, so text after the cursor stays in view. With the cursor at the end
     * that is the end of the answer, where the user is typing, the cursor in the last column.
     *
     * <p>Reads only a few times {@code cols} chars either side of the cursor (each shown char takes a column or more;
     * marks that take none are escaped by the sanitizer), so a pasted line of any length costs a row to draw: cutting
     * one char at a time off the front of the whole answer took minutes for 20,000 chars, the reader frozen.
     */
    static Row row(String label, CharSequence text, int cursor, int cols) {
        int reach = 4 * Math.max(1, cols) + 16;
        int from = Math.max(0, cursor - reach);
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) from++;
        int to = Math.min(text.length(), cursor + reach);
        if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) to++;
        String before = label + shown(text.subSequence(from, cursor));
        String after = shown(text.subSequence(cursor, to));
        int afterWidth = Cells.width(after);
        int keep = Math.min(afterWidth, cols / 4);
        int room = Math.max(1, cols - 1 - keep); // the cursor's own column is the one after the text before it
        if (Cells.width(before) <= room) {
            return new Row(before + after, Cells.width(before));
        }
        String left = tail(before, room);
        return new Row(left + after, Cells.width(left));
    }

    /** As the sanitizer shows the answer on one line; a tab is one space here (its width depends on where it falls). */
    private static String shown(CharSequence s) {
        return Sanitizer.oneLine(s.toString().replace('\t', ' '));
    }

    /** The end of {@code shown} that fits in {@code cols} columns, never splitting a cell; at least its last char. */
    static String tail(String shown, int cols) {
        if (Cells.width(shown) <= cols) return shown;
        int used = 0;
        int start = shown.length();
        while (start > 0) {
            int cp = shown.codePointBefore(start);
            int w = Cells.width(new String(Character.toChars(cp)));
            if (used + w > cols) break;
            used += w;
            start -= Character.charCount(cp);
        }
        // Not even the last char fits (a wide one in one column): it is shown anyway, cut by the row's edge.
        return start == shown.length() && start > 0 ? shown.substring(shown.offsetByCodePoints(start, -1)) : shown.substring(start);
    }
}
