package dev.postern.render;

import java.nio.charset.StandardCharsets;
import java.text.ParsePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message's header block read the way a mail reader must read it: whatever the bytes are. Used when a
 * server's own summary of a message (IMAP ENVELOPE) cannot be parsed or was degraded by the server's
 * parser, and for POP3, where there is no summary at all. Never throws; every value is decoded (8-bit
 * bytes as UTF-8 or legacy, RFC 2047 words in any charset) but NOT sanitised, like every envelope string.
 * Bounded: each value is cut at {@link #MAX_VALUE_CHARS} (a longer field is stepped over, the fields after it still
 * read); the IMAP fallback fetches only the first {@link #MAX_HEADER_BYTES} of a header.
 */
public final class LenientHeaders {
    public static final int MAX_HEADER_BYTES = 256 * 1024;
    public static final int MAX_VALUE_CHARS = 16 * 1024;
    /** The most addresses {@link #addresses} reads of one field; a field naming more is cut there. */
    public static final int MAX_ADDRESSES = 1_000;
    /** The digits after the month name in an RFC 5322 date ("01 Jan 0000"): the year as written. */
    private static final Pattern WRITTEN_YEAR =
            Pattern.compile("(?i)\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?[ ,-]+(\\d{1,12})\\b");
    private static final Pattern ANGLE_ID = Pattern.compile("<[^<>\\s]{1,998}>");

    private final Map<String, String> first;

    private LenientHeaders(Map<String, String> first) {
        this.first = first;
    }

    /** The header block of {@code raw} (a whole message or only its header). */
    public static LenientHeaders parse(byte[] raw) {
        Map<String, String> first = new LinkedHashMap<>();
        if (raw == null) return new LenientHeaders(first);
        // The whole block is walked, as the pager walks it: a field of megabytes before From, Subject and Date (cut
        // at MAX_VALUE_CHARS as every value is) is stepped over, not where the reading stops (hunt 35-E, E10).
        int end = raw.length;
        raw = MimeParser.crLineEnds(raw, end); // bare-CR line ends read as the renderer reads them
        int pos = 0;
        if (end >= 3 && raw[0] == (byte) 0xEF && raw[1] == (byte) 0xBB && raw[2] == (byte) 0xBF) pos = 3;
        if (MimeParser.mboxFromLine(raw, pos, end)) pos = MimeParser.nextLine(raw, pos, end);
        String name = null;
        StringBuilder value = new StringBuilder();
        while (pos < end) {
            int eol = MimeParser.lineEnd(raw, pos, end);
            int next = MimeParser.nextLine(raw, pos, end);
            if (eol == pos) break; // the empty line ending the block
            byte b = raw[pos];
            if ((b == ' ' || b == '\t') && name != null) {
                if (value.length() < MAX_VALUE_CHARS * 4) value.append(' ').append(MimeParser.latin1(raw, pos, eol).strip());
                pos = next;
                continue;
            }
            if (name != null) keep(first, name, value.toString());
            int colon = -1;
            for (int i = pos; i < eol; i++) {
                if (raw[i] == ':') { colon = i; break; }
                if (raw[i] <= 32 && raw[i] >= 0 && !(raw[i] == ' ' || raw[i] == '\t')) break;
            }
            if (colon <= pos) {
                name = null; // junk among the headers: skipped, the rest still read
                pos = next;
                continue;
            }
            name = MimeParser.latin1(raw, pos, colon).strip().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(MimeParser.latin1(raw, colon + 1, Math.min(eol, colon + 1 + MAX_VALUE_CHARS * 4)).strip());
            pos = next;
        }
        if (name != null) keep(first, name, value.toString());
        return new LenientHeaders(first);
    }

    /** The field that counts when a name repeats: the first, but the last Date ({@link #date}). */
    private static void keep(Map<String, String> fields, String name, String value) {
        if (name.equals("date")) fields.put(name, value);
        else fields.putIfAbsent(name, value);
    }

    /** The field of that name that counts ({@link #keep}: the first, the last Date), undecoded (Latin-1), or null. */
    public String raw(String name) {
        return first.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The first field of that name decoded to text (8-bit bytes and RFC 2047 words), or "" when absent. Raw 8-bit
     * bytes that are not UTF-8 are read in the charset the message's Content-Type declares, as the pager reads them.
     */
    public String text(String name) {
        String v = raw(name);
        return v == null ? "" : cut(HeaderText.decode(v, HeaderText.charsetOf(raw("content-type"))));
    }

    /**
     * Every address of the first field of that name, each as "Name &lt;addr&gt;" or the bare address.
     * Display names are decoded (RFC 2047, also inside quotes); group names are dropped, their members kept;
     * a value with no recognisable address is kept as one decoded entry rather than lost.
     */
    public List<String> addresses(String name) {
        String v = raw(name);
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        String text = Charsets.unlabelled(latin1Bytes(v), 0, v.length(), null);
        for (String chunk : splitTopLevel(text)) {
            if (out.size() >= MAX_ADDRESSES) break;
            String a = address(chunk);
            if (!a.isEmpty()) out.add(cut(a));
        }
        return out;
    }

    /**
     * The Date field as an instant, reading the broken forms senders produce; null when there is none. Of several Date
     * fields (RFC 5322 allows one) the last is the message's date wherever postern reads the header (here for POP3, import
     * and the IMAP fallback; the renderer's Date line): it is what the ENVELOPE of Dovecot and Cyrus gives and what mutt's
     * index shows, so `list`, the index, sorting, JSON, the store and `read` say one date (hunt 32-U F4: the index had the
     * last, from Dovecot's ENVELOPE, the pager the first). An IMAP listing's date is the server's ENVELOPE's, by both of
     * its paths alike (StreamedEnvelopesGreenMailTest holds them equal).
     */
    public Instant date() {
        String v = raw("date");
        if (v == null) return null;
        return parseDate(v);
    }

    /** The first "&lt;id&gt;" in the field, or its stripped value when it has none; null when absent. */
    public String messageId(String name) {
        String v = raw(name);
        if (v == null || v.isBlank()) return null;
        Matcher m = ANGLE_ID.matcher(v);
        return m.find() ? m.group() : cut(v.strip());
    }

    /**
     * Whether the date text's year is written in four or more digits and is before 1900 ("01 Jan 0000"): Jakarta's
     * parser takes every year below 100 as a two-digit year, whatever its digits, and made that one 2000. Cheap for a
     * date of these centuries (a listing asks it of every message): only a run of four digits or more that starts with
     * 0 or 1 and is not a zone's is looked at with the pattern.
     */
    public static boolean yearWrittenBefore1900(String s) {
        boolean candidate = false;
        for (int i = 0, n = s.length(); i < n && !candidate; ) {
            if (!Character.isDigit(s.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && Character.isDigit(s.charAt(j))) j++;
            char sign = i > 0 ? s.charAt(i - 1) : ' ';
            candidate = j - i >= 4 && (s.charAt(i) == '0' || s.charAt(i) == '1') && sign != '+' && sign != '-';
            i = j;
        }
        if (!candidate) return false;
        Matcher y = WRITTEN_YEAR.matcher(s);
        return y.find() && y.group(1).length() >= 4 && Long.parseLong(y.group(1).substring(0, Math.min(9, y.group(1).length()))) < 1900;
    }

    /**
     * A Date field's value as an instant, or null when it is unreadable or noise ({@link #plausibleDate(Instant)}).
     * The reading of a Date header (POP3, import, the renderer, a parsed message); the IMAP listing reads the
     * ENVELOPE's date with Angus's parser and {@link #yearWrittenBefore1900}, as its Angus path does.
     */
    public static Instant parseDate(String v) {
        if (v == null) return null;
        String s = v.strip();
        if (oddSpaces(s)) s = s.replaceAll("\\s+", " ");
        if (s.isEmpty() || s.length() > 200) return null;
        // Jakarta maps years below 100 as two-digit years whatever their digits: "01 Jan 0000" became 2000-01-01.
        // A year written in four or more digits is that year, and one before 1900 is noise.
        if (yearWrittenBefore1900(s)) return null;
        try {
            Date d = new jakarta.mail.internet.MailDateFormat().parse(s, new ParsePosition(0));
            if (d != null) return plausible(d.toInstant());
        } catch (RuntimeException e) {
            // fall through to the looser forms below
        }
        // ISO 8601 and the bare forms some scripts write.
        try {
            return plausible(java.time.OffsetDateTime.parse(s.replace(' ', 'T')).toInstant());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code s} has white space other than single spaces (folds, tabs, runs): the pattern is run only then. */
    private static boolean oddSpaces(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) && (c != ' ' || i + 1 < n && Character.isWhitespace(s.charAt(i + 1)))) return true;
        }
        return false;
    }

    /** {@code i}, or null when it is past year 9999 or before 1900: noise, not a date (null stays null). */
    public static Instant plausibleDate(Instant i) {
        return i == null ? null : plausible(i);
    }

    /**
     * {@code sent}, or null when it is noise: past year 9999, before 1900 (no mail was sent then), or more than a year after both
     * the message's arrival ({@code arrived}) and now. A lenient reader makes "Mon, 32 Foo 99999 25:61:61" the year
     * 3609, which kept the message above every other in every newest-first list; the arrival date stands in. Not
     * the arrival alone: an INTERNALDATE of 1970 (a phone with a reset clock appending to Sent, a migration tool)
     * threw away every right Date after it, and the message was listed, sorted and aged as 1970 (hunt 38-T, T7).
     */
    public static Instant plausibleDate(Instant sent, Instant arrived) {
        Instant i = plausibleDate(sent);
        if (i == null) return null;
        Instant now = Instant.now();
        Instant base = arrived != null && arrived.isAfter(now) ? arrived : now;
        return i.isAfter(base.plus(java.time.Duration.ofDays(366))) ? null : i;
    }

    /** A date past year 9999 or before 1900 is noise, not a date: the arrival date stands in. */
    private static Instant plausible(Instant i) {
        if (i.isBefore(FIRST) || i.isAfter(LAST)) return null;
        return i;
    }

    // Parsed once: parsing them at every date was a tenth of a 20k listing's allocation and its costliest call (issue 16).
    private static final Instant FIRST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    static String address(String chunk) {
        String c = chunk.strip();
        // Group syntax: "Friends: a@x, b@y;" was split at commas; drop the group name and the semicolon.
        int colon = c.indexOf(':');
        int lt = c.indexOf('<');
        int quote = c.indexOf('"');
        if (colon > 0 && (lt < 0 || colon < lt) && (quote < 0 || quote > colon)) c = c.substring(colon + 1).strip();
        if (c.endsWith(";")) c = c.substring(0, c.length() - 1).strip();
        if (c.isEmpty()) return "";
        int open = c.lastIndexOf('<');
        int close = open < 0 ? -1 : c.indexOf('>', open);
        if (open >= 0) {
            String addr = (close < 0 ? c.substring(open + 1) : c.substring(open + 1, close)).strip();
            String name = displayName(c.substring(0, open));
            if (addr.isEmpty()) return name;
            return name.isEmpty() ? addr : name + " <" + addr + ">";
        }
        // "addr (Name)": the old comment form.
        int paren = c.indexOf('(');
        if (paren > 0 && c.endsWith(")")) {
            String name = displayName(c.substring(paren + 1, c.length() - 1));
            String addr = c.substring(0, paren).strip();
            return name.isEmpty() ? addr : name + " <" + addr + ">";
        }
        return Rfc2047.decode(c).strip();
    }

    private static String displayName(String phrase) {
        String p = phrase.strip();
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
            p = p.substring(1, p.length() - 1).replaceAll("\\\\(.)", "$1");
        } else {
            p = p.replace("\"", "");
        }
        return Rfc2047.decode(p).strip();
    }

    /** Splits at commas outside quotes, angle brackets and comments. */
    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        int paren = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < s.length()) {
                    cur.append(c).append(s.charAt(++i));
                    continue;
                }
                if (c == '"') quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle++;
            } else if (c == '>' && angle > 0) {
                angle--;
            } else if (c == '(') {
                paren++;
            } else if (c == ')' && paren > 0) {
                paren--;
            } else if (c == ',' && angle == 0 && paren == 0) {
                if (!cur.toString().isBlank()) out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        if (!cur.toString().isBlank()) out.add(cur.toString());
        return out;
    }

    private static String cut(String s) {
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…";
    }

    private static byte[] latin1Bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
