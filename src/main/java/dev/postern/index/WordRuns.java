package dev.postern.index;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The index's only tokenizer: maximal runs of letters and digits (by UTF-16 unit, {@link
 * Character#isLetterOrDigit(char)}) of text that is already folded as a whole ({@link dev.postern.model.TextFold}). Because every
 * occurrence of a needle made only of such characters lies inside one run, "the text contains the
 * needle" is exactly "some run contains it" (see {@link QueryPlan}). Runs longer than {@link #MAX} are
 * left out of the index and the document is marked instead, so such a document is checked against the
 * store rather than missed.
 */
final class WordRuns extends TokenStream {
    static final int MAX = 255;

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private String text = "";
    private int pos;

    WordRuns() {}

    /**
     * This stream, to be read again over {@code foldedText}: the index keeps one a field and reuses it for every
     * document, as Lucene's analyzers reuse theirs (a new stream is an attribute map and its entries each time).
     */
    WordRuns of(String foldedText) {
        this.text = foldedText;
        this.pos = 0;
        return this;
    }

    static boolean word(char c) {
        return Character.isLetterOrDigit(c);
    }

    /** Whether the text has a run the index leaves out. */
    static boolean hasLongRun(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            if (word(text.charAt(i))) {
                if (++run > MAX) return true;
            } else {
                run = 0;
            }
        }
        return false;
    }

    /** The runs of {@code text} with their offsets: {start, end} pairs. */
    static List<int[]> runs(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (!word(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && word(text.charAt(i))) i++;
            out.add(new int[] {start, i});
        }
        return out;
    }

    @Override
    public boolean incrementToken() {
        clearAttributes();
        while (pos < text.length()) {
            if (!word(text.charAt(pos))) {
                pos++;
                continue;
            }
            int start = pos;
            while (pos < text.length() && word(text.charAt(pos))) pos++;
            if (pos - start > MAX) continue;
            term.setEmpty().append(text, start, pos);
            return true;
        }
        return false;
    }

    @Override
    public void reset() throws java.io.IOException {
        super.reset();
        pos = 0;
    }
}
