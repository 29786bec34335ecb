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
            String url = u.group();
            // Sentence punctuation after a URL is not part of it; a closing parenthesis only when unmatched.
            while (!url.isEmpty() && ".,;:!?]".indexOf(url.charAt(url.length() - 1)) >= 0) url = url.substring(0, url.length() - 1);
            if (url.endsWith(")") && url.chars().filter(ch -> ch == '(').count() < url.chars().filter(ch -> ch == ')').count()) {
                url = url.substring(0, url.length() - 1);
            }
            out.add(url);
        }
        List<String> list = new ArrayList<>(out);
        return list.size() > MAX ? list.subList(0, MAX) : list;
    }
}
