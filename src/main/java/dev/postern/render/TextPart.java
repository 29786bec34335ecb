package dev.postern.render;

import java.util.List;

/** The readable text of one text/* leaf: transfer decoding, charset, format=flowed, HTML. */
final class TextPart {
    /** Bytes beyond a budget that a window may need to end at a line break or a whole character. */
    private static final int SLACK = 4096 + 16;

    private TextPart() {}

    /**
     * A part's text, decoded only up to a budget.
     *
     * @param more  what was left out: exact chars when {@code exact}, else an estimate (bytes not decoded, or
     *              with {@code html} the HTML source not converted)
     */
    record Text(String text, long more, boolean exact, boolean html, String note) {
        Text(String text, long more, boolean exact, boolean html) {
            this(text, more, exact, html, null);
        }
    }

    static String decode(MimeEntity e, String type, List<String> links) {
        return decode(e, type, links, Integer.MAX_VALUE).text();
    }

    static Text decode(MimeEntity e, String type, List<String> links, int maxChars) {
        return decode(e, type, links, maxChars, null);
    }

    /**
     * At most about {@code maxChars} chars of the part's text, doing work in proportion to that, not to the
     * part's size: transfer decoding, the charset and HTML conversion each stop at the budget. Single-byte and
     * ASCII text needs one window of bytes; multi-byte text a second, larger one (four bytes a char at most).
     */
    static Text decode(MimeEntity e, String type, List<String> links, int maxChars, PartViewer viewer) {
        int max = Math.max(0, maxChars);
        Text t = decode(e, type, links, max, (long) max + SLACK, viewer);
        if (!t.html() && !t.exact() && t.text().length() < max) t = decode(e, type, links, max, 4L * max + SLACK, viewer);
        if (viewer != null && !t.html()) {
            PartViewer.Shown shown = viewer.show(type, t.text(), max);
            if (shown.text() != null) return viewed(shown.text(), max, t.more(), t.exact(), false);
            if (shown.note() != null) return new Text(t.text(), t.more(), t.exact(), false, shown.note());
        }
        return t;
    }

    /** A viewer's output: untrusted, so sanitised, and cut at the budget like any other text. */
    private static Text viewed(String output, int max, long more, boolean exact, boolean html) {
        String clean = Sanitizer.text(output);
        if (clean.length() > max) return new Text(clean.substring(0, max), more + clean.length() - max, exact, html);
        return new Text(clean, more, exact, html);
    }

    private static Text decode(MimeEntity e, String type, List<String> links, int max, long window, PartViewer viewer) {
        HeaderParams ct = e.contentType();
        TransferDecoding.Limited decoded = TransferDecoding.decode(e.body(), e.raw("Content-Transfer-Encoding"),
                (int) Math.min(Integer.MAX_VALUE - 64, window));
        byte[] bytes = decoded.bytes();
        String charset = ct.param("charset");
        if (type.equals("text/html")) {
            // The HTML source is cut at the budget: its text is shorter still, and jsoup's time goes with its input.
            Charsets.Prefix html = Charsets.decode(bytes, 0, bytes.length, charset == null ? HtmlCharset.sniff(bytes) : charset, max);
            String text = HtmlToText.convert(html.text(), links, max); // also numbers the links for the link list
            long more = html.more() + decoded.more();
            boolean exact = html.exact() && decoded.more() == 0;
            if (viewer != null) {
                PartViewer.Shown shown = viewer.show(type, html.text(), max);
                if (shown.text() != null) return viewed(shown.text(), max, more, exact, true);
                if (shown.note() != null) return new Text(text, more, exact, true, shown.note());
            }
            return new Text(text, more, exact, true);
        }
        Charsets.Prefix p = Charsets.decode(bytes, 0, bytes.length, charset, max);
        String text = p.text();
        if ("flowed".equalsIgnoreCase(strip(ct.param("format")))) {
            text = FlowedText.decode(text, "yes".equalsIgnoreCase(strip(ct.param("delsp"))));
        }
        return new Text(text, p.more() + decoded.more(), p.exact() && decoded.more() == 0, false);
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
