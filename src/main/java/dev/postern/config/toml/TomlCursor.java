package dev.postern.config.toml;

/**
 * The text being parsed and the one position in it that every reader moves: whitespace, comments and
 * newlines (only "\r\n" or "\n"), and errors with their 1-based line and column.
 *
 * <p>{@link #s} and {@link #n} never change; {@link #pos} is the next char to read, shared by the
 * {@link TomlDocument}, {@link TomlStrings} and {@link TomlNumbers} of one parse.
 */
final class TomlCursor {
    final String s;
    final int n;
    int pos;

    TomlCursor(String s) {
        this.s = s;
        this.n = s.length();
    }

    // ---- errors ----

    /** Throws the parse error at {@code at}; declared to return it so callers can write {@code throw fail(...)}. */
    TomlParseError fail(int at, String message) {
        throw new TomlParseError(message, position(at));
    }

    TomlPosition position(int at) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(at, n);
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new TomlPosition(line, end - lineStart + 1);
    }

    /** "line 3, column 7", for messages about where something was opened. */
    String where(int at) {
        return position(at).toString();
    }

    /** A char as a message shows it: quoted, or U+XXXX when it is a control char. */
    static String show(char c) {
        if (c < 0x20 || c == 0x7f) return String.format(java.util.Locale.ROOT, "U+%04X", (int) c);
        return "'" + c + "'";
    }

    static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f;
    }

    /** A char of a bare key (also the chars a number or date token may hold, with '+' and '.'). */
    static boolean isBare(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    // ---- looking ahead ----

    boolean digitAt(int i) {
        return i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    boolean charAt(int i, char c) {
        return i < n && s.charAt(i) == c;
    }

    /** The two decimal digits at {@code i} (checked by the caller) as a number. */
    int twoDigits(int i) {
        return (s.charAt(i) - '0') * 10 + (s.charAt(i + 1) - '0');
    }

    // ---- whitespace, comments and newlines ----

    void skipWs() {
        while (pos < n) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t') return;
            pos++;
        }
    }

    /** At '\r': only "\r\n" is a newline. */
    void newline() {
        if (pos + 1 < n && s.charAt(pos + 1) == '\n') {
            pos += 2;
        } else {
            fail(pos, "a carriage return must be followed by a line feed");
        }
    }

    /** At '#': up to (not including) the end of the line. */
    void comment() {
        pos++;
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == '\n') return;
            if (c == '\r') {
                if (pos + 1 < n && s.charAt(pos + 1) == '\n') return;
                fail(pos, "a carriage return must be followed by a line feed");
            }
            if (isControl(c)) fail(pos, "control character " + show(c) + " is not allowed in a comment");
            pos++;
        }
    }

    /** After a header or a key/value: optional whitespace and comment, then the newline or the end. */
    void endOfLine(String after) {
        skipWs();
        if (pos >= n) return;
        char c = s.charAt(pos);
        if (c == '#') {
            comment();
            if (pos >= n) return;
            c = s.charAt(pos);
        }
        if (c == '\n') {
            pos++;
        } else if (c == '\r') {
            newline();
        } else {
            fail(pos, "expected the end of the line " + after + ", found " + show(c));
        }
    }

    /** Inside an array: whitespace, comments and newlines between its values. */
    void skipWsCommentsNewlines() {
        while (pos < n) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n') {
                pos++;
            } else if (c == '\r') {
                newline();
            } else if (c == '#') {
                comment();
            } else {
                return;
            }
        }
    }
}
