package dev.postern.render;

/**
 * Joins the text of the rendered parts with a blank line between blocks, up to a budget of characters.
 * Once the budget is spent nothing more is kept: the walker asks {@link #room()} before decoding a part,
 * so the work of a render is bounded by the budget, not by the message's size. What was left out is
 * counted for the "[truncated: ...]" note: exactly, in characters, where the text was decoded, and as an
 * estimate where it was not (bytes not decoded, HTML source not converted).
 */
final class BodyBuilder {
    private final StringBuilder out = new StringBuilder();
    private final int max;
    private long moreChars;
    private long moreEstimated;
    private long moreHtml;
    private boolean htmlEstimated;

    BodyBuilder() {
        this(Integer.MAX_VALUE);
    }

    BodyBuilder(int maxChars) {
        this.max = Math.max(1, maxChars);
    }

    /** Characters that may still be added (0 once the budget is spent). */
    int room() {
        return Math.max(0, max - out.length() - (out.length() > 0 ? 2 : 0));
    }

    boolean full() {
        return room() == 0 || cut();
    }

    /** Something was left out. */
    boolean cut() {
        return moreChars > 0 || moreEstimated > 0 || moreHtml > 0;
    }

    void block(String text) {
        String t = defang(stripTrailingNewlines(text.replace("\r\n", "\n")));
        if (t.isBlank()) return;
        if (full()) {
            moreChars += t.length();
            return;
        }
        separate();
        int room = max - out.length();
        if (t.length() <= room) {
            out.append(t);
            return;
        }
        int cut = room;
        if (cut > 0 && Character.isHighSurrogate(t.charAt(cut - 1))) cut--;
        out.append(t, 0, cut);
        moreChars += t.length() - cut;
    }

    /** A part's text that was decoded only up to {@link #room()}; the rest is counted as left out. */
    void block(TextPart.Text text) {
        if (text.note() != null) note(text.note());
        block(text.text());
        if (text.exact() && !text.html()) moreChars += text.more();
        else if (text.html()) {
            moreHtml += text.more();
            htmlEstimated |= text.more() > 0 && !text.exact();
        }
        else moreEstimated += text.more();
    }

    /** A part not decoded at all because the budget was spent: its undecoded size is counted. */
    void skipped(long bytes) {
        moreEstimated += Math.max(0, bytes);
    }

    /** A renderer's own remark, such as a note about what is not shown; dropped once the budget is spent. */
    void note(String text) {
        if (full()) return;
        separate();
        out.append(text);
    }

    /**
     * Message text (and attachment text) that starts a line the way postern's own status lines do is marked
     * as the message's, so a sender cannot write "[postern] PGP GOOD signature" into an unsigned part, nor a
     * look-alike of it ({@link StatusImitation}).
     */
    static String defang(String t) {
        return StatusImitation.markLines(t);
    }

    private void separate() {
        if (out.length() > 0) out.append("\n\n");
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }

    String text() {
        return out.toString();
    }

    /**
     * The note for a body cut at the budget, given {@code alsoCut} characters the final pass (sanitising and
     * wrapping can lengthen the text) removed; null when nothing was left out.
     */
    String truncationNote(long alsoCut) {
        long exact = moreChars + alsoCut;
        if (exact <= 0 && moreEstimated <= 0 && moreHtml <= 0) return null;
        StringBuilder sb = new StringBuilder("[truncated: ");
        if (moreEstimated > 0) {
            sb.append("about ").append(exact + moreEstimated).append(" more characters");
        } else if (exact > 0) {
            sb.append(exact).append(" more characters");
        }
        if (moreHtml > 0) {
            if (exact + moreEstimated > 0) sb.append(" and ");
            sb.append(htmlEstimated ? "about " : "").append(moreHtml).append(" more characters of HTML");
        }
        return sb.append(" not shown]").toString();
    }
}
