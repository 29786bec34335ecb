package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.model.Part;
import dev.postern.render.RenderedMessage;
import dev.postern.render.Sanitizer;
import java.util.ArrayList;
import java.util.List;

/**
 * One message: headers, body, attachments. Holds the request it is waiting for, so a late reply for a
 * message the user already left is recognised as stale and dropped.
 */
final class PagerView {
    private record Line(String text, String role) {}

    private MessageRef ref;
    private Envelope envelope;
    private long request;
    private RenderedMessage message;
    private String error;
    private int scroll;
    private List<Line> lines = List.of();
    private int linesWidth = -1;
    private int height = 1;
    private int lastWidth = 80;
    private boolean fullHeaders;
    private List<RenderedMessage.Header> rawHeaders; // null until fetched for this message
    private String needle;      // the '/' search, lower-cased; null when none
    private int matchLine = -1; // layout line of the current match

    /** Starts showing {@code ref}; returns the request id the caller must quote when the body arrives. */
    long loading(MessageRef ref, Envelope envelope) {
        this.ref = ref;
        this.envelope = envelope;
        this.message = null;
        this.error = null;
        this.scroll = 0;
        this.linesWidth = -1;
        this.rawHeaders = null;
        this.matchLine = -1;
        return ++request;
    }

    boolean isCurrent(long request) { return request == this.request; }

    MessageRef ref() { return ref; }

    boolean loaded() { return message != null; }

    int attachmentCount() { return message == null ? 0 : message.parts().size(); }

    /** Whether some attachment was left on the server (a large message read text-first). */
    boolean hasUnfetched() {
        return message != null && message.parts().stream().anyMatch(p -> !p.fetched());
    }

    void show(RenderedMessage m) {
        this.message = m;
        this.linesWidth = -1;
    }

    void failed(String sentence) {
        this.error = sentence;
        this.linesWidth = -1;
    }

    void scroll(int delta) {
        ensureLayout(lastWidth);
        scroll = Math.max(0, Math.min(maxScroll(), scroll + delta));
    }

    void top() { scroll = 0; }

    boolean fullHeaders() { return fullHeaders; }

    boolean hasRawHeaders() { return rawHeaders != null; }

    /** Every header of the message, for the full view (parsed and sanitised by RawHeaders). */
    void rawHeaders(List<RenderedMessage.Header> headers) {
        this.rawHeaders = List.copyOf(headers);
        this.linesWidth = -1;
    }

    /** Full headers on or off; the setting stays for the next message, as in mutt. */
    void fullHeaders(boolean on) {
        this.fullHeaders = on;
        this.linesWidth = -1;
        this.matchLine = -1;
    }

    /** The current search word (as typed), or null. */
    String needle() { return needle; }

    /**
     * Finds {@code text} (case-insensitive) from the top of the screen onwards, wrapping to the start.
     * Returns whether it matched anywhere; the match is scrolled to the top of the screen.
     */
    boolean find(String text) {
        needle = text.isEmpty() ? null : text.toLowerCase(java.util.Locale.ROOT);
        matchLine = -1;
        if (needle == null) return false;
        ensureLayout(lastWidth);
        return seek(scroll) != Seek.NONE;
    }

    enum Seek { FOUND, WRAPPED, NONE }

    /** The next match after the current one, wrapping at the end. */
    Seek findNext() {
        if (needle == null) return Seek.NONE;
        ensureLayout(lastWidth);
        return seek(matchLine + 1);
    }

    private Seek seek(int from) {
        int n = lines.size();
        for (int k = 0; k < n; k++) {
            int i = (Math.max(0, from) + k) % n;
            if (lines.get(i).text().toLowerCase(java.util.Locale.ROOT).contains(needle)) {
                boolean wrapped = i < from;
                matchLine = i;
                scroll = Math.max(0, Math.min(maxScroll(), i));
                return wrapped ? Seek.WRAPPED : Seek.FOUND;
            }
        }
        return Seek.NONE;
    }

    void bottom() {
        ensureLayout(lastWidth);
        scroll = maxScroll();
    }

    /** Lines depend on the width (wrapping); commands between frames use the width of the last frame. */
    private void ensureLayout(int width) {
        if (width != linesWidth) {
            lines = layout(width);
            linesWidth = width;
        }
    }

    int pageSize() { return Math.max(1, height - 1); }

    private int maxScroll() { return Math.max(0, lines.size() - height); }

    /** Percentage through the message, for the status line. */
    String position() {
        if (lines.size() <= height) return "all";
        return (100 * (scroll + height) / lines.size()) + "%";
    }

    void draw(TextGraphics g, Palette palette, int col, int row0, int width, int height) {
        this.height = Math.max(1, height);
        this.lastWidth = width;
        ensureLayout(width);
        scroll = Math.min(scroll, maxScroll());
        for (int r = 0; r < height && scroll + r < lines.size(); r++) {
            Line l = lines.get(scroll + r);
            palette.apply(g, l.role());
            Cells.put(g, col, row0 + r, l.text(), width);
            if (needle != null) highlight(g, palette, col, row0 + r, l.text(), width);
        }
    }

    /** Redraws each occurrence of the search word on a row in the match colour. */
    private void highlight(TextGraphics g, Palette palette, int col, int row, String text, int width) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.length() != text.length()) return; // case folding changed lengths: offsets would not line up
        int from = 0;
        while (true) {
            int at = lower.indexOf(needle, from);
            if (at < 0) break;
            int x = Cells.width(text.substring(0, at));
            String word = text.substring(at, at + needle.length());
            if (x >= width) break;
            palette.apply(g, Palette.PAGER_MATCH);
            Cells.put(g, col + x, row, word, Math.min(Cells.width(word), width - x));
            from = at + Math.max(1, needle.length());
        }
    }

    private List<Line> layout(int width) {
        List<Line> out = new ArrayList<>();
        if (message == null) {
            if (envelope != null) {
                out.add(new Line("From: " + Sanitizer.oneLine(envelope.from()), Palette.PAGER_HEADER));
                out.add(new Line("Subject: " + Sanitizer.oneLine(envelope.subject()), Palette.PAGER_HEADER));
                out.add(new Line("", Palette.NORMAL));
            }
            out.add(new Line(error == null ? "Loading…" : "This message could not be loaded.", Palette.NORMAL));
            return out;
        }
        List<RenderedMessage.Header> headers = fullHeaders && rawHeaders != null ? rawHeaders : message.headers();
        for (RenderedMessage.Header h : headers) {
            wrap(out, Sanitizer.oneLine(h.name()) + ": " + Sanitizer.oneLine(h.value()), width, Palette.PAGER_HEADER);
        }
        out.add(new Line("", Palette.NORMAL));
        // Body text is sanitised by the renderer; text() again only re-splits lines (idempotent).
        for (String l : Sanitizer.text(message.body()).split("\n", -1)) {
            wrap(out, l, width, quoted(l) ? Palette.PAGER_QUOTE : Palette.NORMAL);
        }
        if (!message.links().isEmpty()) {
            out.add(new Line("", Palette.NORMAL));
            out.add(new Line("Links:", Palette.PAGER_HEADER));
            for (int i = 0; i < message.links().size(); i++) {
                wrap(out, "[" + (i + 1) + "] " + Sanitizer.oneLine(message.links().get(i)), width, Palette.NORMAL);
            }
        }
        if (!message.parts().isEmpty()) {
            out.add(new Line("", Palette.NORMAL));
            out.add(new Line("Attachments:", Palette.PAGER_HEADER));
            for (Part p : message.parts()) wrap(out, attachment(p), width, Palette.NORMAL);
        }
        return out;
    }

    /** A quoted line at any depth ("> x", ">> x", "> > x"), also when indented. */
    static boolean quoted(String line) {
        return line.stripLeading().startsWith(">");
    }

    static String attachment(Part p) {
        String name = p.filename() == null || p.filename().isBlank() ? "(no name)" : Sanitizer.oneLine(p.filename());
        return "[" + p.index() + "] " + name + "  " + Sanitizer.oneLine(p.contentType()) + "  "
                + Formats.size(p.size()) + (p.fetched() ? "" : "  (not downloaded)");
    }

    /** Hard wrap by display width: a long line continues on the next row instead of being cut. */
    private static void wrap(List<Line> out, String text, int width, String role) {
        if (width <= 0 || Cells.width(text) <= width) {
            out.add(new Line(text, role));
            return;
        }
        String rest = text;
        while (!rest.isEmpty()) {
            String head = Cells.truncate(rest, width);
            if (head.isEmpty()) head = rest.substring(0, Character.charCount(rest.codePointAt(0)));
            out.add(new Line(head, role));
            rest = rest.substring(head.length());
        }
    }
}
