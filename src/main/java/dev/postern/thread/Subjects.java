package dev.postern.thread;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Subjects compared for threading: reply and forward prefixes in the languages mail clients actually
 * write ("Re:", "Fwd:", "AW:", "SV:", "Antw:", "Re[2]:" ...; "回复:", "答复:", "转发:", "Ответ:", "YNT:", "ΑΠ:", "השב:",
 * "رد:", "회신:" ... of the Chinese, Russian, Turkish, Greek, Hebrew, Arabic and Korean clients, which kept a reply
 * out of its thread: hunt 39-I, I3) and mailing-list tags ("[list]") removed, repeatedly, then whitespace (a no-break
 * space too, as French typography puts before a colon) collapsed and case folded.
 */
public final class Subjects {
    private Subjects() {}

    /**
     * One prefix or tag at the start of what it is matched over ({@code lookingAt} from a region's start). The
     * quantifiers are possessive: what one takes the next could never take, so giving it back could find nothing
     * new, and without that a "Re" and a long run of spaces cost the run's length squared.
     */
    private static final Pattern PREFIX = Pattern.compile(
            "[\\s\u00a0\u202f]*+(?:(?:re|fwd?|aw|sv|vs|antw|wg|tr|rif|r|ref|odp|enc|res|fw|"
                    + "\u56de\u590d|\u56de\u8986|\u7b54\u590d|\u7b54\u8986|\u8f6c\u53d1|\u8f49\u767c|\u8f49\u5bc4|"
                    + "\u043e\u0442\u0432\u0435\u0442|\u043e\u0442\u0432|\u043f\u0435\u0440\u0435\u0441\u043b|"
                    + "ynt|ilt|\u03b1\u03c0|\u03c3\u03c7\u03b5\u03c4|\u03c0\u03c1\u03b8|"
                    + "\u05d4\u05e9\u05d1|\u05d4\u05d5\u05e2\u05d1\u05e8|\u0631\u062f|\ud68c\uc2e0|\uc804\ub2ec)"
                    + "[\\s\u00a0\u202f]*+(?:\\[\\d++\\]|\\(\\d++\\))?+[\\s\u00a0\u202f]*+[:\uff1a]|\\[[^\\]]*+\\])"
                    + "[\\s\u00a0\u202f]*+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** The subject with every reply/forward prefix and list tag removed, lower-cased; "" for none. */
    public static String normalise(String subject) {
        if (subject == null) return "";
        String s = subject;
        // Fast path: prefixes and tags need a ':' or a '['; most subjects of a big folder have neither.
        if (s.indexOf(':') >= 0 || s.indexOf('[') >= 0 || s.indexOf('\uff1a') >= 0) s = s.substring(prefixesEnd(s));
        if (s.endsWith(")") && s.toLowerCase(Locale.ROOT).endsWith("(fwd)")) s = s.substring(0, s.length() - 5);
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch) || ch == '\u00a0' || ch == '\u202f') {
                space = out.length() > 0;
            } else {
                if (space) out.append(' ');
                space = false;
                out.append(ch);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * Where the subject's prefixes and tags end. Each is matched where the last ended and the subject is cut once by
     * the caller: cutting it at each prefix copied the rest each time, and {@code find} from the start of each rest
     * tried every position of it, so 100,000 "Re: " took 5 s and 200,000 took a minute (hunt 34-E3).
     */
    private static int prefixesEnd(String s) {
        Matcher m = PREFIX.matcher(s);
        int at = 0;
        while (m.region(at, s.length()).lookingAt() && m.end() > at) at = m.end();
        return at;
    }

    /** Whether the subject starts (after list tags) with a reply or forward prefix. */
    public static boolean isReply(String subject) {
        if (subject == null) return false;
        Matcher m = PREFIX.matcher(subject);
        int at = 0;
        while (m.region(at, subject.length()).lookingAt() && m.end() > at) {
            if (subject.charAt(firstNonSpace(subject, at)) != '[') return true;
            at = m.end();
        }
        return false;
    }

    private static int firstNonSpace(String s, int from) {
        while (Character.isWhitespace(s.charAt(from)) || s.charAt(from) == '\u00a0' || s.charAt(from) == '\u202f') from++;
        return from;
    }
}
