package dev.postern.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The search language: terms side by side must all match; {@code or} between terms, {@code -} or
 * {@code not} before a term negates it, parentheses group. Terms: {@code from: to: cc: subject: body:
 * text:} with a word or a "quoted phrase"; {@code since:} / {@code before:} with YYYY-MM-DD;
 * {@code larger:} / {@code smaller:} with a size such as 10k or 2M; a flag name ({@code seen},
 * {@code flagged}, {@code answered}, {@code draft}, {@code deleted}, or {@code unseen}/{@code unread});
 * a bare word searches the whole text. Example:
 * {@code from:bob subject:"report" since:2026-01-01 body:invoice -seen}.
 */
public final class QueryParser {
    /**
     * How deep parentheses and negations may nest, and how many terms a search may have. The parser, the store's
     * match and the IMAP search term all recurse once per level: 2,000 parentheses (or 3,000 leading '-') overflowed
     * the stack, an internal error, and through a daemon a false "the owner stopped" (hunt 38-Q, Q13). A query is
     * user input: past these it is one usage sentence.
     */
    static final int MAX_DEPTH = 64;
    static final int MAX_TERMS = 1000;

    private final List<String> tokens;
    private int pos;
    private int depth;
    private int terms;

    private QueryParser(List<String> tokens) {
        this.tokens = tokens;
    }

    /** Parses a query; throws PosternException(USAGE) with one sentence saying what is wrong. */
    public static Query parse(String text) {
        QueryParser p = new QueryParser(tokenize(text));
        if (p.tokens.isEmpty()) throw bad("the search is empty; try e.g. from:bob subject:report -seen");
        Query q = p.or();
        if (p.pos < p.tokens.size()) throw bad("unexpected '" + p.tokens.get(p.pos) + "' in the search");
        return q;
    }

    private Query or() {
        List<Query> any = new ArrayList<>();
        any.add(and());
        while (peekIs("or")) {
            pos++;
            any.add(and());
        }
        return any.size() == 1 ? any.get(0) : new Query.Or(any);
    }

    private Query and() {
        List<Query> all = new ArrayList<>();
        while (pos < tokens.size() && !peekIs("or") && !tokens.get(pos).equals(")")) all.add(unary());
        if (all.isEmpty()) throw bad("a search term is missing" + (pos < tokens.size() ? " before '" + tokens.get(pos) + "'" : " at the end"));
        return all.size() == 1 ? all.get(0) : new Query.And(all);
    }

    private Query unary() {
        String t = tokens.get(pos);
        if (t.equals("-") || t.equalsIgnoreCase("not")) {
            pos++;
            if (pos >= tokens.size()) throw bad("'" + t + "' needs a term after it");
            deeper();
            Query q = new Query.Not(unary());
            depth--;
            return q;
        }
        if (t.equals("(")) {
            pos++;
            deeper();
            Query q = or();
            if (pos >= tokens.size() || !tokens.get(pos).equals(")")) throw bad("a '(' is not closed");
            pos++;
            depth--;
            return q;
        }
        pos++;
        if (++terms > MAX_TERMS) {
            throw bad("a search of more than " + MAX_TERMS + " terms is not read; split it into several searches");
        }
        return term(t);
    }

    private void deeper() {
        if (++depth > MAX_DEPTH) {
            throw bad("a search nested more than " + MAX_DEPTH + " levels deep (parentheses, '-' and 'not') is not read;"
                    + " flatten it");
        }
    }

    private boolean peekIs(String word) {
        return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(word);
    }

    private static Query term(String t) {
        int colon = t.indexOf(':');
        if (colon > 0 && !t.startsWith("\"")) {
            String key = t.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = unquote(t.substring(colon + 1));
            if (value.isEmpty()) throw bad("'" + key + ":' needs a value");
            switch (key) {
                case "from": return contains(Query.Field.FROM, value);
                case "to": return contains(Query.Field.TO, value);
                case "cc": return contains(Query.Field.CC, value);
                case "subject": return contains(Query.Field.SUBJECT, value);
                case "body": return contains(Query.Field.BODY, value);
                case "text": return contains(Query.Field.TEXT, value);
                case "since": return new Query.OnDay(day(key, value), true);
                case "before": return new Query.OnDay(day(key, value), false);
                case "larger": return new Query.Size(size(key, value), true);
                case "smaller": return new Query.Size(size(key, value), false);
                case "is": return flag(value);
                default: throw bad("'" + key + ":' is not a search field; use from, to, cc, subject, body, text, since, "
                        + "before, larger, smaller or is");
            }
        }
        if (!t.startsWith("\"")) {
            String lower = t.toLowerCase(Locale.ROOT);
            for (Flag f : Flag.values()) if (f.label().equals(lower)) return new Query.HasFlag(f);
            if (lower.equals("unseen") || lower.equals("unread")) return new Query.Not(new Query.HasFlag(Flag.SEEN));
            if (lower.equals("read")) return new Query.HasFlag(Flag.SEEN);
        }
        return contains(Query.Field.TEXT, unquote(t));
    }

    /** The longest text a search looks for; IMAP servers refuse longer literals (Dovecot: BYE at 64 KiB). */
    static final int MAX_TEXT = 1000;

    private static Query contains(Query.Field field, String value) {
        if (value.length() > MAX_TEXT) {
            throw bad("a search text of " + value.length() + " characters is longer than postern looks for ("
                    + MAX_TEXT + " at most); search for a shorter piece of it");
        }
        return new Query.Contains(field, value);
    }

    private static Query flag(String v) {
        Query q = term(v);
        if (q instanceof Query.Contains) throw bad("'is:" + v + "' is not a flag; use seen, unseen, flagged, answered, draft or deleted");
        return q;
    }

    private static LocalDate day(String key, String v) {
        LocalDate d;
        try {
            d = LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw bad("'" + key + ":" + v + "' needs a date as YYYY-MM-DD");
        }
        // IMAP writes a year in four digits: year 0000 went out as a SEARCH the server called malformed, said as the
        // server's fault, 75 (hunt 38-T, T11).
        if (d.getYear() < 1000 || d.getYear() > 9999) throw bad("'" + key + ":" + v + "' needs a year from 1000 to 9999");
        return d;
    }

    private static long size(String key, String v) {
        String s = v.toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("k")) mult = 1024;
        else if (s.endsWith("m")) mult = 1024 * 1024;
        else if (s.endsWith("g")) mult = 1024L * 1024 * 1024;
        if (mult != 1) s = s.substring(0, s.length() - 1);
        try {
            long n = Long.parseLong(s);
            if (n < 0) throw new NumberFormatException();
            return Math.multiplyExact(n, mult); // 9999999999G went round to a negative size (hunt 38-Q, Q7)
        } catch (ArithmeticException e) {
            throw bad("'" + key + ":" + v + "' is more than any size postern can count");
        } catch (NumberFormatException e) {
            throw bad("'" + key + ":" + v + "' needs a size such as 500, 10k or 2M");
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** Words, "quoted phrases" (also after key:), parentheses and a leading '-' as their own tokens. */
    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '-' && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1))) {
                out.add("-");
                i++;
            } else {
                StringBuilder sb = new StringBuilder();
                boolean quoted = false;
                while (i < n) {
                    char d = text.charAt(i);
                    if (d == '"') {
                        quoted = !quoted;
                    } else if (!quoted && (Character.isWhitespace(d) || d == '(' || d == ')')) {
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                if (quoted) throw bad("a quote is not closed");
                out.add(sb.toString());
            }
        }
        return out;
    }

    private static PosternException bad(String what) {
        return new PosternException(ExitCode.USAGE, what + ".");
    }
}
