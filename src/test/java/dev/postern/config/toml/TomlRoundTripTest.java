package dev.postern.config.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random trees of every TOML type, written out as TOML in varied styles (headers, [[arrays of tables]], inline
 * tables, dotted keys, all four string forms, hex and underscores), read back by ours and by tomlj: both must give
 * the tree that was written. Fixed seeds, so a failure names a reproducible seed.
 */
class TomlRoundTripTest {
    private static final String[] KEYS = {"a", "b", "key", "bare-key", "under_score", "1234", "true", "a.b", "with space",
        "é", "日本", "q\"uote", "back\\slash", "", "tab\there", "'single'", "x-1_y"};
    private static final String CHARS = "abcxyz XYZ019 \"'\\\t\n\r\u0001\u001f\u007féü日本😀#=[]{}.,";

    @Test
    void randomTreesSurviveAWriteAndReadInBothParsers() {
        for (int seed = 1; seed <= 400; seed++) {
            Random r = new Random(seed);
            Map<String, Object> tree = table(r, 0);
            StringBuilder out = new StringBuilder();
            writeTable(r, out, new ArrayList<>(), tree);
            String text = out.toString();
            int s = seed;
            TomlParseResult ours = Toml.parse(text);
            assertFalse(ours.hasErrors(), () -> "seed " + s + ": " + ours.errors() + "\n" + text);
            assertEquals(tree, TomljTree.ours(ours.table()), () -> "seed " + s + "\n" + text);
            org.tomlj.TomlParseResult theirs = org.tomlj.Toml.parse(text);
            assertFalse(theirs.hasErrors(), () -> "seed " + s + " tomlj: " + theirs.errors() + "\n" + text);
            assertEquals(tree, TomljTree.tomlj(theirs), () -> "seed " + s + " tomlj\n" + text);
        }
    }

    // ---- generating ----

    private static Map<String, Object> table(Random r, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(depth == 0 ? 6 : 4);
        for (int i = 0; i < n; i++) m.put(KEYS[r.nextInt(KEYS.length)], value(r, depth));
        return m;
    }

    private static Object value(Random r, int depth) {
        int kind = r.nextInt(depth >= 3 ? 9 : 12);
        return switch (kind) {
            case 0 -> string(r);
            case 1 -> switch (r.nextInt(4)) {
                case 0 -> Long.MAX_VALUE;
                case 1 -> Long.MIN_VALUE;
                case 2 -> (long) r.nextInt(1000);
                default -> r.nextLong();
            };
            case 2 -> switch (r.nextInt(5)) {
                case 0 -> Double.POSITIVE_INFINITY;
                case 1 -> Double.NEGATIVE_INFINITY;
                case 2 -> Double.NaN;
                case 3 -> (double) r.nextInt(100) / 8;
                default -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL) * (r.nextBoolean() ? 1 : -1);
            };
            case 3 -> r.nextBoolean();
            case 4 -> LocalDate.of(1 + r.nextInt(9998), 1 + r.nextInt(12), 1 + r.nextInt(28));
            case 5 -> time(r);
            case 6 -> LocalDateTime.of(LocalDate.of(1970 + r.nextInt(100), 1 + r.nextInt(12), 1 + r.nextInt(28)), time(r));
            case 7 -> OffsetDateTime.of(LocalDateTime.of(LocalDate.of(1970 + r.nextInt(100), 1 + r.nextInt(12), 1 + r.nextInt(28)), time(r)),
                    offset(r));
            case 8 -> string(r);
            case 9, 10 -> table(r, depth + 1);
            default -> {
                List<Object> l = new ArrayList<>();
                int n = r.nextInt(4);
                boolean tables = r.nextBoolean();
                for (int i = 0; i < n; i++) l.add(tables ? table(r, depth + 1) : value(r, depth + 1));
                yield l;
            }
        };
    }

    /** Quarter hours from -12:00 to +11:45; never -00:MM, which tomlj misreads (see TomlDifferentialTest.TOMLJ_DEPARTS). */
    private static ZoneOffset offset(Random r) {
        int quarters = r.nextInt(24 * 4) - 48;
        if (quarters < 0 && quarters > -4) quarters = -quarters;
        return quarters == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(quarters * 15 * 60);
    }

    private static LocalTime time(Random r) {
        int nanos = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            default -> r.nextInt(1_000_000_000);
        };
        return LocalTime.of(r.nextInt(24), r.nextInt(60), r.nextInt(60), nanos);
    }

    private static String string(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(CHARS.length());
            if (Character.isHighSurrogate(CHARS.charAt(at))) {
                b.append(CHARS, at, at + 2);
            } else if (!Character.isLowSurrogate(CHARS.charAt(at))) {
                b.append(CHARS.charAt(at));
            }
        }
        return b.toString();
    }

    // ---- writing ----

    private static boolean isTableArray(Object v) {
        return v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Map);
    }

    /** Scalars and inline values first (some as dotted keys), then [sub.tables] and [[arrays.of.tables]]. */
    @SuppressWarnings("unchecked")
    private static void writeTable(Random r, StringBuilder out, List<String> path, Map<String, Object> t) {
        List<String> later = new ArrayList<>();
        for (Map.Entry<String, Object> e : t.entrySet()) {
            Object v = e.getValue();
            if ((v instanceof Map || isTableArray(v)) && r.nextInt(3) > 0) {
                later.add(e.getKey());
            } else if (v instanceof Map<?, ?> m && !m.isEmpty() && m.values().stream().noneMatch(x -> x instanceof Map) && r.nextBoolean()) {
                for (Map.Entry<?, ?> d : m.entrySet()) { // as dotted keys: sub.key = value
                    out.append(key(r, e.getKey())).append(r.nextBoolean() ? "." : " . ").append(key(r, (String) d.getKey()))
                            .append(" = ").append(inline(r, d.getValue())).append('\n');
                }
            } else {
                out.append(key(r, e.getKey())).append(" = ").append(inline(r, v)).append(r.nextBoolean() ? " # c\n" : "\n");
            }
        }
        for (String k : later) {
            List<String> sub = new ArrayList<>(path);
            sub.add(k);
            Object v = t.get(k);
            if (v instanceof Map<?, ?> m) {
                out.append("\n[").append(header(r, sub)).append("]\n");
                writeTable(r, out, sub, (Map<String, Object>) m);
            } else {
                for (Object x : (List<Object>) v) {
                    out.append("\n[[").append(header(r, sub)).append("]]\n");
                    writeTable(r, out, sub, (Map<String, Object>) x);
                }
            }
        }
    }

    private static String header(Random r, List<String> path) {
        StringBuilder b = new StringBuilder();
        for (String p : path) {
            if (b.length() > 0) b.append(r.nextBoolean() ? "." : " . ");
            b.append(key(r, p));
        }
        return b.toString();
    }

    private static String key(Random r, String k) {
        if (!k.isEmpty() && k.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_') && r.nextBoolean()) return k;
        if (!k.contains("'") && k.chars().noneMatch(c -> c < 0x20 || c == 0x7f) && r.nextBoolean()) return "'" + k + "'";
        return basic(r, k);
    }

    private static String basic(Random r, String s) {
        return basic(r, s, false);
    }

    /** A basic string; with {@code rawNewlines} (for """ strings) a newline may be written as itself. */
    private static String basic(Random r, String s, boolean rawNewlines) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append(rawNewlines && r.nextBoolean() ? "\n" : "\\n");
                case '\t' -> b.append(r.nextBoolean() ? "\\t" : "\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else if (c == 'é' && r.nextBoolean()) {
                        b.append("\\u00e9");
                    } else if (Character.isHighSurrogate(c) && r.nextBoolean()) {
                        b.append(String.format("\\U%08X", s.codePointAt(i)));
                        i++;
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private static String inline(Random r, Object v) {
        if (v instanceof String s) {
            boolean plain = s.chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
            if (plain && !s.contains("'") && r.nextInt(3) == 0) return "'" + s + "'";
            if (plain && !s.contains("'''") && !s.endsWith("'") && r.nextInt(3) == 0) return "'''" + (r.nextBoolean() ? "\n" : "") + s + "'''";
            if (r.nextInt(3) == 0) {
                String body = basic(r, s, true);
                body = body.substring(1, body.length() - 1);
                // a newline right after the opening quotes is dropped, so a value starting with one needs a second
                return "\"\"\"" + (body.startsWith("\n") || r.nextBoolean() ? "\n" : "") + body + (r.nextBoolean() ? "\\\n   " : "") + "\"\"\"";
            }
            return basic(r, s);
        }
        if (v instanceof Long l) {
            if (l >= 0 && r.nextInt(4) == 0) return "0x" + Long.toHexString(l);
            if (l >= 0 && r.nextInt(4) == 0) return "0o" + Long.toOctalString(l);
            if (l >= 0 && r.nextInt(4) == 0) return "0b" + Long.toBinaryString(l);
            String d = Long.toString(l);
            if (d.length() > 4 && r.nextBoolean()) d = d.substring(0, d.length() - 3) + "_" + d.substring(d.length() - 3);
            return l >= 0 && r.nextInt(4) == 0 ? "+" + d : d;
        }
        if (v instanceof Double d) {
            if (d.isNaN()) return r.nextBoolean() ? "nan" : "+nan";
            if (d.isInfinite()) return d > 0 ? (r.nextBoolean() ? "inf" : "+inf") : "-inf";
            return Double.toString(d);
        }
        if (v instanceof Boolean) return v.toString();
        if (v instanceof LocalDate d) return d.toString();
        if (v instanceof LocalTime t) return time(t);
        if (v instanceof LocalDateTime t) return t.toLocalDate() + (r.nextBoolean() ? "T" : " ") + time(t.toLocalTime());
        if (v instanceof OffsetDateTime t) {
            String off = t.getOffset().equals(ZoneOffset.UTC) ? (r.nextBoolean() ? "Z" : "+00:00") : t.getOffset().toString();
            return t.toLocalDate() + "T" + time(t.toLocalTime()) + off;
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(b.length() > 1 ? ", " : " ").append(key(r, (String) e.getKey())).append(" = ").append(inline(r, e.getValue()));
            }
            return b.append(m.isEmpty() ? "}" : " }").toString();
        }
        List<Object> l = (List<Object>) v;
        boolean multi = r.nextBoolean();
        StringBuilder b = new StringBuilder("[");
        for (Object x : l) b.append(multi ? "\n  " : " ").append(inline(r, x)).append(",").append(multi && r.nextBoolean() ? " # c" : "");
        if (!l.isEmpty() && r.nextBoolean()) b.setLength(b.length() - (b.charAt(b.length() - 1) == ',' ? 1 : 0));
        return b.append(multi ? "\n]" : " ]").toString();
    }

    private static String time(LocalTime t) {
        String s = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        return t.getNano() == 0 ? s : s + "." + String.format("%09d", t.getNano());
    }
}
