package dev.postern.config.toml;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict TOML 1.0 parser: one hand-written recursive-descent pass over the String, no generated grammar
 * and no regular expressions, so that reading a ten-line config costs next to nothing on a cold JVM (tomlj's
 * ANTLR runtime cost a quarter of postern's start-up before the network).
 *
 * <p>Parsing stops at the first error, reported with a 1-based line and column and one short sentence.
 * A "\r\n" inside a multi-line string reads as "\n" (the spec allows normalising newlines; tomlj did the same). Times keep at most nanosecond
 * precision (further digits are truncated, as the spec allows); a leap second (:60) is refused because
 * java.time cannot hold it.
 */
public final class Toml {
    /** Arrays and inline tables nested deeper than this are refused (one sentence, not a StackOverflowError). */
    static final int MAX_NESTING = 100;

    private Toml() {
    }

    public static TomlParseResult parse(String text) {
        Parser p = new Parser(text);
        try {
            return new TomlParseResult(p.document(), null);
        } catch (TomlParseError e) {
            return new TomlParseResult(null, e);
        }
    }

    private static final class Parser {
        private final String s;
        private final int n;
        private int pos;
        private final TomlTable root = new TomlTable();
        private TomlTable current = root;
        private int section;        // 0: before any header; one more for each [header] / [[header]]
        private int inlineSection;  // negative ids for the dotted keys inside each inline table
        private int depth;          // arrays and inline tables open around pos

        Parser(String s) {
            this.s = s;
            this.n = s.length();
        }

        // ---- errors ----

        private TomlParseError fail(int at, String message) {
            throw new TomlParseError(message, position(at));
        }

        private TomlPosition position(int at) {
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

        private static String show(char c) {
            if (c < 0x20 || c == 0x7f) return String.format("U+%04X", (int) c);
            return "'" + c + "'";
        }

        private static boolean isControl(char c) {
            return (c < 0x20 && c != '\t') || c == 0x7f;
        }

        // ---- document structure ----

        TomlTable document() {
            if (n > 0 && s.charAt(0) == '\uFEFF') pos = 1;
            while (true) {
                skipWs();
                if (pos >= n) return root;
                char c = s.charAt(pos);
                if (c == '\n') {
                    pos++;
                    continue;
                }
                if (c == '\r') {
                    newline();
                    continue;
                }
                if (c == '#') {
                    comment();
                    continue;
                }
                if (c == '[') {
                    header();
                    endOfLine("after the table header");
                } else {
                    keyValue(current, section);
                    endOfLine("after the value");
                }
            }
        }

        private void skipWs() {
            while (pos < n) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t') return;
                pos++;
            }
        }

        /** At '\r': only "\r\n" is a newline. */
        private void newline() {
            if (pos + 1 < n && s.charAt(pos + 1) == '\n') {
                pos += 2;
            } else {
                fail(pos, "a carriage return must be followed by a line feed");
            }
        }

        /** At '#': up to (not including) the end of the line. */
        private void comment() {
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

        private void endOfLine(String after) {
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

        private void skipWsCommentsNewlines() {
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

        // ---- keys ----

        /** A dotted key: its parts, and where each part starts (for messages). */
        private void key(List<String> parts, List<Integer> at) {
            while (true) {
                skipWs();
                at.add(pos);
                parts.add(simpleKey());
                skipWs();
                if (pos < n && s.charAt(pos) == '.') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private String simpleKey() {
            if (pos >= n) fail(pos, "expected a key");
            char c = s.charAt(pos);
            if (c == '"') return basicString();
            if (c == '\'') return literalString();
            int start = pos;
            while (pos < n && isBare(s.charAt(pos))) pos++;
            if (pos == start) {
                if (c == '\n' || c == '\r' || c == '#') fail(pos, "expected a key");
                fail(pos, show(c) + " cannot start a key; quote the key, or use only letters, digits, '_' and '-'");
            }
            return s.substring(start, pos);
        }

        private static boolean isBare(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }

        private static String name(List<String> parts, int upTo) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i <= upTo; i++) {
                if (i > 0) b.append('.');
                String p = parts.get(i);
                boolean bare = !p.isEmpty();
                for (int j = 0; j < p.length() && bare; j++) bare = isBare(p.charAt(j));
                b.append(bare ? p : "\"" + p.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
            return b.toString();
        }

        // ---- key = value ----

        private void keyValue(TomlTable base, int sect) {
            List<String> parts = new ArrayList<>(2);
            List<Integer> at = new ArrayList<>(2);
            key(parts, at);
            if (pos >= n || s.charAt(pos) != '=') {
                fail(pos, "expected '=' after the key");
            }
            pos++;
            skipWs();
            TomlTable t = base;
            int last = parts.size() - 1;
            for (int i = 0; i < last; i++) t = dottedStep(t, parts, i, at.get(i), sect);
            String k = parts.get(last);
            if (t.map.containsKey(k)) fail(at.get(last), "the key " + name(parts, last) + " is defined twice");
            int valueAt = pos;
            Object v = value();
            if (v == null) fail(valueAt, "expected a value after '='");
            t.map.put(k, v);
        }

        private TomlTable dottedStep(TomlTable t, List<String> parts, int i, int at, int sect) {
            Object o = t.map.get(parts.get(i));
            if (o == null) {
                TomlTable c = new TomlTable();
                c.dotted = true;
                c.dottedSection = sect;
                t.map.put(parts.get(i), c);
                return c;
            }
            if (o instanceof TomlTable c) {
                if (c.frozen) fail(at, name(parts, i) + " is an inline table, which cannot be extended");
                if (c.headerDefined) {
                    fail(at, "the table " + name(parts, i) + " has its own [header]; dotted keys elsewhere cannot add to it");
                }
                if (c.dotted && c.dottedSection != sect) {
                    fail(at, "the table " + name(parts, i) + " was made with dotted keys in another section and cannot be extended here");
                }
                c.dotted = true;
                c.dottedSection = sect;
                return c;
            }
            throw fail(at, "the key " + name(parts, i) + " already holds a value that is not a table");
        }

        // ---- [table] and [[array of tables]] ----

        private void header() {
            boolean array = pos + 1 < n && s.charAt(pos + 1) == '[';
            pos += array ? 2 : 1;
            List<String> parts = new ArrayList<>(3);
            List<Integer> at = new ArrayList<>(3);
            key(parts, at);
            if (array) {
                if (!s.startsWith("]]", pos)) fail(pos, "expected ']]' after the name of the array of tables");
                pos += 2;
            } else {
                if (pos >= n || s.charAt(pos) != ']') fail(pos, "expected ']' after the table name");
                pos++;
            }
            section++;
            TomlTable t = root;
            int last = parts.size() - 1;
            for (int i = 0; i < last; i++) t = headerStep(t, parts, i, at.get(i));
            String k = parts.get(last);
            Object o = t.map.get(k);
            int kAt = at.get(last);
            String nm = name(parts, last);
            if (array) {
                TomlArray a;
                if (o == null) {
                    a = new TomlArray(true);
                    t.map.put(k, a);
                } else if (o instanceof TomlArray arr && arr.ofTables) {
                    a = arr;
                } else if (o instanceof TomlArray) {
                    throw fail(kAt, nm + " is an array value, which [[" + nm + "]] cannot extend");
                } else if (o instanceof TomlTable) {
                    throw fail(kAt, nm + " is already a table, so it cannot become an array of tables");
                } else {
                    throw fail(kAt, "the key " + nm + " already holds a value");
                }
                TomlTable c = new TomlTable();
                c.headerDefined = true;
                a.items.add(c);
                current = c;
                return;
            }
            if (o == null) {
                TomlTable c = new TomlTable();
                c.headerDefined = true;
                t.map.put(k, c);
                current = c;
            } else if (o instanceof TomlTable c) {
                if (c.frozen) fail(kAt, nm + " is an inline table, which cannot be extended");
                if (c.headerDefined) fail(kAt, "the table [" + nm + "] is defined twice");
                if (c.dotted) fail(kAt, "the table " + nm + " was already made with dotted keys; [" + nm + "] cannot define it again");
                c.headerDefined = true;
                current = c;
            } else if (o instanceof TomlArray arr && arr.ofTables) {
                fail(kAt, nm + " is an array of tables; write [[" + nm + "]] to add an element");
            } else {
                fail(kAt, "the key " + nm + " already holds a value");
            }
        }

        private TomlTable headerStep(TomlTable t, List<String> parts, int i, int at) {
            Object o = t.map.get(parts.get(i));
            if (o == null) {
                TomlTable c = new TomlTable();
                t.map.put(parts.get(i), c);
                return c;
            }
            if (o instanceof TomlTable c) {
                if (c.frozen) fail(at, name(parts, i) + " is an inline table, which cannot be extended");
                return c;
            }
            if (o instanceof TomlArray a && a.ofTables) return (TomlTable) a.items.get(a.items.size() - 1);
            if (o instanceof TomlArray) fail(at, name(parts, i) + " is an array value, which cannot be extended");
            throw fail(at, "the key " + name(parts, i) + " already holds a value that is not a table");
        }

        // ---- values ----

        /** A value, or null when nothing at pos can start one (the caller says what it expected). */
        private Object value() {
            if (pos >= n) return null;
            char c = s.charAt(pos);
            if ((c == '[' || c == '{') && depth >= MAX_NESTING) {
                fail(pos, "arrays and inline tables nest deeper than " + MAX_NESTING + " levels here");
            }
            switch (c) {
                case '"':
                    return s.startsWith("\"\"\"", pos) ? multiLineBasicString() : basicString();
                case '\'':
                    return s.startsWith("'''", pos) ? multiLineLiteralString() : literalString();
                case '[': {
                    depth++;
                    TomlArray a = array();
                    depth--;
                    return a;
                }
                case '{': {
                    depth++;
                    TomlTable t = inlineTable();
                    depth--;
                    return t;
                }
                case 't':
                    return word("true", Boolean.TRUE);
                case 'f':
                    return word("false", Boolean.FALSE);
                case 'i':
                    return word("inf", Double.POSITIVE_INFINITY);
                case 'n':
                    return word("nan", Double.NaN);
                case '\n': case '\r': case '#': case ',': case ']': case '}':
                    return null;
                default:
                    if ((c >= '0' && c <= '9') || c == '+' || c == '-') return numberOrDate();
                    throw fail(pos, show(c) + " does not start a value; a string needs quotes");
            }
        }

        private Object word(String w, Object v) {
            if (!s.startsWith(w, pos)) {
                throw fail(pos, "not a value: true, false, inf and nan are written in lower case, and a string needs quotes");
            }
            pos += w.length();
            return v;
        }

        private TomlArray array() {
            int open = pos;
            pos++;
            TomlArray a = new TomlArray(false);
            while (true) {
                skipWsCommentsNewlines();
                if (pos >= n) fail(pos, "the array opened at " + where(open) + " is never closed with ']'");
                if (s.charAt(pos) == ']') {
                    pos++;
                    return a;
                }
                Object v = value();
                if (v == null) fail(pos, "expected a value or ']' in the array, found " + show(s.charAt(pos)));
                a.items.add(v);
                skipWsCommentsNewlines();
                if (pos >= n) fail(pos, "the array opened at " + where(open) + " is never closed with ']'");
                char c = s.charAt(pos);
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    return a;
                } else {
                    fail(pos, "expected ',' or ']' in the array, found " + show(c));
                }
            }
        }

        private String where(int at) {
            return position(at).toString();
        }

        private TomlTable inlineTable() {
            int open = pos;
            pos++;
            TomlTable t = new TomlTable();
            int sect = --inlineSection;
            skipWs();
            if (pos < n && s.charAt(pos) == '}') {
                pos++;
                t.frozen = true;
                return t;
            }
            while (true) {
                skipWs();
                if (pos < n && (s.charAt(pos) == '\n' || s.charAt(pos) == '\r')) {
                    fail(pos, "an inline table must be on one line; close it with '}' before the line ends");
                }
                keyValue(t, sect);
                skipWs();
                if (pos >= n) fail(pos, "the inline table opened at " + where(open) + " is never closed with '}'");
                char c = s.charAt(pos);
                if (c == ',') {
                    pos++;
                    skipWs();
                    if (pos < n && s.charAt(pos) == '}') fail(pos, "a trailing comma is not allowed in an inline table");
                } else if (c == '}') {
                    pos++;
                    freeze(t);
                    return t;
                } else if (c == '\n' || c == '\r' || c == '#') {
                    fail(pos, "an inline table must be on one line; close it with '}' before the line ends");
                } else {
                    fail(pos, "expected ',' or '}' in the inline table, found " + show(c));
                }
            }
        }

        private static void freeze(TomlTable t) {
            t.frozen = true;
            for (Object v : t.map.values()) {
                if (v instanceof TomlTable sub && !sub.frozen) freeze(sub);
            }
        }

        // ---- strings ----

        private String basicString() {
            int open = pos;
            pos++;
            StringBuilder b = null;
            int runStart = pos;
            while (true) {
                if (pos >= n) fail(pos, "the string opened at " + where(open) + " is never closed");
                char c = s.charAt(pos);
                if (c == '"') {
                    String r = b == null ? s.substring(runStart, pos) : b.append(s, runStart, pos).toString();
                    pos++;
                    return r;
                }
                if (c == '\\') {
                    if (b == null) b = new StringBuilder();
                    b.append(s, runStart, pos);
                    escape(b, false);
                    runStart = pos;
                } else if (c == '\n' || c == '\r') {
                    fail(pos, "the string is not closed before the end of the line; use \"\"\" for a multi-line string");
                } else if (isControl(c)) {
                    fail(pos, "control character " + show(c) + " must be escaped in a string");
                } else {
                    pos++;
                }
            }
        }

        private String literalString() {
            pos++;
            int start = pos;
            while (true) {
                if (pos >= n) fail(pos, "the literal string is never closed with '");
                char c = s.charAt(pos);
                if (c == '\'') {
                    return s.substring(start, pos++);
                }
                if (c == '\n' || c == '\r') {
                    fail(pos, "the literal string is not closed before the end of the line; use ''' for a multi-line string");
                }
                if (isControl(c)) fail(pos, "control character " + show(c) + " is not allowed in a literal string");
                pos++;
            }
        }

        /** Skips the newline right after an opening """ or '''. */
        private void skipFirstNewline() {
            if (pos < n && s.charAt(pos) == '\n') {
                pos++;
            } else if (pos + 1 < n && s.charAt(pos) == '\r' && s.charAt(pos + 1) == '\n') {
                pos += 2;
            }
        }

        /** At a run of the delimiter quote: appends up to two quotes of content and returns true when it closes. */
        private boolean closes(StringBuilder b, char q) {
            int run = 0;
            while (pos + run < n && s.charAt(pos + run) == q && run < 5) run++;
            if (run < 3) {
                for (int i = 0; i < run; i++) b.append(q);
                pos += run;
                return false;
            }
            for (int i = 3; i < run; i++) b.append(q);
            pos += run;
            return true;
        }

        private String multiLineBasicString() {
            int open = pos;
            pos += 3;
            skipFirstNewline();
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= n) fail(pos, "the \"\"\" string opened at " + where(open) + " is never closed");
                char c = s.charAt(pos);
                if (c == '"') {
                    if (closes(b, '"')) return b.toString();
                } else if (c == '\\') {
                    escape(b, true);
                } else if (c == '\r') {
                    newline();
                    b.append('\n');
                } else if (c != '\n' && isControl(c)) {
                    fail(pos, "control character " + show(c) + " must be escaped in a string");
                } else {
                    b.append(c);
                    pos++;
                }
            }
        }

        private String multiLineLiteralString() {
            int open = pos;
            pos += 3;
            skipFirstNewline();
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= n) fail(pos, "the ''' string opened at " + where(open) + " is never closed");
                char c = s.charAt(pos);
                if (c == '\'') {
                    if (closes(b, '\'')) return b.toString();
                } else if (c == '\r') {
                    newline();
                    b.append('\n');
                } else if (c != '\n' && isControl(c)) {
                    fail(pos, "control character " + show(c) + " is not allowed in a literal string");
                } else {
                    b.append(c);
                    pos++;
                }
            }
        }

        /** At a backslash in a basic string. */
        private void escape(StringBuilder b, boolean multiLine) {
            int at = pos;
            if (pos + 1 >= n) fail(pos, "the string ends in the middle of an escape");
            char e = s.charAt(pos + 1);
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
                        int d = pos + 2 + i < n ? Character.digit(s.charAt(pos + 2 + i), 16) : -1;
                        if (d < 0) fail(at, "\\" + e + " needs exactly " + len + " hexadecimal digits");
                        cp = cp * 16 + d;
                    }
                    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        fail(at, "\\" + s.substring(pos + 1, pos + 2 + len) + " is not a Unicode scalar value");
                    }
                    b.appendCodePoint(cp);
                    pos += 2 + len;
                    return;
                }
                default -> {
                    if (multiLine && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
                        int j = pos + 1;
                        while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
                        if (j < n && (s.charAt(j) == '\n' || (s.charAt(j) == '\r' && j + 1 < n && s.charAt(j + 1) == '\n'))) {
                            pos = j;
                            while (pos < n) { // a line-ending backslash eats all whitespace and newlines up to the next text
                                char c = s.charAt(pos);
                                if (c == ' ' || c == '\t' || c == '\n') {
                                    pos++;
                                } else if (c == '\r') {
                                    newline();
                                } else {
                                    break;
                                }
                            }
                            return;
                        }
                    }
                    fail(at, (isControl(e) || e == ' ' ? "a backslash followed by " + show(e) : "\\" + e)
                            + " is not a valid escape; write \\\\ for a backslash");
                }
            }
            pos += 2;
        }

        // ---- numbers, dates and times ----

        private boolean digitAt(int i) {
            return i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9';
        }

        private boolean charAt(int i, char c) {
            return i < n && s.charAt(i) == c;
        }

        private int twoDigits(int i) {
            return (s.charAt(i) - '0') * 10 + (s.charAt(i + 1) - '0');
        }

        private Object numberOrDate() {
            int start = pos;
            if (digitAt(pos) && digitAt(pos + 1) && digitAt(pos + 2) && digitAt(pos + 3) && charAt(pos + 4, '-')) {
                return dateOrDateTime(start);
            }
            if (digitAt(pos) && digitAt(pos + 1) && charAt(pos + 2, ':')) {
                return time(start);
            }
            int end = pos;
            while (end < n) {
                char c = s.charAt(end);
                if (isBare(c) || c == '+' || c == '.') {
                    end++;
                } else {
                    break;
                }
            }
            String tok = s.substring(pos, end);
            pos = end;
            return number(tok, start);
        }

        private Object number(String tok, int at) {
            boolean negative = tok.startsWith("-");
            boolean signed = negative || tok.startsWith("+");
            String body = signed ? tok.substring(1) : tok;
            if (body.equals("inf")) return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            if (body.equals("nan")) return Double.NaN;
            if (body.length() > 1 && body.charAt(0) == '0' && (body.charAt(1) == 'x' || body.charAt(1) == 'o' || body.charAt(1) == 'b')) {
                int radix = body.charAt(1) == 'x' ? 16 : body.charAt(1) == 'o' ? 8 : 2;
                if (signed) fail(at, "a number in base " + radix + " cannot have a sign: " + tok);
                String digits = body.substring(2);
                if (digitRun(digits, 0, radix) != digits.length()) fail(at, tok + " is not a valid number in base " + radix);
                try {
                    return Long.parseLong(digits.replace("_", ""), radix);
                } catch (NumberFormatException e) {
                    throw fail(at, tok + " is too large for a 64-bit integer");
                }
            }
            int i = digitRun(body, 0, 10);
            if (i == 0) fail(at, tok + " is not a valid number");
            if (i > 1 && body.charAt(0) == '0') fail(at, "leading zeros are not allowed: " + tok);
            boolean isFloat = false;
            if (i < body.length() && body.charAt(i) == '.') {
                int j = digitRun(body, i + 1, 10);
                if (j == i + 1) fail(at, tok + " needs digits after the decimal point");
                i = j;
                isFloat = true;
            }
            if (i < body.length() && (body.charAt(i) == 'e' || body.charAt(i) == 'E')) {
                i++;
                if (i < body.length() && (body.charAt(i) == '+' || body.charAt(i) == '-')) i++;
                int j = digitRun(body, i, 10);
                if (j == i) fail(at, tok + " needs digits in its exponent");
                i = j;
                isFloat = true;
            }
            if (i != body.length()) {
                fail(at, tok + " is not a valid number (an underscore must stand between two digits)");
            }
            String clean = tok.indexOf('_') < 0 ? tok : tok.replace("_", "");
            if (isFloat) return Double.parseDouble(clean);
            try {
                return Long.parseLong(clean);
            } catch (NumberFormatException e) {
                throw fail(at, tok + " is out of range for a 64-bit integer");
            }
        }

        /** The end of a run of digits in {@code radix} from {@code i}, with single underscores between digits. */
        private static int digitRun(String t, int i, int radix) {
            if (i >= t.length() || Character.digit(t.charAt(i), radix) < 0 || t.charAt(i) > 'f') return i;
            int j = i + 1;
            while (j < t.length()) {
                char c = t.charAt(j);
                if (c <= 'f' && Character.digit(c, radix) >= 0) {
                    j++;
                } else if (c == '_' && j + 1 < t.length() && t.charAt(j + 1) <= 'f' && Character.digit(t.charAt(j + 1), radix) >= 0) {
                    j += 2;
                } else {
                    break;
                }
            }
            return j;
        }

        private Object dateOrDateTime(int start) {
            // YYYY-MM-DD
            if (!(digitAt(pos + 5) && digitAt(pos + 6) && charAt(pos + 7, '-') && digitAt(pos + 8) && digitAt(pos + 9))) {
                fail(start, "a date is written YYYY-MM-DD");
            }
            int year = Integer.parseInt(s.substring(pos, pos + 4));
            int month = twoDigits(pos + 5);
            int day = twoDigits(pos + 8);
            LocalDate date;
            try {
                date = LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                throw fail(start, s.substring(pos, pos + 10) + " is not a valid date");
            }
            pos += 10;
            boolean timeFollows = pos < n && (s.charAt(pos) == 'T' || s.charAt(pos) == 't'
                    || (s.charAt(pos) == ' ' && digitAt(pos + 1) && digitAt(pos + 2) && charAt(pos + 3, ':')));
            if (!timeFollows) return date;
            pos++;
            LocalTime time = time(pos);
            LocalDateTime local = LocalDateTime.of(date, time);
            if (pos < n && (s.charAt(pos) == 'Z' || s.charAt(pos) == 'z')) {
                pos++;
                return OffsetDateTime.of(local, ZoneOffset.UTC);
            }
            if (pos < n && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                int at = pos;
                if (!(digitAt(pos + 1) && digitAt(pos + 2) && charAt(pos + 3, ':') && digitAt(pos + 4) && digitAt(pos + 5))) {
                    fail(at, "a time offset is written +HH:MM or -HH:MM");
                }
                int h = twoDigits(pos + 1);
                int m = twoDigits(pos + 4);
                if (h > 23 || m > 59) fail(at, s.substring(pos, pos + 6) + " is not a valid time offset");
                int sign = s.charAt(pos) == '-' ? -1 : 1;
                pos += 6;
                try {
                    return OffsetDateTime.of(local, ZoneOffset.ofHoursMinutes(sign * h, sign * m));
                } catch (DateTimeException e) {
                    throw fail(at, s.substring(at, pos) + " is not a valid time offset");
                }
            }
            return local;
        }

        /** HH:MM:SS[.fraction] at pos. */
        private LocalTime time(int start) {
            if (!(digitAt(pos) && digitAt(pos + 1) && charAt(pos + 2, ':') && digitAt(pos + 3) && digitAt(pos + 4)
                    && charAt(pos + 5, ':') && digitAt(pos + 6) && digitAt(pos + 7))) {
                fail(start, "a time is written HH:MM:SS, with seconds");
            }
            int h = twoDigits(pos);
            int m = twoDigits(pos + 3);
            int sec = twoDigits(pos + 6);
            int timeAt = pos;
            pos += 8;
            int nanos = 0;
            if (pos < n && s.charAt(pos) == '.') {
                pos++;
                if (!digitAt(pos)) fail(pos, "expected digits after the decimal point of the seconds");
                int digits = 0;
                while (digitAt(pos)) {
                    if (digits < 9) nanos = nanos * 10 + (s.charAt(pos) - '0');
                    digits++;
                    pos++;
                }
                for (int i = digits; i < 9; i++) nanos *= 10;
            }
            try {
                return LocalTime.of(h, m, sec, nanos);
            } catch (DateTimeException e) {
                throw fail(timeAt, s.substring(timeAt, timeAt + 8) + " is not a valid time");
            }
        }
    }
}
