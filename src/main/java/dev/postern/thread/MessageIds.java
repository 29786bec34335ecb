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

    /** The ancestry chain: References in order, then In-Reply-To if References did not end with it. */
    static List<String> chain(List<String> references, String inReplyTo) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : references) out.addAll(all(r));
        String irt = first(inReplyTo);
        if (irt != null) {
            out.remove(irt); // In-Reply-To is the nearest parent, whatever References said
            out.add(irt);
        }
        return new ArrayList<>(out);
    }
}
