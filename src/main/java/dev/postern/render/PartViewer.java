package dev.postern.render;

/**
 * Shows a text part of the body through something outside the built-in renderer: the user's mailcap
 * {@code copiousoutput} entry for a type listed in {@code auto_view} (attach/AutoView), as mutt's auto_view.
 * Called on a render thread, never the UI thread; the part's text is already decoded (transfer encoding and
 * charset) and cut at the body's budget.
 */
public interface PartViewer {
    /**
     * What became of a part.
     *
     * @param text the viewer's output (untrusted, sanitised by the caller), or null to render the part built in
     * @param note one line for the body when the viewer was tried and failed (the part is then rendered built in), or null
     */
    record Shown(String text, String note) {
        public static final Shown NOT_HANDLED = new Shown(null, null);
    }

    /** @param type the part's type, lower case ("text/html") */
    Shown show(String type, String text, int maxChars);
}
