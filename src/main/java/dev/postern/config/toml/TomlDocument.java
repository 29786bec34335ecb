package dev.postern.config.toml;

import static dev.postern.config.toml.TomlCursor.isBare;
import static dev.postern.config.toml.TomlCursor.show;

import java.util.ArrayList;
import java.util.List;

/**
 * The structure of one TOML document, read in one pass: lines of key/value pairs and [table] / [[array of
 * tables]] headers, keys (bare, quoted, dotted), the values after '=' (arrays and inline tables here; strings
 * from {@link TomlStrings}, numbers and dates from {@link TomlNumbers}), and TOML 1.0's rules on what may be
 * defined again, kept in {@link TomlTable}'s bookkeeping fields. One instance parses one text, once.
 */
final class TomlDocument {
    private final TomlCursor in;
    private final String s;
    private final int n;
    private final TomlStrings strings;
    private final TomlNumbers numbers;
    private final TomlTable root = new TomlTable();
    private TomlTable current = root;
    private int section;        // 0: before any header; one more for each [header] / [[header]]
    private int inlineSection;  // negative ids for the dotted keys inside each inline table
    private int depth;          // arrays and inline tables open around the cursor

    TomlDocument(String text) {
        this.in = new TomlCursor(text);
        this.s = in.s;
        this.n = in.n;
        this.strings = new TomlStrings(in);
        this.numbers = new TomlNumbers(in);
    }

    /** The whole document's top-level table; a {@link TomlParseError} at the first error. */
    TomlTable parse() {
        if (n > 0 && s.charAt(0) == '\uFEFF') in.pos = 1;
        while (true) {
            in.skipWs();
            if (in.pos >= n) return root;
            char c = s.charAt(in.pos);
            if (c == '\n') {
                in.pos++;
                continue;
            }
            if (c == '\r') {
                in.newline();
                continue;
            }
            if (c == '#') {
                in.comment();
                continue;
            }
            if (c == '[') {
                header();
                in.endOfLine("after the table header");
            } else {
                keyValue(current, section);
                in.endOfLine("after the value");
            }
        }
    }

    // ---- keys ----

    /** A dotted key: its parts, and where each part starts (for messages). */
    private void key(List<String> parts, List<Integer> at) {
        while (true) {
            in.skipWs();
            at.add(in.pos);
            parts.add(simpleKey());
            in.skipWs();
            if (in.pos < n && s.charAt(in.pos) == '.') {
                in.pos++;
            } else {
                return;
            }
        }
    }

    private String simpleKey() {
        if (in.pos >= n) in.fail(in.pos, "expected a key");
        char c = s.charAt(in.pos);
        if (c == '"') return strings.basic();
        if (c == '\'') return strings.literal();
        int start = in.pos;
        while (in.pos < n && isBare(s.charAt(in.pos))) in.pos++;
        if (in.pos == start) {
            if (c == '\n' || c == '\r' || c == '#') in.fail(in.pos, "expected a key");
            in.fail(in.pos, show(c) + " cannot start a key; quote the key, or use only letters, digits, '_' and '-'");
        }
        return s.substring(start, in.pos);
    }

    /** The key's first {@code upTo + 1} parts as TOML writes them, for messages. */
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
        if (in.pos >= n || s.charAt(in.pos) != '=') {
            in.fail(in.pos, "expected '=' after the key");
        }
        in.pos++;
        in.skipWs();
        TomlTable t = base;
        int last = parts.size() - 1;
        for (int i = 0; i < last; i++) t = dottedStep(t, parts, i, at.get(i), sect);
        String k = parts.get(last);
        if (t.map.containsKey(k)) in.fail(at.get(last), "the key " + name(parts, last) + " is defined twice");
        int valueAt = in.pos;
        Object v = value();
        if (v == null) in.fail(valueAt, "expected a value after '='");
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
            if (c.frozen) in.fail(at, name(parts, i) + " is an inline table, which cannot be extended");
            if (c.headerDefined) {
                in.fail(at, "the table " + name(parts, i) + " has its own [header]; dotted keys elsewhere cannot add to it");
            }
            if (c.dotted && c.dottedSection != sect) {
                in.fail(at, "the table " + name(parts, i) + " was made with dotted keys in another section and cannot be extended here");
            }
            c.dotted = true;
            c.dottedSection = sect;
            return c;
        }
        throw in.fail(at, "the key " + name(parts, i) + " already holds a value that is not a table");
    }

    // ---- [table] and [[array of tables]] ----

    private void header() {
        boolean array = in.pos + 1 < n && s.charAt(in.pos + 1) == '[';
        in.pos += array ? 2 : 1;
        List<String> parts = new ArrayList<>(3);
        List<Integer> at = new ArrayList<>(3);
        key(parts, at);
        if (array) {
            if (!s.startsWith("]]", in.pos)) in.fail(in.pos, "expected ']]' after the name of the array of tables");
            in.pos += 2;
        } else {
            if (in.pos >= n || s.charAt(in.pos) != ']') in.fail(in.pos, "expected ']' after the table name");
            in.pos++;
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
                throw in.fail(kAt, nm + " is an array value, which [[" + nm + "]] cannot extend");
            } else if (o instanceof TomlTable) {
                throw in.fail(kAt, nm + " is already a table, so it cannot become an array of tables");
            } else {
                throw in.fail(kAt, "the key " + nm + " already holds a value");
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
            if (c.frozen) in.fail(kAt, nm + " is an inline table, which cannot be extended");
            if (c.headerDefined) in.fail(kAt, "the table [" + nm + "] is defined twice");
            if (c.dotted) in.fail(kAt, "the table " + nm + " was already made with dotted keys; [" + nm + "] cannot define it again");
            c.headerDefined = true;
            current = c;
        } else if (o instanceof TomlArray arr && arr.ofTables) {
            in.fail(kAt, nm + " is an array of tables; write [[" + nm + "]] to add an element");
        } else {
            in.fail(kAt, "the key " + nm + " already holds a value");
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
            if (c.frozen) in.fail(at, name(parts, i) + " is an inline table, which cannot be extended");
            return c;
        }
        if (o instanceof TomlArray a && a.ofTables) return (TomlTable) a.items.get(a.items.size() - 1);
        if (o instanceof TomlArray) in.fail(at, name(parts, i) + " is an array value, which cannot be extended");
        throw in.fail(at, "the key " + name(parts, i) + " already holds a value that is not a table");
    }

    // ---- values ----

    /** A value, or null when nothing at the cursor can start one (the caller says what it expected). */
    private Object value() {
        if (in.pos >= n) return null;
        char c = s.charAt(in.pos);
        if ((c == '[' || c == '{') && depth >= Toml.MAX_NESTING) {
            in.fail(in.pos, "arrays and inline tables nest deeper than " + Toml.MAX_NESTING + " levels here");
        }
        switch (c) {
            case '"':
                return s.startsWith("\"\"\"", in.pos) ? strings.multiLineBasic() : strings.basic();
            case '\'':
                return s.startsWith("'''", in.pos) ? strings.multiLineLiteral() : strings.literal();
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
                if ((c >= '0' && c <= '9') || c == '+' || c == '-') return numbers.numberOrDate();
                throw in.fail(in.pos, show(c) + " does not start a value; a string needs quotes");
        }
    }

    private Object word(String w, Object v) {
        if (!s.startsWith(w, in.pos)) {
            throw in.fail(in.pos, "not a value: true, false, inf and nan are written in lower case, and a string needs quotes");
        }
        in.pos += w.length();
        return v;
    }

    private TomlArray array() {
        int open = in.pos;
        in.pos++;
        TomlArray a = new TomlArray(false);
        while (true) {
            in.skipWsCommentsNewlines();
            if (in.pos >= n) in.fail(in.pos, "the array opened at " + in.where(open) + " is never closed with ']'");
            if (s.charAt(in.pos) == ']') {
                in.pos++;
                return a;
            }
            Object v = value();
            if (v == null) in.fail(in.pos, "expected a value or ']' in the array, found " + show(s.charAt(in.pos)));
            a.items.add(v);
            in.skipWsCommentsNewlines();
            if (in.pos >= n) in.fail(in.pos, "the array opened at " + in.where(open) + " is never closed with ']'");
            char c = s.charAt(in.pos);
            if (c == ',') {
                in.pos++;
            } else if (c == ']') {
                in.pos++;
                return a;
            } else {
                in.fail(in.pos, "expected ',' or ']' in the array, found " + show(c));
            }
        }
    }

    private TomlTable inlineTable() {
        int open = in.pos;
        in.pos++;
        TomlTable t = new TomlTable();
        int sect = --inlineSection;
        in.skipWs();
        if (in.pos < n && s.charAt(in.pos) == '}') {
            in.pos++;
            t.frozen = true;
            return t;
        }
        while (true) {
            in.skipWs();
            if (in.pos < n && (s.charAt(in.pos) == '\n' || s.charAt(in.pos) == '\r')) {
                in.fail(in.pos, "an inline table must be on one line; close it with '}' before the line ends");
            }
            keyValue(t, sect);
            in.skipWs();
            if (in.pos >= n) in.fail(in.pos, "the inline table opened at " + in.where(open) + " is never closed with '}'");
            char c = s.charAt(in.pos);
            if (c == ',') {
                in.pos++;
                in.skipWs();
                if (in.pos < n && s.charAt(in.pos) == '}') in.fail(in.pos, "a trailing comma is not allowed in an inline table");
            } else if (c == '}') {
                in.pos++;
                freeze(t);
                return t;
            } else if (c == '\n' || c == '\r' || c == '#') {
                in.fail(in.pos, "an inline table must be on one line; close it with '}' before the line ends");
            } else {
                in.fail(in.pos, "expected ',' or '}' in the inline table, found " + show(c));
            }
        }
    }

    /** An inline table is complete as written, and so is every table its dotted keys made. */
    private static void freeze(TomlTable t) {
        t.frozen = true;
        for (Object v : t.map.values()) {
            if (v instanceof TomlTable sub && !sub.frozen) freeze(sub);
        }
    }
}
