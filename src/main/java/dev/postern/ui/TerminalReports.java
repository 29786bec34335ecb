package dev.postern.ui;

import com.googlecode.lanterna.input.CharacterPattern;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/**
 * An escape sequence no other pattern of the decoder knows, read whole as the one key {@link #KEY}, which the reader
 * ignores. Without it Lanterna ends an unknown sequence at its longest known prefix (ESC [ is Alt-[) and reads the
 * rest as typed keys: a focus-out report ({@code ESC [ O}, sent once a program before the reader left mode 1004 on)
 * reversed the sort, an OSC colour reply opened the {@code :} prompt and typed into it, a mouse report opened help
 * (hunt 37-G, G6). Taken whole: a CSI sequence (ESC [, parameter and intermediate bytes, one final byte) and an OSC,
 * DCS, APC or PM string (ESC ], P, _ or ^, ended by BEL or ESC \). A sequence another pattern knows (the arrows, the
 * function keys, a cursor report, a bracketed paste, X10 mouse) is left to it, as is a lone Escape or an Alt key
 * (ESC and one more key: no sequence ends there). SS3 (ESC O x) is not claimed: it is also Alt-Shift-O and a key.
 */
final class TerminalReports implements CharacterPattern {
    /** The key an unknown sequence is read as. */
    static final KeyStroke KEY = new KeyStroke(KeyType.Unknown);
    private static final char ESC = 27;
    private static final char BEL = 7;
    /** Longer than any report a terminal sends unasked; beyond it the bytes are not a sequence of ours. */
    private static final int LONGEST = 512;

    private final List<CharacterPattern> known;

    /** @param known the decoder's other patterns, which win every sequence they match */
    TerminalReports(List<CharacterPattern> known) {
        this.known = List.copyOf(known);
    }

    @Override
    public Matching match(List<Character> seq) {
        int n = seq.size();
        if (n == 0 || seq.get(0) != ESC || n > LONGEST) return null;
        if (n == 1) return Matching.NOT_YET;
        char kind = seq.get(1);
        Matching m = switch (kind) {
            case '[' -> csi(seq);
            case ']', 'P', '_', '^' -> string(seq);
            default -> null;
        };
        if (m == null || m.fullMatch == null) return m;
        for (CharacterPattern p : known) {
            Matching other = p.match(seq);
            if (other != null && other.fullMatch != null) return null; // a key the decoder has a name for
        }
        return m;
    }

    /** ESC [ params (0x30-0x3F) intermediates (0x20-0x2F) final (0x40-0x7E). */
    private static Matching csi(List<Character> seq) {
        int n = seq.size();
        if (n == 2) return Matching.NOT_YET;
        for (int i = 2; i < n - 1; i++) {
            char c = seq.get(i);
            if (c < 0x20 || c > 0x3F) return null;
        }
        char last = seq.get(n - 1);
        if (last >= 0x20 && last <= 0x3F) return Matching.NOT_YET;
        if (last >= 0x40 && last <= 0x7E) return new Matching(KEY);
        return null;
    }

    /** ESC ] (or P, _, ^) text, ended by BEL or ESC \ (ST). */
    private static Matching string(List<Character> seq) {
        int n = seq.size();
        for (int i = 2; i < n - 1; i++) {
            char c = seq.get(i);
            if (c == BEL) return null; // ended before: not this sequence
            if (c == ESC && i < n - 2) return null; // an ESC inside ends it, and only as ESC \
        }
        char last = seq.get(n - 1);
        if (n > 2 && last == BEL) return new Matching(KEY);
        if (n > 3 && seq.get(n - 2) == ESC) return last == '\\' ? new Matching(KEY) : null;
        return Matching.NOT_YET;
    }
}
