package dev.postern.config.toml;

import static dev.postern.config.toml.TomlCursor.isControl;
import static dev.postern.config.toml.TomlCursor.show;

/**
 * The four kinds of TOML string, read from the cursor's position: basic "..." (with escapes), literal '...',
 * and their multi-line forms """...""" and '''...'''. Used for values and for quoted keys.
 */
final class TomlStrings {
    private final TomlCursor in;
    private final String s;
    private final int n;

    TomlStrings(TomlCursor in) {
        this.in = in;
        this.s = in.s;
        this.n = in.n;
    }

    /** At '"': a basic string, on one line. */
    String basic() {
        int open = in.pos;
        in.pos++;
        StringBuilder b = null;
        int runStart = in.pos;
        while (true) {
            if (in.pos >= n) in.fail(in.pos, "the string opened at " + in.where(open) + " is never closed");
            char c = s.charAt(in.pos);
            if (c == '"') {
                String r = b == null ? s.substring(runStart, in.pos) : b.append(s, runStart, in.pos).toString();
                in.pos++;
                return r;
            }
            if (c == '\\') {
                if (b == null) b = new StringBuilder();
                b.append(s, runStart, in.pos);
                escape(b, false);
                runStart = in.pos;
            } else if (c == '\n' || c == '\r') {
                in.fail(in.pos, "the string is not closed before the end of the line; use \"\"\" for a multi-line string");
            } else if (isControl(c)) {
                in.fail(in.pos, "control character " + show(c) + " must be escaped in a string");
            } else {
                in.pos++;
            }
        }
    }

    /** At '\'': a literal string, on one line. */
    String literal() {
        in.pos++;
        int start = in.pos;
        while (true) {
            if (in.pos >= n) in.fail(in.pos, "the literal string is never closed with '");
            char c = s.charAt(in.pos);
            if (c == '\'') {
                return s.substring(start, in.pos++);
            }
            if (c == '\n' || c == '\r') {
                in.fail(in.pos, "the literal string is not closed before the end of the line; use ''' for a multi-line string");
            }
            if (isControl(c)) in.fail(in.pos, "control character " + show(c) + " is not allowed in a literal string");
            in.pos++;
        }
    }

    /** Skips the newline right after an opening """ or '''. */
    private void skipFirstNewline() {
        if (in.pos < n && s.charAt(in.pos) == '\n') {
            in.pos++;
        } else if (in.pos + 1 < n && s.charAt(in.pos) == '\r' && s.charAt(in.pos + 1) == '\n') {
            in.pos += 2;
        }
    }

    /** At a run of the delimiter quote: appends up to two quotes of content and returns true when it closes. */
    private boolean closes(StringBuilder b, char q) {
        int run = 0;
        while (in.pos + run < n && s.charAt(in.pos + run) == q && run < 5) run++;
        if (run < 3) {
            for (int i = 0; i < run; i++) b.append(q);
            in.pos += run;
            return false;
        }
        for (int i = 3; i < run; i++) b.append(q);
        in.pos += run;
        return true;
    }

    /** At '"""': a multi-line basic string ("\r\n" inside reads as "\n"). */
    String multiLineBasic() {
        int open = in.pos;
        in.pos += 3;
        skipFirstNewline();
        StringBuilder b = new StringBuilder();
        while (true) {
            if (in.pos >= n) in.fail(in.pos, "the \"\"\" string opened at " + in.where(open) + " is never closed");
            char c = s.charAt(in.pos);
            if (c == '"') {
                if (closes(b, '"')) return b.toString();
            } else if (c == '\\') {
                escape(b, true);
            } else if (c == '\r') {
                in.newline();
                b.append('\n');
            } else if (c != '\n' && isControl(c)) {
                in.fail(in.pos, "control character " + show(c) + " must be escaped in a string");
            } else {
                b.append(c);
                in.pos++;
            }
        }
    }

    /** At "'''": a multi-line literal string ("\r\n" inside reads as "\n"). */
    String multiLineLiteral() {
        int open = in.pos;
        in.pos += 3;
        skipFirstNewline();
        StringBuilder b = new StringBuilder();
        while (true) {
            if (in.pos >= n) in.fail(in.pos, "the ''' string opened at " + in.where(open) + " is never closed");
            char c = s.charAt(in.pos);
            if (c == '\'') {
                if (closes(b, '\'')) return b.toString();
            } else if (c == '\r') {
                in.newline();
                b.append('\n');
            } else if (c != '\n' && isControl(c)) {
                in.fail(in.pos, "control character " + show(c) + " is not allowed in a literal string");
            } else {
                b.append(c);
                in.pos++;
            }
        }
    }

    /** At a backslash in a basic string. */
    private void escape(StringBuilder b, boolean multiLine) {
        int at = in.pos;
        if (in.pos + 1 >= n) in.fail(in.pos, "the string ends in the middle of an escape");
        char e = s.charAt(in.pos + 1);
        switch (e) {
            case 'b' -> b.append('\b');
            case 't' -> b.append('\t');
            case 'n' -> b.append('\n');
            case 'f' -> b.append('\f');
            case 'r' -> b.append('\r');
            case '"' -> b.append('"');
            case '\\' -> b.append('\\');
            case 'u', 'U' -> {
                int len = e == 'u' ? 4 : 8;
                int cp = 0;
                for (int i = 0; i < len; i++) {
                    int d = in.pos + 2 + i < n ? Character.digit(s.charAt(in.pos + 2 + i), 16) : -1;
                    if (d < 0) in.fail(at, "\\" + e + " needs exactly " + len + " hexadecimal digits");
                    cp = cp * 16 + d;
                }
                if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    in.fail(at, "\\" + s.substring(in.pos + 1, in.pos + 2 + len) + " is not a Unicode scalar value");
                }
                b.appendCodePoint(cp);
                in.pos += 2 + len;
                return;
            }
            default -> {
                if (multiLine && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
                    int j = in.pos + 1;
                    while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
                    if (j < n && (s.charAt(j) == '\n' || (s.charAt(j) == '\r' && j + 1 < n && s.charAt(j + 1) == '\n'))) {
                        in.pos = j;
                        while (in.pos < n) { // a line-ending backslash eats all whitespace and newlines up to the next text
                            char c = s.charAt(in.pos);
                            if (c == ' ' || c == '\t' || c == '\n') {
                                in.pos++;
                            } else if (c == '\r') {
                                in.newline();
                            } else {
                                break;
                            }
                        }
                        return;
                    }
                }
                in.fail(at, (isControl(e) || e == ' ' ? "a backslash followed by " + show(e) : "\\" + e)
                        + " is not a valid escape; write \\\\ for a backslash");
            }
        }
        in.pos += 2;
    }
}
