package dev.postern.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A structured header value with parameters (Content-Type, Content-Disposition), parsed leniently:
 * quoted or bare values, comments, missing semicolons, RFC 2231 continuations and charsets
 * ({@code filename*0*=utf-8''%E2%82%AC}), and RFC 2047 words in quoted values, which RFC 2047 forbids
 * but Outlook and others send in file names.
 */
record HeaderParams(String value, Map<String, String> params) {
    private static final HeaderParams EMPTY = new HeaderParams("", Map.of());

    String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    static HeaderParams parse(String raw) {
        if (raw == null) return EMPTY;
        try {
            byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
            String text = Charsets.isAscii(bytes, 0, bytes.length) ? raw : Charsets.unlabelled(bytes, 0, bytes.length);
            return parseValue(text.replaceAll("\r?\n", ""));
        } catch (RuntimeException e) {
            return EMPTY;
        }
    }

    private static HeaderParams parseValue(String s) {
        int semi = s.indexOf(';');
        String value = withoutComments(semi < 0 ? s : s.substring(0, semi)).trim();
        // Some senders write "text/plain charset=..." without the semicolon.
        int space = value.indexOf(' ');
        String rest = semi < 0 ? "" : s.substring(semi + 1);
        if (space > 0) {
            rest = value.substring(space) + ";" + rest;
            value = value.substring(0, space);
        }
        Map<String, String> simple = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String[]>> continued = new LinkedHashMap<>();
        int i = 0;
        int n = rest.length();
        while (i < n) {
            while (i < n && (rest.charAt(i) == ';' || Character.isWhitespace(rest.charAt(i)))) i++;
            int eq = rest.indexOf('=', i);
            if (eq < 0) break;
            String name = rest.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && Character.isWhitespace(rest.charAt(i))) i++;
            String val;
            boolean quoted = i < n && rest.charAt(i) == '"';
            if (quoted) {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n && rest.charAt(i) != '"') {
                    char c = rest.charAt(i);
                    if (c == '\\' && i + 1 < n) c = rest.charAt(++i);
                    sb.append(c);
                    i++;
                }
                i++;
                val = sb.toString();
            } else {
                int end = rest.indexOf(';', i);
                if (end < 0) end = n;
                val = rest.substring(i, end).trim();
                i = end;
            }
            if (name.isEmpty() || name.contains(" ")) {
                name = name.substring(name.lastIndexOf(' ') + 1);
                if (name.isEmpty()) continue;
            }
            addParam(simple, continued, name, val);
        }
        Map<String, String> params = new LinkedHashMap<>(simple);
        continued.forEach((name, sections) -> {
            if (sections.containsKey(0)) params.put(name, joinSections(sections)); // no section 0: nothing to join
        });
        return new HeaderParams(value, params);
    }

    /**
     * {@code v} without its comments, as {@code v.replaceAll("\\(.*?\\)", "")} removed them (from a '(' to the
     * first ')' after it on the same line), in one pass. That pattern walked from every '(' to the end of the value
     * when no ')' followed: a type of 100,000 '(' took 21 s to parse (hunt 34-E2), at every render and in the
     * index worker. Here each character is looked at once: when no ')' follows a '(', none follows a later one.
     */
    static String withoutComments(String v) {
        int at = v.indexOf('(');
        if (at < 0) return v;
        int n = v.length();
        StringBuilder out = new StringBuilder(n);
        int kept = 0; // v[kept, at) is copied when a comment starts at 'at'
        while (at >= 0) {
            int j = at + 1;
            while (j < n && v.charAt(j) != ')' && !lineTerminator(v.charAt(j))) j++;
            if (j == n) break;
            if (v.charAt(j) == ')') {
                out.append(v, kept, at);
                kept = j + 1;
            } // else a line ends first: no comment starts at 'at', nor at a '(' before that line's end
            at = v.indexOf('(', j + 1);
        }
        return out.append(v, kept, n).toString();
    }

    /** What a regular expression's '.' does not match (java.util.regex.Pattern, without DOTALL or UNIX_LINES). */
    private static boolean lineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static void addParam(Map<String, String> simple, Map<String, TreeMap<Integer, String[]>> continued,
                                 String name, String val) {
        boolean extended = name.endsWith("*");
        String base = extended ? name.substring(0, name.length() - 1) : name;
        int star = base.indexOf('*');
        if (star >= 0) {
            // RFC 2231: sections count 0, 1, 2... without a sign or leading zeros; "*-1" or "*4294967296" is noise.
            String digits = base.substring(star + 1);
            if (!digits.matches("0|[1-9][0-9]{0,5}")) return;
            int section = Integer.parseInt(digits);
            continued.computeIfAbsent(base.substring(0, star), k -> new TreeMap<>())
                    .put(section, new String[] {val, extended ? "*" : ""});
        } else if (extended) {
            simple.put(base, decode2231(val, null, true));
        } else {
            // An RFC 2231 value wins over a plain one of the same name.
            simple.putIfAbsent(base, Rfc2047.decode(val));
        }
    }

    private static String joinSections(TreeMap<Integer, String[]> sections) {
        String charset = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        int expected = 0;
        for (Map.Entry<Integer, String[]> e : sections.entrySet()) {
            // Only sections 0, 1, 2... in a row: one after a gap, or a name without its section 0, is not joined.
            if (e.getKey() != expected++) break;
            String[] s = e.getValue();
            String v = s[0];
            boolean ext = !s[1].isEmpty();
            if (ext && first) {
                int q1 = v.indexOf('\'');
                int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                if (q2 > 0) {
                    charset = v.substring(0, q1);
                    v = v.substring(q2 + 1);
                }
            }
            byte[] b = ext ? percentDecode(v) : v.getBytes(StandardCharsets.ISO_8859_1);
            bytes.write(b, 0, b.length);
            first = false;
        }
        return Charsets.decode(bytes.toByteArray(), charset);
    }

    private static String decode2231(String v, String charset, boolean hasPrefix) {
        if (hasPrefix) {
            int q1 = v.indexOf('\'');
            int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
            if (q2 > 0) {
                charset = v.substring(0, q1);
                v = v.substring(q2 + 1);
            }
        }
        return Charsets.decode(percentDecode(v), charset);
    }

    private static byte[] percentDecode(String v) {
        return TransferDecoding.unescapeHex(v.getBytes(StandardCharsets.ISO_8859_1), (byte) '%');
    }
}
