package dev.postern.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Raw RFC 5322 / MIME bytes to a {@link RenderedMessage}. Never throws: whatever the input, the
 * reader gets something legible, and every string in the result has passed {@link Sanitizer}.
 * Stateless apart from its options, so one instance may be shared between threads.
 */
public final class MessageRenderer {
    private final RenderOptions options;
    private final AttachmentTextExtractor extractor;

    public MessageRenderer() {
        this(RenderOptions.defaults());
    }

    public MessageRenderer(RenderOptions options) {
        this(options, null);
    }

    /**
     * @param extractor renders PDF, office and HTML attachments as text under the body; null lists
     *                  attachments by type and size only
     */
    public MessageRenderer(RenderOptions options, AttachmentTextExtractor extractor) {
        this.options = options == null ? RenderOptions.defaults() : options;
        this.extractor = extractor;
    }

    public RenderedMessage render(byte[] raw) {
        byte[] input = raw == null ? new byte[0] : raw;
        try {
            return renderMime(input);
        } catch (java.util.concurrent.CancellationException stopped) {
            throw stopped; // the reader left the message: not a rendering failure, no fallback wanted
        } catch (RuntimeException | StackOverflowError e) {
            return rawFallback(input, e);
        }
    }

    private RenderedMessage renderMime(byte[] raw) {
        MimeEntity message = MimeParser.parse(raw);
        BodyBuilder body = new BodyBuilder();
        MimeWalker walker = new MimeWalker(options, body);
        walker.message(message);
        if (extractor != null) AttachmentSections.append(body, walker, extractor);
        List<String> links = new ArrayList<>();
        for (String link : walker.links()) links.add(Sanitizer.oneLine(link));
        String text = finish(body.text(), links);
        return new RenderedMessage(DisplayHeaders.of(message), text, walker.parts(), links);
    }

    private String finish(String text, List<String> links) {
        stopIfInterrupted();
        String out = Sanitizer.text(text);
        stopIfInterrupted();
        out = TextWrap.wrap(out, options.wrapWidth());
        out = truncate(out);
        if (!links.isEmpty()) {
            StringBuilder sb = new StringBuilder(out);
            sb.append(out.isEmpty() ? "" : "\n\n").append("Links:");
            for (int i = 0; i < links.size(); i++) sb.append("\n[").append(i + 1).append("] ").append(links.get(i));
            out = sb.toString();
        }
        return out;
    }

    private String truncate(String text) {
        int max = options.maxBodyChars();
        if (text.length() <= max) return text;
        int cut = max;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) cut--;
        return text.substring(0, cut) + "\n[truncated: " + (text.length() - cut) + " more characters not shown]";
    }

    /**
     * A render whose thread was interrupted (the reader cancelled it) stops at the next step rather than
     * finishing work nobody will see. Checked between parts and phases, never inside a parser.
     */
    static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) throw new java.util.concurrent.CancellationException("rendering cancelled");
    }

    private RenderedMessage rawFallback(byte[] raw, Throwable why) {
        String note = "[could not render this message as MIME (" + why.getClass().getSimpleName()
                + "); showing the raw text]\n\n";
        String text = truncate(Sanitizer.text(note + Charsets.unlabelled(raw, 0, raw.length)));
        return new RenderedMessage(List.of(), text, List.of(), List.of());
    }
}
