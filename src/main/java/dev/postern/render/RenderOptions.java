package dev.postern.render;

/**
 * How to render.
 *
 * @param preferHtml   show the HTML alternative of a multipart/alternative even when a plain one exists
 * @param wrapWidth    soft-wrap body lines to this many columns; 0 keeps lines as they are
 * @param maxBodyChars body text beyond this is cut and a "[truncated ...]" note added
 */
public record RenderOptions(boolean preferHtml, int wrapWidth, int maxBodyChars) {
    public static final int DEFAULT_MAX_BODY_CHARS = 2_000_000;

    public RenderOptions {
        wrapWidth = Math.max(0, wrapWidth);
        if (maxBodyChars <= 0) maxBodyChars = DEFAULT_MAX_BODY_CHARS;
    }

    public static RenderOptions defaults() {
        return new RenderOptions(false, 0, DEFAULT_MAX_BODY_CHARS);
    }
}
