package dev.postern.thread;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Subjects compared for threading: reply and forward prefixes in the languages mail clients actually
 * write ("Re:", "Fwd:", "AW:", "SV:", "Antw:", "Re[2]:" ...) and mailing-list tags ("[list]") removed,
 * repeatedly, then whitespace collapsed and case folded.
 */
public final class Subjects {
    private Subjects() {}

    private static final Pattern PREFIX = Pattern.compile(
            "^\\s*(?:(?:re|fwd?|aw|sv|vs|antw|wg|tr|rif|r|ref|odp|enc|res|fw)\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[:\uff1a]|\\[[^\\]]*\\])\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** The subject with every reply/forward prefix and list tag removed, lower-cased; "" for none. */
    public static String normalise(String subject) {
        if (subject == null) return "";
        String s = subject;
        // Fast path: prefixes and tags need a ':' or a '['; most subjects of a big folder have neither.
        if (s.indexOf(':') >= 0 || s.indexOf('[') >= 0 || s.indexOf('\uff1a') >= 0) {
            while (true) {
                Matcher m = PREFIX.matcher(s);
                if (!m.find() || m.end() == 0) break;
                s = s.substring(m.end());
            }
        }
        if (s.endsWith(")") && s.toLowerCase(Locale.ROOT).endsWith("(fwd)")) s = s.substring(0, s.length() - 5);
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch)) {
                space = out.length() > 0;
            } else {
                if (space) out.append(' ');
                space = false;
                out.append(ch);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** Whether the subject starts (after list tags) with a reply or forward prefix. */
    public static boolean isReply(String subject) {
        if (subject == null) return false;
        String s = subject;
        while (true) {
            Matcher m = PREFIX.matcher(s);
            if (!m.find() || m.end() == 0) return false;
            if (!m.group().strip().startsWith("[")) return true;
            s = s.substring(m.end());
        }
    }
}
