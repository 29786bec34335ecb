package dev.postern.render;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bytes to text when the label cannot be trusted. Mail lies about charsets all the time (us-ascii
 * with 8-bit bytes, made-up names, nothing at all), so the order is: the declared charset if Java
 * knows it and the bytes fit it, else UTF-8 if the bytes are valid UTF-8 (or mostly: bad bytes become
 * U+FFFD), else windows-1252, which
 * maps almost every byte to something legible. Latin-1 labels are read as windows-1252, its superset
 * in practice, so that 0x80-0x9F show as quotes and dashes rather than C1 controls.
 */
public final class Charsets {
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private Charsets() {}

    static String decode(byte[] bytes, String declared) {
        return decode(bytes, 0, bytes.length, declared);
    }

    static String decode(byte[] bytes, int off, int len, String declared) {
        Charset cs = lookup(declared);
        if (cs == null || cs.equals(StandardCharsets.US_ASCII)) return unlabelled(bytes, off, len);
        boolean ascii = isAscii(bytes, off, len);
        if (ascii && cs.equals(StandardCharsets.UTF_8)) return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        if (!ascii && cs.equals(WINDOWS_1252)) {
            // Multi-byte UTF-8 labelled Latin-1 is far more common than Latin-1 that happens to be valid UTF-8.
            String utf8 = strict(bytes, off, len, StandardCharsets.UTF_8);
            if (utf8 != null) return utf8;
        }
        String strict = strict(bytes, off, len, cs);
        if (strict != null) return strict;
        String utf8 = strict(bytes, off, len, StandardCharsets.UTF_8);
        if (utf8 != null) return utf8;
        return new String(bytes, off, len, cs);
    }

    /**
     * Decoded text of at most {@code maxChars} chars, decoding only as much of the bytes as that takes:
     * the label checks (does the text fit its charset, is it UTF-8) look at that window too. {@code more}
     * counts what was not shown: exact chars when every byte was decoded, else the chars decoded past the
     * budget plus the bytes never decoded (an estimate: no charset makes more than one char of a byte).
     */
    record Prefix(String text, long more, boolean exact) {}

    static Prefix decode(byte[] bytes, int off, int len, String declared, int maxChars) {
        int max = Math.max(0, maxChars);
        // Enough bytes for maxChars of any single-byte or ASCII text, with room to end the window at a line break.
        int window = windowEnd(bytes, off, len, (long) max + 4096 + 16);
        String s = decode(bytes, off, window, declared);
        if (s.length() <= max && window < len) {
            // Multi-byte text: no charset spends more than four bytes on a char.
            window = windowEnd(bytes, off, len, 4L * max + 4096 + 16);
            s = decode(bytes, off, window, declared);
        }
        int cut = Math.min(max, s.length());
        if (cut > 0 && cut < s.length() && Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
        long more = (long) (s.length() - cut) + (len - window);
        // One char a byte so far and only ASCII bytes left: the count is exact (a plain scan, no decoding).
        boolean exact = window == len || (s.length() == window && isAscii(bytes, off + window, len - window));
        return new Prefix(s.substring(0, cut), more, exact);
    }

    /**
     * How many of the {@code len} bytes to decode for a window of about {@code want}: all if there are not
     * many more; else ending after a line break near the end, or before a UTF-8 sequence, so that the strict
     * checks do not fail on a character the window cut in two.
     */
    private static int windowEnd(byte[] b, int off, int len, long want) {
        if (want >= len) return len;
        int w = (int) want;
        for (int i = w - 1; i >= Math.max(0, w - 4096); i--) {
            if (b[off + i] == '\n') return i + 1;
        }
        int back = 0;
        while (w > 1 && back < 4 && (b[off + w] & 0xC0) == 0x80) {
            w--;
            back++;
        }
        return w;
    }

    /**
     * A header value whose raw bytes were read one char a byte (as Angus reads an ENVELOPE from a server without
     * UTF8=ACCEPT), decoded as {@link LenientHeaders} decodes the header itself: UTF-8 where valid, else
     * windows-1252 (ISO-2022-JP when it has its escapes; mostly-UTF-8 with a stray bad byte stays UTF-8), so the index and the message agree on "Müller". A value
     * with a char above U+00FF was decoded already and stays as it is.
     */
    public static String rawHeader(String s) {
        return rawHeader(s, null);
    }

    /**
     * As {@link #rawHeader(String)}, trying {@code hint} (the body's charset) before windows-1252. A value of 7-bit
     * chars without ESC (no ISO-2022-JP) is its own text and is returned as it is, without the copy to bytes and back
     * (most values: a 20,000-message listing made 60 MB of such copies, issue 16).
     */
    static String rawHeader(String s, String hint) {
        boolean plain = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) return s; // already text
            if (c >= 0x80 || c == 0x1B) plain = false;
        }
        if (plain) return s;
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        return unlabelled(bytes, 0, bytes.length, hint);
    }

    /** For bytes with no usable label, such as raw 8-bit header values. */
    static String unlabelled(byte[] bytes, int off, int len) {
        return unlabelled(bytes, off, len, null);
    }

    /** As {@link #unlabelled(byte[], int, int)}, trying {@code hint} (say, the body's charset) before windows-1252. */
    static String unlabelled(byte[] bytes, int off, int len, String hint) {
        if (isAscii(bytes, off, len)) {
            // 7-bit ISO-2022-JP is still sent unlabelled, in bodies and raw in headers.
            if (hasIso2022Escape(bytes, off, len)) {
                String jis = strict(bytes, off, len, Charset.forName("ISO-2022-JP"));
                if (jis != null) return jis;
            }
            return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        }
        String utf8 = strict(bytes, off, len, StandardCharsets.UTF_8);
        if (utf8 != null) return utf8;
        // Mostly UTF-8 with a stray bad byte (a NUL a server turned into 0x80, a cut sequence): decoded per
        // sequence, U+FFFD for each bad byte, so one byte does not turn every other char into mojibake. Only text
        // that is not mostly UTF-8 goes on to the hint and windows-1252: Latin-1 "é" (one 0xE9 byte followed by
        // ASCII) is invalid UTF-8 wherever it occurs, so a Latin-1 value has no valid sequence and stays legible.
        if (mostlyUtf8(bytes, off, len)) return new String(bytes, off, len, StandardCharsets.UTF_8);
        Charset h = lookup(hint);
        if (h != null && !h.equals(StandardCharsets.US_ASCII) && !h.equals(StandardCharsets.UTF_8)) {
            String hinted = strict(bytes, off, len, h);
            if (hinted != null) return hinted;
        }
        return new String(bytes, off, len, WINDOWS_1252);
    }

    /** More valid multi-byte UTF-8 sequences than bytes that fit no sequence. */
    static boolean mostlyUtf8(byte[] b, int off, int len) {
        int valid = 0;
        int bad = 0;
        int end = off + len;
        for (int i = off; i < end; ) {
            int n = sequence(b, i, end);
            if (n == 1) {
                i++;
            } else if (n > 1) {
                valid++;
                i += n;
            } else {
                bad++;
                i++;
            }
        }
        return valid > bad;
    }

    /** The length of the valid UTF-8 sequence that starts at {@code b[i]} (1 for ASCII), 0 where none does. */
    private static int sequence(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c < 0x80) return 1;
        int n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (n == 0 || i + n > end) return 0;
        for (int k = 1; k < n; k++) {
            int t = b[i + k] & 0xFF;
            int lo = k > 1 ? 0x80 : c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
            int hi = k > 1 ? 0xBF : c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
            if (t < lo || t > hi) return 0;
        }
        return n;
    }

    /**
     * {@code b} read sequence by sequence: every valid UTF-8 sequence as UTF-8, every other byte as windows-1252. A file
     * two programs wrote into, one in UTF-8 and one in a single-byte charset (the draft postern wrote, and what an editor
     * under a Latin-1 locale added to it), keeps both parts' letters: read whole as windows-1252, the quote, subject and
     * names postern had written went out as mojibake ("StraÃŸe", hunt 39-I, I8). A text in a single-byte
     * charset alone reads as windows-1252 all the same, as its accented letters are invalid UTF-8 wherever they occur.
     */
    public static String utf8ElseWindows1252(byte[] b) {
        StringBuilder out = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int run = i;
            int n;
            while (run < b.length && (n = sequence(b, run, b.length)) > 0) run += n;
            if (run > i) out.append(new String(b, i, run - i, StandardCharsets.UTF_8));
            if (run < b.length) out.append(new String(b, run, 1, WINDOWS_1252));
            i = run + 1;
        }
        return out.toString();
    }

    private static boolean hasIso2022Escape(byte[] b, int off, int len) {
        for (int i = off; i + 2 < off + len; i++) {
            if (b[i] == 0x1b && (b[i + 1] == '$' || b[i + 1] == '(')) return true;
        }
        return false;
    }

    /** Whether Java was asked for a name it did not know: then {@link Known} answers every later name. */
    private static volatile boolean missedOnce;

    static Charset lookup(String name) {
        if (name == null) return null;
        String n = name.trim().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
        if (n.isEmpty()) return null;
        if (Utf7Charset.named(n)) return Utf7Charset.INSTANCE; // not in Java; Exchange and old Outlook still send it
        // Labels that mail software uses but Java spells differently or maps too narrowly.
        switch (n) {
            case "iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "ansi_x3.4-1968" -> {
                // Windows mislabels cp1252 as these constantly; cp1252 is a superset for text.
                return n.contains("ascii") || n.startsWith("ansi") ? StandardCharsets.US_ASCII : WINDOWS_1252;
            }
            case "utf8", "unicode-1-1-utf-8" -> { return StandardCharsets.UTF_8; }
            case "ks_c_5601-1987", "ks_c_5601", "euc-kr", "x-windows-949" -> n = "x-windows-949";
            case "gb2312", "gbk" -> n = "GBK";
            case "shift_jis", "sjis", "x-sjis" -> n = "windows-31j";
            // IANA's Hebrew and Arabic with the direction of the text named (logical "-i", explicit "-e"): the same bytes
            // as the plain charsets, which Java alone knows; Hebrew mail so labelled read as windows-1252 (hunt 39-I, I7).
            case "iso-8859-8-i", "iso-8859-8-e", "iso_8859-8-i", "iso_8859-8-e", "csiso88598i", "csiso88598e" -> n = "ISO-8859-8";
            case "iso-8859-6-i", "iso-8859-6-e", "iso_8859-6-i", "iso_8859-6-e", "csiso88596i", "csiso88596e" -> n = "ISO-8859-6";
            default -> { }
        }
        if (missedOnce) return Known.NAMES.get(n.toLowerCase(Locale.ROOT));
        try {
            if (Charset.isSupported(n)) return Charset.forName(n);
        } catch (RuntimeException illegalName) {
            // as unknown
        }
        missedOnce = true;
        return null;
    }

    /**
     * Every name and alias of every charset Java has, made at the first name it did not know. The JDK remembers the
     * charsets it found but not the names it did not find: each unknown one (made-up names in encoded-words: a Subject
     * can hold 10,000 of them, each a different name) searched the charset providers again, a ServiceLoader over the
     * class path, 0.5-7 ms a name (hunt 34-E, E8). Known names found before any miss take the JDK's own quick way.
     */
    private static final class Known {
        static final java.util.Map<String, Charset> NAMES = names();

        private static java.util.Map<String, Charset> names() {
            java.util.Map<String, Charset> m = new java.util.HashMap<>();
            for (Charset cs : Charset.availableCharsets().values()) {
                m.put(cs.name().toLowerCase(Locale.ROOT), cs);
                for (String alias : cs.aliases()) m.putIfAbsent(alias.toLowerCase(Locale.ROOT), cs);
            }
            return java.util.Map.copyOf(m);
        }
    }

    static boolean isAscii(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) return false;
        }
        return true;
    }

    /**
     * The bytes decoded by {@code cs}, or null where they are not valid in it. As {@code CharsetDecoder.decode}
     * with errors reported, but without an exception for an invalid text: a thrown one fills in its stack
     * trace, and headers in a charset other than the one tried first are common (a 20k listing of 8-bit mail
     * threw about 9,000 a run).
     */
    public static String strict(byte[] b, int off, int len, Charset cs) {
        if (len == 0) return ""; // as decode(ByteBuffer): a decoder flushed without input refuses
        try {
            CharsetDecoder d = cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(b, off, len);
            CharBuffer out = CharBuffer.allocate((int) (len * (double) d.averageCharsPerByte()) + 1);
            while (true) { // CharsetDecoder.decode(ByteBuffer)'s loop
                CoderResult r = in.hasRemaining() ? d.decode(in, out, true) : CoderResult.UNDERFLOW;
                if (r.isUnderflow()) r = d.flush(out);
                if (r.isUnderflow()) break;
                if (!r.isOverflow()) return null;
                CharBuffer bigger = CharBuffer.allocate(2 * out.capacity() + 1);
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            out.flip();
            return out.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
