package dev.postern.ui;

import com.googlecode.lanterna.graphics.TextGraphics;
import dev.postern.controller.ConnectionState;
import dev.postern.controller.Event;
import dev.postern.render.Sanitizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bottom two rows, as in mutt: a status bar (where am I, am I online, what is running) and a message
 * line for errors and notices, which the prompt borrows while it is open.
 */
final class StatusLine {
    private final Map<Long, Event.Progress> jobs = new LinkedHashMap<>();
    private String error;
    private String notice;
    private String view = "";

    /** How the index is arranged ("threads date  limit: from:bob"), shown after the position. */
    void view(String label) { this.view = label == null ? "" : Sanitizer.oneLine(label); }

    void progress(Event.Progress p) {
        jobs.remove(p.jobId()); // re-insert so the most recently updated job is shown
        if (p.total() <= 0 || p.done() < p.total()) jobs.put(p.jobId(), p);
    }

    void error(String sentence) {
        error = Sanitizer.oneLine(sentence);
        notice = null;
    }

    void notice(String text) {
        notice = Sanitizer.oneLine(text);
        error = null;
    }

    /** A key press acknowledges the last message, like mutt. */
    void clearMessage() {
        error = null;
        notice = null;
    }

    static String state(ConnectionState s) {
        if (s == null) return "";
        switch (s) {
            case ONLINE: return "online";
            case OFFLINE: return "offline";
            case CONNECTING: return "connecting";
            default: return "";
        }
    }

    /** {@code position} is "12/10000" in the index or a scroll percentage in the pager. */
    void drawBar(TextGraphics g, Palette palette, int row, int width, String account, String folder,
                 String position, ConnectionState state) {
        drawBar(g, palette, row, width, account, folder, position, state, 0);
    }

    /** {@code queued}: changes waiting for the server (made while it was unreachable). */
    void drawBar(TextGraphics g, Palette palette, int row, int width, String account, String folder,
                 String position, ConnectionState state, int queued) {
        StringBuilder left = new StringBuilder(" ");
        // The virtual "All Inboxes" has no account of its own to name.
        if (!dev.postern.controller.MailController.UNIFIED.equals(account)) left.append(Sanitizer.oneLine(account)).append(": ");
        left.append(Sanitizer.oneLine(folder))
                .append("  [").append(position).append("]");
        String st = state(state);
        if (!st.isEmpty()) left.append("  ").append(st);
        if (queued > 0) left.append("  ").append(queued).append(" queued");
        if (!view.isEmpty()) left.append("  ").append(view);
        String right = "";
        if (!jobs.isEmpty()) {
            Event.Progress p = null;
            for (Event.Progress q : jobs.values()) p = q;
            right = Sanitizer.oneLine(p.what()) + " " + p.done() + (p.total() > 0 ? "/" + p.total() : "") + " ";
        }
        palette.apply(g, Palette.STATUS);
        int rightWidth = Math.min(Cells.width(right), Math.max(0, width - Cells.width(left.toString()) - 1));
        Cells.put(g, 0, row, left.toString(), width - rightWidth);
        if (rightWidth > 0) Cells.put(g, width - rightWidth, row, right, rightWidth);
    }

    void drawMessage(TextGraphics g, Palette palette, int row, int width) {
        if (error != null) {
            palette.apply(g, Palette.STATUS_ERROR);
            Cells.put(g, 0, row, error, width);
        } else {
            palette.apply(g, Palette.NORMAL);
            Cells.put(g, 0, row, notice == null ? "" : notice, width);
        }
    }
}
