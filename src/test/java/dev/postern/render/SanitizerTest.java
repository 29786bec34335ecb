package dev.postern.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SanitizerTest {

    @Test
    void everyC0ControlBecomesCaretNotation() {
        for (char c = 0; c < 0x20; c++) {
            if (c == '\t' || c == '\n' || c == '\r') continue;
            assertEquals("a^" + (char) (c + 0x40) + "b", Sanitizer.text("a" + c + "b"), "char " + (int) c);
            assertEquals("^" + (char) (c + 0x40), Sanitizer.line(String.valueOf(c)));
        }
    }

    @Test
    void delBecomesCaretQuestionMark() {
        assertEquals("x^?y", Sanitizer.text("x\u007fy"));
    }

    @Test
    void everyC1ControlBecomesACodePointTag() {
        for (char c = 0x80; c <= 0x9f; c++) {
            assertEquals(String.format("<U+%04X>", (int) c), Sanitizer.line(String.valueOf(c)));
        }
    }

    @Test
    void bidiOverridesIsolatesAndMarksBecomeTags() {
        int[] bidi = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C};
        for (int cp : bidi) {
            assertEquals(String.format("a<U+%04X>b", cp), Sanitizer.line("a" + Character.toString(cp) + "b"));
        }
        assertEquals("evil<U+202E>fdp.exe", Sanitizer.oneLine("evil\u202Efdp.exe"));
    }

    @Test
    void tagCharactersOutsideTheBmpBecomeTags() {
        assertEquals("<U+E0041>", Sanitizer.line(new String(Character.toChars(0xE0041))));
    }

    @Test
    void tabsExpandToTheNextMultipleOfEight() {
        assertEquals("ab      c", Sanitizer.text("ab\tc"));
        assertEquals("        x", Sanitizer.text("\tx"));
        assertEquals("a\n        b", Sanitizer.text("a\n\tb"));
        assertEquals("^[      x", Sanitizer.text("\u001b\tx"), "a caret placeholder takes two columns");
    }

    @Test
    void lineBreaksNormaliseInTextAndShowInLine() {
        assertEquals("a\nb\nc\nd", Sanitizer.text("a\r\nb\rc\nd"));
        assertEquals("a^M^Jb", Sanitizer.line("a\r\nb"));
        assertEquals("a b c", Sanitizer.oneLine("a\r\nb\nc"));
    }

    @Test
    void emojiSurrogatePairsAndJoinersSurvive() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertEquals("hi " + family + " \uD83C\uDF89", Sanitizer.text("hi " + family + " \uD83C\uDF89"));
    }

    @Test
    void combiningMarksAreComposedWhereACharacterExists() {
        assertEquals("Caf\u00E9 cr\u00E8me", Sanitizer.line("Cafe\u0301 cre\u0300me"));
        assertEquals("Vi\u1EC7t", Sanitizer.text("Vie\u0323\u0302t"));
        assertEquals("\uD55C", Sanitizer.line("\u1112\u1161\u11AB")); // Hangul jamo into its syllable
        assertEquals("\u00E9\u0301", Sanitizer.line("e\u0301\u0301")); // what cannot compose stays
    }

    @Test
    void loneSurrogatesBecomeQuestionPlaceholders() {
        assertEquals("a<?>b", Sanitizer.text("a\uD800b"));
        assertEquals("a<?>b", Sanitizer.text("a\uDC00b"));
        assertEquals("<?>", Sanitizer.text("\uD83D"));
    }

    @Test
    void nullBecomesEmpty() {
        assertEquals("", Sanitizer.text(null));
        assertEquals("", Sanitizer.oneLine(null));
    }

    @Test
    void outputNeverContainsControlsForAnyBmpCharacter() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0xFFFF; c++) all.append(c);
        String out = Sanitizer.text(all.toString());
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            assertTrue(c == '\n' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f)), "at " + i + ": " + (int) c);
        }
    }

    @Test
    void aSentenceEndsWithOneStopWhateverTheMessageEndedWith() {
        assertEquals("the disk is full; then retry.", Sanitizer.sentence("the disk is full; then retry"));
        assertEquals("done.", Sanitizer.sentence("done."));
        assertEquals("why?", Sanitizer.sentence("why?"));
        assertEquals("a b.", Sanitizer.sentence("a\r\nb \n"));
        assertEquals("", Sanitizer.sentence(null));
    }

    @Test
    void aDiagnosticShowsALongWordByItsEndsAndKeepsTheRest() {
        String word = "k" + "x".repeat(10_000) + "q";
        String d = Sanitizer.diagnostic("unknown key '" + word + "'; do\u001b[2Jthis.");
        // the word is 'k...q'; (10,005 characters): its first and last 100 kept
        assertEquals("unknown key 'k" + "x".repeat(98) + "…[9805 characters left out]…" + "x".repeat(97) + "q'; do^[[2Jthis.", d);
        assertEquals(Sanitizer.oneLine("short\none\tkept"), Sanitizer.diagnostic("short\none\tkept"));
    }

    @Test
    void aDiagnosticOfManyWordsIsCut() {
        String d = Sanitizer.diagnostic("word ".repeat(2_000));
        assertEquals(Sanitizer.LONGEST_DIAGNOSTIC, d.indexOf("…["));
        assertTrue(d.endsWith(" characters left out]"), d.substring(d.length() - 40));
    }

    @Test
    void zeroWidthSpacesThatHideABreakInAWordAreShown() {
        assertEquals("pay<U+200B>pal", Sanitizer.line("pay\u200Bpal"));
        assertEquals("pay<U+2060>pal", Sanitizer.line("pay\u2060pal"));
        // Joiners stay: an emoji sequence and Persian text need them.
        assertEquals("\uD83D\uDC69\u200D\uD83D\uDCBB", Sanitizer.line("\uD83D\uDC69\u200D\uD83D\uDCBB"));
        assertEquals("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", Sanitizer.line("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"));
    }

    /**
     * Hunt 36-S, S9: the rest of Unicode's default-ignorables draw as nothing too and are shown, as U+200B is; the
     * joiners and variation selectors that scripts and emoji need stay; a byte-order mark where a text or a line
     * starts and a soft hyphen in body text are dropped (a newsletter's &shy; is no spoofing); postern's own CGJ
     * after a run of marks stays invisible when the text is sanitised again (the pager sanitises each body line).
     */
    @Test
    void everyInvisibleDefaultIgnorableIsShown() {
        int[] shown = {0x00AD, 0x034F, 0x115F, 0x1160, 0x17B4, 0x180E, 0x2061, 0x2064, 0x206A, 0x3164, 0xFEFF, 0xFFA0,
            0xFFF0, 0x1BCA0, 0x1D173, 0x1D17A, 0xE0001, 0xE01F0};
        for (int cp : shown) {
            assertEquals(String.format("a<U+%04X>b", cp), Sanitizer.line("a" + Character.toString(cp) + "b"), Integer.toHexString(cp));
        }
        assertEquals("pay<U+FEFF>pal and x<U+034F>y", Sanitizer.text("pay\uFEFFpal and x\u034Fy"));
        assertEquals("invoice.pdf" + "<U+3164>".repeat(3) + ".desktop", Sanitizer.line("invoice.pdf\u3164\u3164\u3164.desktop"));
        int[] kept = {0x200C, 0x200D, 0xFE0F, 0x180B, 0xE0100, 0x2800};
        for (int cp : kept) {
            String t = "a" + Character.toString(cp) + "b";
            assertEquals(t, Sanitizer.line(t), Integer.toHexString(cp));
        }
        assertEquals("Hello\nWorld", Sanitizer.text("\uFEFFHello\r\n\uFEFFWorld"));
        assertEquals("Subject", Sanitizer.line("\uFEFFSubject"));
        assertEquals("Silbentrennung", Sanitizer.text("Silben\u00ADtrennung"));
        assertEquals("pay<U+00AD>pal", Sanitizer.line("pay\u00ADpal"));
        String marks = Sanitizer.line("a" + "\u0316".repeat(61));
        assertTrue(marks.indexOf('\u034f') > 0, marks);
        assertEquals(marks, Sanitizer.line(marks));
    }

    /** UAX #15's stream-safe format: a CGJ after 30 marks in a row, none before; composition as before. */
    @Test
    void aCombiningGraphemeJoinerFollowsEveryThirtyMarksInARow() {
        assertEquals("\u00e9", Sanitizer.line("e\u0301"));
        String thirty = "a" + "\u0316".repeat(30);
        assertEquals(thirty, Sanitizer.line(thirty));
        assertEquals(thirty + "\u034f\u0316", Sanitizer.line(thirty + "\u0316"));
        assertEquals("x" + "\u0301".repeat(30) + "\u034f" + "\u0301".repeat(30) + "\u034f\u0301y",
                Sanitizer.streamSafe("x" + "\u0301".repeat(61) + "y"));
        String plain = "no marks at all";
        assertTrue(plain == Sanitizer.streamSafe(plain), "nothing to do: the same string");
    }

    /**
     * Hunt 34-E4: a letter and a long run of marks in reverse canonical order made the JDK's NFC step reorder by
     * insertion, the run's length squared: 60,000 marks took 12 s, a body's 2,000,000 hours. With a CGJ every 30
     * marks, milliseconds; the bound, 20 s, is far above that on a loaded machine and far below the old way.
     */
    @Test
    void aMillionMarksInReverseOrderAreSanitisedInLinearTime() {
        String marks = "a" + "\u0301".repeat(500_000) + "\u0316".repeat(500_000) + "\n";
        String out = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Sanitizer.text(marks));
        assertTrue(out.startsWith("\u00e1\u0301"), "composed as before: " + out.substring(0, 8));
        assertTrue(out.length() > 1_000_000 && out.endsWith("\u0316\n"), "nothing lost");
        String alternating = "a" + "\u0301\u0316".repeat(500_000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Sanitizer.line(alternating));
    }
}
