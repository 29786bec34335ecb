package dev.postern.render;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rendered message's links, as the reader's open-link key and {@code postern read --links} list them: the HTML
 * renderer's numbered ones first, then web and mail addresses written in the text, each once, at most {@link #MAX}.
 */
public final class MessageLinks {
    /** At most this many are listed: a message of a million URLs still lists at once. */
    public static final int MAX = 1_000;
    private static final Pattern URL = Pattern.compile("\\b(?:https?|ftp)://[^\\s<>\"'`]+|\\bmailto:[^\\s<>\"'`]+",
            Pattern.CASE_INSENSITIVE);

    private MessageLinks() {}

    public static List<String> of(RenderedMessage m) {
        Set<String> out = new LinkedHashSet<>(m.links());
        Matcher u = URL.matcher(m.body());
        while (out.size() < MAX && u.find()) {
            out.add(trimmed(m.body(), u.start(), u.end()));
        }
        List<String> list = new ArrayList<>(out);
        return list.size() > MAX ? list.subList(0, MAX) : list;
    }

    /**
     * The URL found at {@code text[start, end)} without what follows it in a sentence: trailing punctuation, and a
     * closing parenthesis only when unmatched. One backward scan and one count over the URL, one copy: a URL
     * followed by a million full stops (one match of the pattern) is cut in linear time, where cutting a character
     * at a time copied the rest at each turn (about 10^12 char copies for a 2 MB body).
     */
    static String trimmed(CharSequence text, int start, int end) {
        while (end > start && ".,;:!?]".indexOf(text.charAt(end - 1)) >= 0) end--;
        if (end > start && text.charAt(end - 1) == ')') {
            int balance = 0; // '(' minus ')'
            for (int i = start; i < end; i++) {
                char ch = text.charAt(i);
                if (ch == '(') balance++;
                else if (ch == ')') balance--;
            }
            if (balance < 0) end--;
        }
        return text.subSequence(start, end).toString();
    }
}
