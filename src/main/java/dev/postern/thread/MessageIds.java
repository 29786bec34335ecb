package dev.postern.thread;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Message-IDs as they appear in headers ("&lt;a@b&gt;", with comments and junk around) reduced to keys. */
final class MessageIds {
    private MessageIds() {}

    /** Every {@code <...>} id in the text, in order; a bare token with '@' when there are no brackets. */
    static List<String> all(String text) {
        List<String> out = new ArrayList<>(2);
        if (text == null) return out;
        int i = 0;
        while (true) {
            int open = text.indexOf('<', i);
            if (open < 0) break;
            int close = text.indexOf('>', open + 1);
            if (close < 0) break;
            String id = text.substring(open + 1, close).strip();
            if (!id.isEmpty() && id.indexOf(' ') < 0) out.add(id);
            i = close + 1;
        }
        if (out.isEmpty()) {
            String t = text.strip();
            if (!t.isEmpty() && t.indexOf('@') > 0 && t.chars().noneMatch(Character::isWhitespace)) out.add(t);
        }
        return out;
    }

    static String first(String text) {
        List<String> ids = all(text);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /**
     * The ancestry chain, oldest first, its last id the parent (JWZ): References in order; In-Reply-To only when
     * References does not name it (then it is the parent, after them). An In-Reply-To that names an earlier entry of
     * References (a client answering "the thread" with its first message) says nothing new and never reorders them:
     * moving it to the end made {@code <s1> <s2>} read as "s1 answers s2" and drew a thread's root as a reply to its own
     * reply (hunt 38-Q, Q2).
     */
    static List<String> chain(List<String> references, String inReplyTo) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : references) out.addAll(all(r));
        String irt = first(inReplyTo);
        if (irt != null) out.add(irt); // a no-op when References names it already
        return new ArrayList<>(out);
    }
}
