package dev.postern.compose;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The message ids a reply's In-Reply-To and References are made of, taken from the original's headers as they came:
 * only real {@code <left@right>} ids (RFC 5322 3.6.4 msg-id, lenient about what is inside), never one made up from a
 * bare word or nested in another, none too long to go on a line of its own, and References trimmed as mutt and
 * Thunderbird trim it.
 */
final class ReplyIds {
    /** References keeps the thread's first id and this many of its last (RFC 5322 3.6.4 lets a reply trim it). */
    static final int LAST_KEPT = 20;
    /** "In-Reply-To: " and the id must fit on one line of {@link MessageBuilder#LONGEST_LINE} octets. */
    static final int LONGEST_ID = MessageBuilder.LONGEST_LINE - "In-Reply-To: ".length();

    private ReplyIds() {}

    /** Every well-formed id in the values, in order, each once; junk between and around them is left out. */
    static List<String> wellFormed(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null) continue;
            int i = 0;
            while (true) {
                int open = v.indexOf('<', i);
                if (open < 0) break;
                int close = v.indexOf('>', open + 1);
                if (close < 0) break;
                int inner = v.lastIndexOf('<', close);
                String id = v.substring(inner, close + 1); // "<a <b@c>": the innermost, "<b@c>", if it is whole
                if (valid(id)) out.add(id);
                i = close + 1;
            }
        }
        return new ArrayList<>(out);
    }

    /** The first and the last {@link #LAST_KEPT}. */
    static List<String> capped(List<String> ids) {
        if (ids.size() <= LAST_KEPT + 1) return ids;
        List<String> out = new ArrayList<>(LAST_KEPT + 1);
        out.add(ids.get(0));
        out.addAll(ids.subList(ids.size() - LAST_KEPT, ids.size()));
        return out;
    }

    /** {@code <left@right>}: printable ASCII, no space or bracket inside, something on both sides of its last '@', short enough. */
    private static boolean valid(String id) {
        if (id.length() > LONGEST_ID || id.length() < 5) return false;
        int at = id.lastIndexOf('@');
        if (at <= 1 || at >= id.length() - 2) return false;
        boolean quoted = false; // a quoted local part ("a b"@x, RFC 5322's obs-id-left) may hold spaces
        for (int i = 1; i < id.length() - 1; i++) {
            char c = id.charAt(i);
            if (c == '"' && i < at) quoted = !quoted;
            else if (c == ' ' && quoted) continue;
            else if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>') return false;
        }
        return !quoted;
    }
}
