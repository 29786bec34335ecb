package dev.postern.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The subjects threading and the subject sort compare. */
class SubjectsTest {
    /** The way prefixes were stripped before hunt 34-E3 (quadratic), kept to compare the new one with. */
    private static final Pattern OLD = Pattern.compile(
            "^\\s*(?:(?:re|fwd?|aw|sv|vs|antw|wg|tr|rif|r|ref|odp|enc|res|fw)\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[:\uff1a]|\\[[^\\]]*\\])\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static String oldStripped(String s) {
        while (true) {
            Matcher m = OLD.matcher(s);
            if (!m.find() || m.end() == 0) return s;
            s = s.substring(m.end());
        }
    }

    private static boolean oldIsReply(String s) {
        while (true) {
            Matcher m = OLD.matcher(s);
            if (!m.find() || m.end() == 0) return false;
            if (!m.group().strip().startsWith("[")) return true;
            s = s.substring(m.end());
        }
    }

    @Test
    void prefixesAndTagsGoAsBefore() {
        String[] words = {"Re", "re", "RE", ":", " ", "\t", "[", "]", "x", "Fwd", "fw", "[2]", "(3)", "\uff1a", "AW", "r", "res", "[dev]", "(fwd)"};
        Random random = new Random(34);
        for (int k = 0; k < 30_000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(10);
            for (int i = 0; i < n; i++) sb.append(words[random.nextInt(words.length)]);
            String s = sb.toString();
            String rest = oldStripped(s);
            if (rest.endsWith(")") && rest.toLowerCase(Locale.ROOT).endsWith("(fwd)")) rest = rest.substring(0, rest.length() - 5);
            String expected = rest.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            assertEquals(expected, Subjects.normalise(s), () -> "for '" + s + "'");
            assertEquals(oldIsReply(s), Subjects.isReply(s), () -> "isReply for '" + s + "'");
        }
        assertTrue(Subjects.isReply("[dev] [x] Re: y"));
        assertFalse(Subjects.isReply("[dev] [x] y"));
    }

    /**
     * The reply and forward prefixes of Chinese, Russian, Turkish, Greek, Hebrew, Arabic and Korean clients, and a no-break
     * space beside the colon (French typography): each such reply stayed a thread of its own (hunt 39-I, I3).
     */
    @Test
    void repliesInOtherScriptsAndWithANoBreakSpaceJoinTheirSubject() {
        for (String reply : java.util.List.of("回复: 项目", "回覆: 项目", "答复：项目", "转发: 项目", "轉寄: 项目", "Ответ: 项目",
                "ОТВ: 项目", "Пересл: 项目", "YNT: 项目", "İLT: 项目", "ΑΠ: 项目", "ΣΧΕΤ: 项目", "ΠΡΘ: 项目", "השב: 项目", "הועבר: 项目",
                "رد: 项目", "회신: 项目", "전달: 项目", "RE\u00a0: 项目", "Re:\u00a0项目", "Re\u202f: Fwd\u00a0: [dev] 项目")) {
            assertEquals("项目", Subjects.normalise(reply), reply);
            assertTrue(Subjects.isReply(reply), reply);
        }
        assertFalse(Subjects.isReply("项目"));
        assertEquals("ответственный: x", Subjects.normalise("Ответственный: x"), "a word that only starts like a prefix");
        assertFalse(Subjects.isReply("Ответственный: x"));
    }

    /**
     * Hunt 34-E3: each prefix was cut off with a copy of the rest, found from the rest's every position: a million
     * "Re: " took minutes (100,000 took 5 s), on every threading of the folder. A "Re" and a long run of spaces took
     * the run's length squared in the pattern itself. Now milliseconds; the bound, 20 s, is far above that on a loaded
     * machine and far below the old way.
     */
    @Test
    void aMillionPrefixesAreStrippedInLinearTime() {
        String re = "Re: ".repeat(1_000_000) + "x";
        assertEquals("x", assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Subjects.normalise(re)));
        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Subjects.isReply("[a]".repeat(1_000_000) + "Re: x")));
        String tags = "[a]".repeat(1_000_000) + "x";
        assertEquals("x", assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Subjects.normalise(tags)));
        String spaces = "Re" + " ".repeat(1_000_000) + "x:";
        assertEquals("re x:", assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Subjects.normalise(spaces)));
    }
}
