package dev.postern.render;

/**
 * How to render.
 *
 * @param preferHtml   show the HTML alternative of a multipart/alternative even when a plain one exists
 * @param wrapWidth    soft-wrap body lines to this many columns; 0 keeps lines as they are
 * @param maxBodyChars body text beyond this is cut and a "[truncated ...]" note added
 * @param viewer       shows text parts through the user's auto_view commands; null renders every part built in
 */
public record RenderOptions(boolean preferHtml, int wrapWidth, int maxBodyChars, PartViewer viewer) {
    public static final int DEFAULT_MAX_BODY_CHARS = 2_000_000;

    public RenderOptions {
        wrapWidth = Math.max(0, wrapWidth);
        if (maxBodyChars <= 0) maxBodyChars = DEFAULT_MAX_BODY_CHARS;
    }

    public RenderOptions(boolean preferHtml, int wrapWidth, int maxBodyChars) {
        this(preferHtml, wrapWidth, maxBodyChars, null);
    }

    /** These options with {@code prefer_html} and the auto_view viewer set. */
    public RenderOptions with(boolean preferHtml, PartViewer viewer) {
        return new RenderOptions(preferHtml, wrapWidth, maxBodyChars, viewer);
    }

    public static RenderOptions defaults() {
        return new RenderOptions(false, 0, DEFAULT_MAX_BODY_CHARS);
    }
}
