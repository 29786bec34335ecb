package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import dev.postern.render.RenderedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One message: headers, body, attachments. Holds the request it is waiting for, so a late reply for a
 * message the user already left is recognised as stale and dropped.
 *
 * <p>Laying a message out in rows (wrapping at the width) runs on a thread of its own, never on the UI
 * thread, and in time linear in the message's size. Rows are handed to the UI thread in batches as they
 * are made, the first batch at once, so the first screen of a message of any size shows while the rest is
 * still being laid out; the status line says so ("…") until the end is reached. Leaving the message, or
 * opening another one, cancels both the pending read and the layout.
 */
final class PagerView {
    /**
     * A row: its text and role, and where it starts in the text it was wrapped from: {@code offset} chars into the
     * {@code source}th line the layout made (-1 when not made by a layout), so a re-wrap finds the same text again.
     */
    record Line(String text, String role, int offset, int source) {
        Line(String text, String role) { this(text, role, 0, -1); }

        Line(String text, String role, int offset) { this(text, role, offset, -1); }
    }

    /** Rows in the first batch: more than a screen, so the first screen never waits for more. */
    static final int FIRST_BATCH = 256;
    /** Rows per later batch: few posts to the UI thread, each cheap to apply. */
    static final int BATCH = 8192;
    /** A batch is handed over at least this often while rows are being made, whatever its size. */
    private static final long BATCH_NANOS = 50_000_000L;

    private final Consumer<Runnable> ui;
    private final Consumer<Runnable> afterNextDraw;
    private Runnable whenShown; // runs once the message's first rows are on the terminal
    private final ExecutorService layoutThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pager-layout");
        t.setDaemon(true);
        return t;
    });

    private MessageRef ref;
    private Envelope envelope;
    private long request;
    private Future<?> reading; // the controller's read for the current request, cancelled when superseded
    private RenderedMessage message;
    private String error;
    /** Reads beside the body's for the message shown ({@link #alsoReading}), cancelled with it. */
    private final List<Future<?>> besides = new ArrayList<>();
    /** How much of the message still on its way has come ("Loading 4.2 of 20.0 MB…"); null until told. */
    private String progress;
    private int scroll;
    private boolean pinnedToEnd; // G before the layout ended: follow the end as rows arrive
    private List<Line> lines = new ArrayList<>();
    private boolean complete;
    private Layout job;
    private int linesWidth = -1;
    private int height = 1;
    private int lastWidth = 80;
    private boolean fullHeaders;
    private List<RenderedMessage.Header> rawHeaders; // null until fetched for this message
    private String needle;      // the '/' search, lower-cased; null when none
    private int matchLine = -1; // layout line of the current match
    // The text at the top when the width changed (a resize), kept at the top once the re-wrap reaches it (hunt 37-G10):
    private int anchorSource = -1; // its Line.source, -1 when none is sought
    private int anchorOffset;      // its Line.offset
    private int anchorRow;         // the last row of the new layout that starts at or before it
    private boolean anchorMatch;   // it was the current match's row

    /**
     * @param ui            runs a task on the UI thread (the layout's batches arrive through it)
     * @param afterNextDraw runs a task once the next frame is on the terminal
     */
    PagerView(Consumer<Runnable> ui, Consumer<Runnable> afterNextDraw) {
        this.ui = ui;
        this.afterNextDraw = afterNextDraw;
    }

    /** The rendered message shown, or null while it loads. */
    RenderedMessage message() { return message; }

    /** The envelope of the message shown, as it was when it was opened (null when none). */
    Envelope envelope() { return envelope; }

    /** Starts showing {@code ref}; returns the request id the caller must quote when the body arrives. */
    long loading(MessageRef ref, Envelope envelope) {
        cancelWork();
        this.ref = ref;
        this.envelope = envelope;
        this.message = null;
        this.error = null;
        this.progress = null;
        this.scroll = 0;
        this.pinnedToEnd = false;
        this.rawHeaders = null;
        this.matchLine = -1;
        invalidate();
        return ++request;
    }

    /** The read behind the current request: cancelled when the user leaves or opens another message. */
    void reading(long request, Future<?> read) {
        if (request != this.request) {
            read.cancel(true);
            return;
        }
        if (reading != null) reading.cancel(true);
        reading = read;
    }

    /**
     * The user left the message: the read and the layout stop, the rows are dropped (a huge message's
     * memory goes with them) and a late reply is recognised as stale.
     */
    void leave() {
        cancelWork();
        ref = null;
        envelope = null;
        message = null;
        error = null;
        rawHeaders = null;
        lines = new ArrayList<>();
        complete = true;
        linesWidth = -1;
        request++;
    }

    /** A read beside the body's for the message shown (its full headers' raw bytes): stopped when it is left. */
    void alsoReading(Future<?> read) {
        if (ref == null) read.cancel(true);
        else besides.add(read);
    }

    private void cancelWork() {
        whenShown = null;
        if (reading != null) reading.cancel(true);
        reading = null;
        for (Future<?> f : besides) f.cancel(true);
        besides.clear();
        if (job != null) job.cancel();
        job = null;
    }

    /** Stops the layout thread; the reader is closing. */
    void close() {
        cancelWork();
        layoutThread.shutdownNow();
    }

    boolean isCurrent(long request) { return request == this.request; }

    /** The request shown now: a result worked out off the UI thread for it is dropped once it is not {@link #isCurrent}. */
    long request() { return request; }

    MessageRef ref() { return ref; }

    boolean loaded() { return message != null; }

    /** Whether every row of the message is laid out (searching and G see the whole message). */
    boolean complete() { return complete && linesWidth >= 0; }

    int attachmentCount() { return message == null ? 0 : message.parts().size(); }

    /** Whether some attachment was left on the server (a large message read text-first). */
    boolean hasUnfetched() {
        return message != null && message.parts().stream().anyMatch(p -> !p.fetched());
    }

    void show(RenderedMessage m) {
        show(m, null);
    }

    /** Shows {@code m}; {@code whenShown} runs once its first rows are on the terminal (not "Loading…"). */
    void show(RenderedMessage m, Runnable whenShown) {
        this.message = m;
        this.reading = null;
        this.whenShown = whenShown;
        invalidate();
    }

    /**
     * Shows {@code m} while the full rendering ({@link #reading}) goes on: the body and the attachment list
     * first, the attachments' text when {@link #show} brings it. The scroll position is kept across the two.
     */
    void preview(RenderedMessage m) {
        if (reading == null) return; // the full one came first
        this.message = m;
        invalidate();
    }

    /** {@code done} of {@code total} bytes (0: not known) of {@code ref}'s body have come; shown while it loads. */
    void progress(MessageRef ref, long done, long total) {
        if (message != null || error != null || !ref.equals(this.ref)) return;
        String line = PagerText.loading(done, total);
        if (line.equals(progress)) return;
        progress = line;
        invalidate();
    }

    void failed(String sentence) {
        this.error = sentence;
        this.reading = null;
        invalidate();
    }

    void scroll(int delta) {
        ensureLayout(lastWidth);
        pinnedToEnd = false;
        anchorSource = -1;
        scroll = Math.max(0, Math.min(maxScroll(), scroll + delta));
    }

    void top() {
        pinnedToEnd = false;
        anchorSource = -1;
        scroll = 0;
    }

    boolean fullHeaders() { return fullHeaders; }

    boolean hasRawHeaders() { return rawHeaders != null; }

    /** Every header of the message, for the full view (parsed and sanitised by RawHeaders). */
    void rawHeaders(List<RenderedMessage.Header> headers) {
        this.rawHeaders = List.copyOf(headers);
        invalidate();
    }

    /** Full headers on or off; the setting stays for the next message, as in mutt. */
    void fullHeaders(boolean on) {
        this.fullHeaders = on;
        this.matchLine = -1;
        invalidate();
    }

    /** The current search word (as typed), or null. */
    String needle() { return needle; }

    /**
     * Finds {@code text} (case-insensitive) from the top of the screen onwards, wrapping to the start.
     * Returns whether it matched anywhere; the match is scrolled to the top of the screen. While the
     * layout is still running, only the rows laid out so far are searched (see {@link #complete}).
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
                pinnedToEnd = false;
                anchorSource = -1;
                scroll = Math.max(0, Math.min(maxScroll(), i));
                return wrapped ? Seek.WRAPPED : Seek.FOUND;
            }
        }
        return Seek.NONE;
    }

    /** To the end; while the layout still runs, to the end so far, following it as rows arrive. */
    void bottom() {
        ensureLayout(lastWidth);
        anchorSource = -1;
        scroll = maxScroll();
        pinnedToEnd = !complete;
    }

    private void invalidate() {
        linesWidth = -1;
    }

    /** Lines depend on the width (wrapping); commands between frames use the width of the last frame. */
    private void ensureLayout(int width) {
        if (width == linesWidth) return;
        if (linesWidth < 0) {
            anchorSource = -1; // other text (a message, its headers): nothing to find again
        } else if (anchorSource < 0 && !pinnedToEnd && scroll > 0 && scroll < lines.size()) {
            Line top = lines.get(scroll); // a new width: the same text stays at the top, as in less and mutt
            anchorSource = top.source();
            anchorOffset = top.offset();
            anchorRow = 0;
            anchorMatch = matchLine == scroll;
        }
        if (job != null) job.cancel();
        lines = new ArrayList<>();
        complete = false;
        linesWidth = width;
        job = new Layout(this, snapshot(), width);
        layoutThread.execute(job);
    }

    /** What the layout reads: immutable values only, so the layout thread shares nothing mutable with the UI. */
    private Source snapshot() {
        if (message == null) return new Source(envelope, error, null, null, TerminalText.underWay(progress == null ? "Loading\u2026" : progress, plainGlyphs));
        List<RenderedMessage.Header> headers = fullHeaders && rawHeaders != null ? rawHeaders : message.headers();
        return new Source(envelope, error, message, headers, null);
    }

    /** UI thread: rows made by {@code from}; dropped when that layout was superseded meanwhile. */
    private void arrived(Layout from, List<Line> batch, boolean last) {
        if (from != job) return;
        int first = lines.size();
        lines.addAll(batch);
        if (anchorSource >= 0) anchor(first, last);
        if (last) {
            complete = true;
            job = null;
        }
        if (pinnedToEnd) {
            scroll = maxScroll();
            if (complete) pinnedToEnd = false;
        }
    }

    /** Looks for the sought top text among the rows from {@code first}; once past it, it goes to the top. */
    private void anchor(int first, boolean last) {
        boolean passed = false;
        for (int i = first; i < lines.size() && !passed; i++) {
            Line l = lines.get(i);
            if (l.source() < anchorSource || l.source() == anchorSource && l.offset() <= anchorOffset) anchorRow = i;
            else passed = true;
        }
        if (!passed && !last) return;
        scroll = anchorRow;
        if (matchLine >= 0) matchLine = anchorMatch ? anchorRow : anchorRow - 1; // n goes on from the top row
        anchorSource = -1;
    }

    int pageSize() { return Math.max(1, height - 1); }

    private int maxScroll() { return Math.max(0, lines.size() - height); }

    /** Whether the terminal lacks postern's own glyphs: "..." for what is under way ({@link TerminalText#underWay}). */
    private boolean plainGlyphs;

    void plainGlyphs(boolean plain) { this.plainGlyphs = plain; }

    /** Percentage through the message, for the status line; "…" while the rest is still being laid out. */
    String position() {
        if (!complete) return TerminalText.underWay((scroll + 1) + "/" + lines.size() + "…", plainGlyphs);
        if (lines.size() <= height) return "all";
        return (100 * (scroll + height) / lines.size()) + "%";
    }

    void draw(TextGraphics g, Palette palette, int col, int row0, int width, int height) {
        this.height = Math.max(1, height);
        this.lastWidth = width;
        ensureLayout(width);
        // Until the layout ends the scroll position is kept as it is (a resize re-lays out from the top).
        if (complete) scroll = Math.min(scroll, maxScroll());
        int r = 0;
        for (; r < height && scroll + r < lines.size(); r++) {
            Line l = lines.get(scroll + r);
            palette.apply(g, l.role());
            Cells.put(g, col, row0 + r, l.text(), width);
            if (needle != null) highlight(g, palette, col, row0 + r, l.text(), width);
        }
        if (!complete && r < height) {
            palette.apply(g, Palette.NORMAL);
            Cells.put(g, col, row0 + r, TerminalText.underWay("Laying out…", plainGlyphs), width);
        }
        if (whenShown != null && r > 0 && message != null && (job == null || job.source.message() != null)) {
            // This frame holds rows of the message itself: once it is on the terminal, the message was shown.
            afterNextDraw.accept(whenShown);
            whenShown = null;
        }
    }

    /** Redraws each occurrence of the search word on a row in the match colour. */
    private void highlight(TextGraphics g, Palette palette, int col, int row, String text, int width) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.length() != text.length()) return; // case folding changed lengths: offsets would not line up
        int from = 0;
        int x = 0;
        int measured = 0; // x is the width of text[0, measured): each occurrence adds only the text since the last
        while (true) {
            int at = lower.indexOf(needle, from);
            if (at < 0) break;
            x += Cells.width(text.substring(measured, at));
            measured = at;
            String word = text.substring(at, at + needle.length());
            if (x >= width) break;
            palette.apply(g, Palette.PAGER_MATCH);
            Cells.put(g, col + x, row, word, Math.min(Cells.width(word), width - x));
            from = at + Math.max(1, needle.length());
        }
    }

    record Source(Envelope envelope, String error, RenderedMessage message,
                          List<RenderedMessage.Header> headers, String progress) {}

    /**
     * Lays a message out in rows on the layout thread, handing them to the UI thread in batches; stops at
     * the next row once cancelled. Every step is linear in the text's length: lines are found by scanning
     * once, each row is cut by measuring only that row ({@link Cells#fits}), nothing re-measures the rest.
     */
    private static final class Layout implements Runnable {
        private final PagerView view;
        private final Source source;
        private final int width;
        private volatile boolean cancelled;
        private List<Line> batch = new ArrayList<>();
        private boolean sentFirst;
        private int lineNo = -1; // the number of the line being wrapped (Line.source)
        private long lastSent = System.nanoTime();

        Layout(PagerView view, Source source, int width) {
            this.view = view;
            this.source = source;
            this.width = width;
        }

        void cancel() { cancelled = true; }

        @Override
        public void run() {
            if (cancelled) return;
            try {
                PagerText.rows(source, width, this::emit);
            } catch (Cancelled stop) {
                return;
            }
            List<Line> last = batch;
            view.ui.accept(() -> view.arrived(this, last, true));
        }

        private void emit(Line line) {
            if (cancelled) throw Cancelled.INSTANCE;
            if (line.offset() == 0) lineNo++; // a line's first row
            batch.add(new Line(line.text(), line.role(), line.offset(), lineNo));
            if (batch.size() >= (sentFirst ? BATCH : FIRST_BATCH) || System.nanoTime() - lastSent > BATCH_NANOS) {
                List<Line> full = batch;
                batch = new ArrayList<>();
                sentFirst = true;
                lastSent = System.nanoTime();
                view.ui.accept(() -> view.arrived(this, full, false));
            }
        }
    }

    /** Unwinds a cancelled layout; no stack trace, it is not an error. */
    private static final class Cancelled extends RuntimeException {
        static final Cancelled INSTANCE = new Cancelled();

        private Cancelled() { super(null, null, false, false); }
    }

    /** All rows of a rendered message at {@code width}, on the calling thread (for tests and measurement). */
    static List<Line> layOut(RenderedMessage m, int width) {
        List<Line> out = new ArrayList<>();
        PagerText.rows(new Source(null, null, m, m.headers(), null), width, out::add);
        return out;
    }
}
