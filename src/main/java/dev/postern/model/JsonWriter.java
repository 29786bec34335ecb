package dev.postern.model;

import java.util.Collection;
import java.util.Map;

/**
 * A minimal JSON writer (batch output, audit logs). Strings keep their data exactly, but every character the
 * terminal sanitiser would neutralise (controls, bidi overrides) is written as a \\u escape, so JSON on a
 * terminal is as harmless as text output while a script still gets the true value.
 */
public final class JsonWriter {
    private JsonWriter() {}

    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) sb.append(',');
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else {
            string(sb, v.toString());
        }
    }

    /** Appends {@code s} as a JSON string (quoted, escaped as {@link #write} escapes it); null as {@code null}. */
    public static void appendString(StringBuilder sb, String s) {
        if (s == null) sb.append("null");
        else string(sb, s);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        int run = 0; // start of the characters not yet appended: appended as one run, not one by one
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c >= 0x20 && c < 0x7f ? null : escaped(s, i, c);
            };
            if (escape == null) continue;
            sb.append(s, run, i).append(escape);
            run = i + 1;
        }
        sb.append(s, run, s.length()).append('"');
    }

    /** The \\u escape of a character the terminal sanitiser would neutralise, or null to keep it as it is. */
    private static String escaped(String s, int i, char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c
                || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !validPair(s, i)) {
            return String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
        }
        return null;
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
