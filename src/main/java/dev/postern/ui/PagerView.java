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

    /** Starts showing {@code ref}; returns the request id the caller must quote when the body arrives. */
    long loading(MessageRef ref, Envelope envelope) {
        this.ref = ref;
        this.envelope = envelope;
        this.message = null;
        this.error = null;
        this.scroll = 0;
        this.linesWidth = -1;
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
        for (RenderedMessage.Header h : message.headers()) {
            wrap(out, Sanitizer.oneLine(h.name()) + ": " + Sanitizer.oneLine(h.value()), width, Palette.PAGER_HEADER);
        }
        out.add(new Line("", Palette.NORMAL));
        // Body text is sanitised by the renderer; text() again only re-splits lines (idempotent).
        for (String l : Sanitizer.text(message.body()).split("\n", -1)) {
            wrap(out, l, width, l.startsWith(">") ? Palette.PAGER_QUOTE : Palette.NORMAL);
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
