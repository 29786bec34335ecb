package dev.postern.render;

/**
 * The one gate between untrusted text (headers, bodies, file names, Tika output, server messages) and a
 * terminal. Control characters become visible placeholders instead of acting on the terminal:
 * C0 controls and DEL in caret notation ({@code ESC -> ^[}, {@code CR -> ^M}, {@code DEL -> ^?}),
 * C1 controls, bidirectional overrides/isolates, and other invisible format characters (Unicode's
 * default-ignorables but the joiners and variation selectors, {@link #isInvisibleFormat}) as {@code <U+XXXX>};
 * lone surrogates as {@code <?>}; tabs expand to the next multiple of 8 columns.
 *
 * <p>The output contains no character below U+0020 except '\n' (in {@link #text}), which is also what
 * Lanterna requires: it throws on raw control characters.
 */
public final class Sanitizer {
    private static final int TAB = 8;

    private Sanitizer() {}

    /** For a single-line field (a subject, a name): line breaks are shown as {@code ^M}/{@code ^J} too. */
    public static String line(String s) {
        return clean(s, false);
    }

    /** For multi-line text: CRLF and lone CR/LF become '\n', everything else as in {@link #line}. */
    public static String text(String s) {
        return clean(s, true);
    }

    /**
     * For a log file: as {@link #text} (line ends as '\n'), but a tab kept as a tab: a stack trace indents with one, and
     * people and tools look for {@code "\tat "}. A tab moves the cursor and nothing else.
     */
    public static String logText(String s) {
        if (s == null || s.indexOf('\t') < 0) return text(s);
        StringBuilder out = new StringBuilder(s.length() + 16);
        int from = 0;
        for (int tab = s.indexOf('\t'); tab >= 0; tab = s.indexOf('\t', from)) {
            out.append(text(s.substring(from, tab))).append('\t');
            from = tab + 1;
        }
        return out.append(text(s.substring(from))).toString();
    }

    /**
     * {@link #oneLine} ending as a sentence: a full stop added unless it ends with one (or ? or !), for a message
     * that another sentence follows on its line ("... then retry. Showing the cached list.").
     */
    public static String sentence(String s) {
        String line = diagnostic(s).strip();
        if (line.isEmpty() || line.endsWith(".") || line.endsWith("?") || line.endsWith("!")) return line;
        return line + ".";
    }

    /** A word of a diagnostic longer than this is shown by its ends ({@link #diagnostic}). */
    static final int LONGEST_WORD = 240;
    /** A diagnostic longer than this (after its long words are shortened) is cut here. */
    static final int LONGEST_DIAGNOSTIC = 4000;

    /**
     * A one-line message for stderr that quotes what it was given (a config key, an argument, a server's answer): as
     * {@link #oneLine}, and a word longer than {@value #LONGEST_WORD} characters shown by its first and last 100 with
     * the count left out between, so a 5 MB key in a config file or a server's 1 MB NO still gives one readable
     * sentence, its advice at the end kept.
     */
    public static String diagnostic(String s) {
        String line = oneLine(s);
        if (line.length() <= LONGEST_WORD) return line;
        StringBuilder out = new StringBuilder(Math.min(line.length(), LONGEST_DIAGNOSTIC + 64));
        int n = line.length();
        int i = 0;
        while (i < n) {
            int end = line.indexOf(' ', i);
            if (end < 0) end = n;
            int word = end - i;
            if (word > LONGEST_WORD) {
                out.append(line, i, i + 100).append("…[").append(word - 200).append(" characters left out]…")
                        .append(line, end - 100, end);
            } else {
                out.append(line, i, end);
            }
            if (end < n) out.append(' ');
            i = end + 1;
        }
        if (out.length() > LONGEST_DIAGNOSTIC) {
            int left = out.length() - LONGEST_DIAGNOSTIC;
            out.setLength(LONGEST_DIAGNOSTIC);
            out.append("…[").append(left).append(" characters left out]");
        }
        return out.toString();
    }

    /** For a single-line field where a line break should read as a space (folded headers). */
    public static String oneLine(String s) {
        if (s == null) return "";
        return line(s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' '));
    }

    private static String clean(String s, boolean multiline) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length() + 16);
        int column = 0;
        int n = s.length();
        boolean marks = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x300 && !marks) marks = Character.getType(c) == Character.NON_SPACING_MARK || (c >= 0x1160 && c <= 0x11FF);
            if (multiline && (c == '\r' || c == '\n')) {
                if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') i++;
                out.append('\n');
                column = 0;
                continue;
            }
            if (c == '\t') {
                int spaces = TAB - (column % TAB);
                out.append(" ".repeat(spaces));
                column += spaces;
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                i++;
                if (isInvisibleFormat(cp)) {
                    column += appendCodePointTag(out, cp);
                } else {
                    out.appendCodePoint(cp);
                    column++;
                }
                continue;
            }
            if (Character.isSurrogate(c)) {
                out.append("<?>");
                column += 3;
                continue;
            }
            if (c < 0x20) {
                out.append('^').append((char) (c + 0x40));
                column += 2;
            } else if (c == 0x7f) {
                out.append("^?");
                column += 2;
            } else if (c == 0xFEFF && (i == 0 || (multiline && (s.charAt(i - 1) == '\n' || s.charAt(i - 1) == '\r')))) {
                continue; // a byte-order mark where a text or a part starts: nothing to show
            } else if (c == SOFT_HYPHEN && multiline) {
                continue; // body text: a hyphenation hint (HTML's &shy;), drawn as nothing where no line breaks
            } else if (c == CGJ && i > 0 && isMark(Character.codePointBefore(s, i))) {
                out.append(c); // inside a run of marks, where streamSafe puts it: nothing to spoof
            } else if ((c >= 0x80 && c <= 0x9f) || isInvisibleFormat(c)) {
                column += appendCodePointTag(out, c);
            } else {
                out.append(c);
                column++;
            }
        }
        // Composed where a precomposed character exists (e + U+0301 is é): a screen cell holds one character, so
        // a mark left on its own takes a column of its own (ui/CellSync).
        if (marks) {
            String safe = streamSafe(out);
            return java.text.Normalizer.isNormalized(safe, java.text.Normalizer.Form.NFC) ? safe
                    : java.text.Normalizer.normalize(safe, java.text.Normalizer.Form.NFC);
        }
        return out.toString();
    }

    /** Combining marks in a row past which {@link #streamSafe} puts a {@link #CGJ}: UAX #15's stream-safe limit. */
    static final int MARKS_IN_A_ROW = 30;
    /** U+034F COMBINING GRAPHEME JOINER: invisible, a starter (combining class 0), so marks are not reordered across it. */
    static final char CGJ = '\u034f';

    /**
     * {@code s} in Unicode's Stream-Safe Text Format (UAX #15, section 13): a {@link #CGJ} after every
     * {@value #MARKS_IN_A_ROW} combining marks in a row, so no combining sequence a normaliser reorders is longer. The
     * JDK's normaliser reorders a sequence by insertion, in its length squared (in {@code isNormalized} too): a
     * letter and 60,000 marks in reverse order took 12 s, the body's 2,000,000 chars hours, and a subject of them
     * froze the reader's index (hunt 34-E4). A character takes no more than a few marks on a screen anyway. Returns
     * {@code s} itself when no run is longer; counts a mark of any kind ({@code Mn}, {@code Mc}, {@code Me}), the marks
     * with a combining class among them.
     */
    public static String streamSafe(CharSequence s) {
        StringBuilder out = null;
        int run = 0;
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = Character.codePointAt(s, i);
            int next = i + Character.charCount(cp);
            if (cp >= 0x300 && cp != CGJ && isMark(cp)) {
                if (run == MARKS_IN_A_ROW) {
                    if (out == null) out = new StringBuilder(n + n / MARKS_IN_A_ROW + 1).append(s, 0, i);
                    out.append(CGJ);
                    run = 0;
                }
                run++;
            } else {
                run = 0;
            }
            if (out != null) out.append(s, i, next);
            i = next;
        }
        return out != null ? out.toString() : s.toString();
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** {@code <U+XXXX>} (four to six hex digits), as String.format("<U+%04X>") wrote it, at a fraction of its cost. */
    private static int appendCodePointTag(StringBuilder out, int cp) {
        int digits = Math.max(4, (32 - Integer.numberOfLeadingZeros(cp) + 3) / 4);
        out.append("<U+");
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out.append(HEX[(cp >>> shift) & 0xF]);
        out.append('>');
        return digits + 4;
    }

    /** The bidi embeddings, overrides, isolates and marks: they reorder the text around them unseen. */
    public static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E)       // LRE RLE PDF LRO RLO
                || (cp >= 0x2066 && cp <= 0x2069)   // LRI RLI FSI PDI
                || cp == 0x200E || cp == 0x200F || cp == 0x061C; // LRM RLM ALM
    }

    /** U+00AD SOFT HYPHEN. */
    static final char SOFT_HYPHEN = '\u00ad';

    /**
     * Characters that change how surrounding text is displayed or ordered without being visible:
     * bidi embeddings, overrides and isolates (the "Trojan Source" set), line/paragraph separators,
     * interlinear annotations, and the rest of Unicode's default-ignorable code points ({@link #isDefaultIgnorable}:
     * the zero-width space, word joiner and no-break space hide a break inside a word, "pay", U+200B, "pal"; the
     * Hangul fillers are blank letters that push a file name's real extension out of sight; the soft hyphen,
     * U+034F, the musical and shorthand format controls, the invisible operators and the tags draw as nothing).
     * Kept, as scripts and emoji need them: the zero-width joiner and non-joiner, the variation selectors
     * (U+FE00-FE0F, U+E0100-E01EF: emoji and ideographic variants) and the Mongolian free variation selectors.
     * {@link #clean} drops a byte-order mark where a text or line starts, a soft hyphen in body text, and keeps a
     * U+034F that follows a mark (where {@link #streamSafe} puts one).
     */
    static boolean isInvisibleFormat(int cp) {
        if (cp < 0xAD) return false;
        return cp == 0x2028 || cp == 0x2029     // line / paragraph separator
                || (cp >= 0xFFF9 && cp <= 0xFFFB)   // interlinear annotation
                || (isDefaultIgnorable(cp) && !isJoinerOrSelector(cp));
    }

    /**
     * Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1/16.0): characters a renderer
     * draws as nothing when it does not support them. Bidi controls ({@link #isBidiControl}) are among them.
     */
    public static boolean isDefaultIgnorable(int cp) {
        if (cp < 0xAD) return false;
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C  // soft hyphen, combining grapheme joiner, ALM
                || cp == 0x115F || cp == 0x1160             // Hangul choseong / jungseong fillers
                || cp == 0x17B4 || cp == 0x17B5             // Khmer inherent vowels
                || (cp >= 0x180B && cp <= 0x180F)           // Mongolian variation selectors, vowel separator
                || (cp >= 0x200B && cp <= 0x200F)           // ZWSP, ZWNJ, ZWJ, LRM, RLM
                || (cp >= 0x202A && cp <= 0x202E)           // bidi embeddings and overrides
                || (cp >= 0x2060 && cp <= 0x206F)           // word joiner, invisible operators, isolates, deprecated
                || cp == 0x3164 || cp == 0xFFA0             // Hangul filler, halfwidth Hangul filler
                || (cp >= 0xFE00 && cp <= 0xFE0F)           // variation selectors
                || cp == 0xFEFF                             // zero-width no-break space (byte-order mark)
                || (cp >= 0xFFF0 && cp <= 0xFFF8)           // unassigned specials
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3)         // shorthand format controls
                || (cp >= 0x1D173 && cp <= 0x1D17A)         // musical symbol format controls
                || (cp >= 0xE0000 && cp <= 0xE0FFF);        // tags, variation selectors supplement, unassigned
    }

    /** The default-ignorables that text needs and that are shown as they are: ZWNJ, ZWJ, variation selectors. */
    private static boolean isJoinerOrSelector(int cp) {
        return cp == 0x200C || cp == 0x200D
                || (cp >= 0x180B && cp <= 0x180D) || cp == 0x180F
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0xE0100 && cp <= 0xE01EF);
    }
}
