package dev.postern.auth;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader and a writer for flat objects: what token endpoints answer and what the
 * token file holds. postern's runtime class path has no JSON library (only a writer in cli), and a token response
 * is a handful of keys, so a hundred lines here cost less than a library's start-up. Strict means: one value and
 * nothing after it but white space, no trailing commas, no comments, no control characters in strings, no
 * duplicate keys, nesting at most 32 deep. Objects come back as {@code Map<String, Object>} in order, arrays as
 * {@code List<Object>}, numbers as {@link BigDecimal}, and true/false/null as Boolean and {@link #NULL}.
 */
public final class Json {
    /** JSON null (a Map cannot hold Java null as a value with meaning). */
    public static final Object NULL = new Object() {
        @Override public String toString() { return "null"; }
    };

    /** Not JSON, with where it stopped being JSON (never the text itself: it may hold a token). */
    public static final class Malformed extends Exception {
        Malformed(String what, int at) {
            super(what + " at character " + at);
        }
    }

    private final String s;
    private int i;
    private int depth;

    private Json(String s) {
        this.s = s;
    }

    public static Object parse(String text) throws Malformed {
        Json p = new Json(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) throw new Malformed("text after the value", p.i);
        return v;
    }

    /** The text must be one JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) throws Malformed {
        Object v = parse(text);
        if (!(v instanceof Map)) throw new Malformed("not an object", 0);
        return (Map<String, Object>) v;
    }

    private Object value() throws Malformed {
        if (i >= s.length()) throw new Malformed("unexpected end", i);
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw new Malformed("unexpected character", i);
            }
        };
    }

    private Object literal(String word, Object v) throws Malformed {
        if (!s.startsWith(word, i)) throw new Malformed("unexpected word", i);
        i += word.length();
        return v;
    }

    private Map<String, Object> object() throws Malformed {
        if (++depth > 32) throw new Malformed("nesting too deep", i);
        i++; // {
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (peek() == '}') {
            i++;
            depth--;
            return m;
        }
        while (true) {
            ws();
            if (peek() != '"') throw new Malformed("expected a key", i);
            int at = i;
            String k = string();
            ws();
            if (peek() != ':') throw new Malformed("expected ':'", i);
            i++;
            ws();
            if (m.put(k, value()) != null) throw new Malformed("duplicate key", at);
            ws();
            char c = peek();
            i++;
            if (c == '}') break;
            if (c != ',') throw new Malformed("expected ',' or '}'", i - 1);
        }
        depth--;
        return m;
    }

    private List<Object> array() throws Malformed {
        if (++depth > 32) throw new Malformed("nesting too deep", i);
        i++; // [
        List<Object> l = new ArrayList<>();
        ws();
        if (peek() == ']') {
            i++;
            depth--;
            return l;
        }
        while (true) {
            ws();
            l.add(value());
            ws();
            char c = peek();
            i++;
            if (c == ']') break;
            if (c != ',') throw new Malformed("expected ',' or ']'", i - 1);
        }
        depth--;
        return Collections.unmodifiableList(l);
    }

    private String string() throws Malformed {
        i++; // "
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw new Malformed("unterminated string", i);
            char c = s.charAt(i++);
            if (c == '"') return b.toString();
            if (c < 0x20) throw new Malformed("control character in a string", i - 1);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) throw new Malformed("unterminated escape", i);
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) throw new Malformed("short \\u escape", i);
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i++), 16);
                        if (d < 0) throw new Malformed("bad \\u escape", i - 1);
                        v = v * 16 + d;
                    }
                    b.append((char) v);
                }
                default -> throw new Malformed("bad escape", i - 1);
            }
        }
    }

    private BigDecimal number() throws Malformed {
        int start = i;
        if (peek() == '-') i++;
        if (peek() == '0') {
            i++;
        } else if (Character.isDigit(peek())) {
            while (Character.isDigit(peek())) i++;
        } else {
            throw new Malformed("bad number", i);
        }
        if (peek() == '.') {
            i++;
            if (!Character.isDigit(peek())) throw new Malformed("bad number", i);
            while (Character.isDigit(peek())) i++;
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') i++;
            if (!Character.isDigit(peek())) throw new Malformed("bad number", i);
            while (Character.isDigit(peek())) i++;
        }
        if (i - start > 40) throw new Malformed("number too long", start);
        try {
            return new BigDecimal(s.substring(start, i));
        } catch (NumberFormatException e) { // an exponent past an int's range: 1e99999999999
            throw new Malformed("number out of range", start);
        }
    }

    /**
     * A whole number of seconds in [{@code min}, {@code max}] from a JSON number (or a string of digits, as some
     * providers send expires_in), else null. The bounds are checked before the value is made a long: a number such
     * as 1e999999999 is short text, and turning it into a long computes ten to the billionth first (a hang), while
     * a 20-digit one wraps to a negative long.
     */
    public static Long seconds(Object v, long min, long max) {
        BigDecimal n = v instanceof BigDecimal b ? b : v instanceof String str && str.matches("\\d{1,18}") ? new BigDecimal(str) : null;
        if (n == null || n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) return null;
        return n.longValue();
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            i++;
        }
    }

    /** A flat object of strings, numbers, booleans and lists of strings, as JSON text. */
    public static String write(Map<String, ?> m) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ?> e : m.entrySet()) {
            if (e.getValue() == null) continue;
            if (!first) b.append(',');
            first = false;
            quote(b, e.getKey());
            b.append(':');
            writeValue(b, e.getValue());
        }
        return b.append('}').toString();
    }

    private static void writeValue(StringBuilder b, Object v) {
        if (v instanceof String str) {
            quote(b, str);
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) b.append(',');
                writeValue(b, l.get(k));
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    private static void quote(StringBuilder b, String v) {
        b.append('"');
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
