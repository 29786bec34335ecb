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
    private final CryptoEngine crypto;

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
        this(options, extractor, null);
    }

    /** @param crypto verifies and decrypts protected parts; null notes them as not verified, not decrypted */
    public MessageRenderer(RenderOptions options, AttachmentTextExtractor extractor, CryptoEngine crypto) {
        this.options = options == null ? RenderOptions.defaults() : options;
        this.extractor = extractor;
        this.crypto = crypto;
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
        BodyBuilder body = new BodyBuilder(options.maxBodyChars());
        MimeWalker walker = new MimeWalker(options, body, crypto);
        walker.message(message);
        if (extractor != null) AttachmentSections.append(body, walker, extractor);
        List<String> links = new ArrayList<>();
        for (String link : walker.links()) links.add(Sanitizer.oneLine(link));
        String text = finish(body, links);
        List<RenderedMessage.Header> headers = DisplayHeaders.of(message);
        if (headers.isEmpty() && text.isBlank() && walker.parts().isEmpty() && walker.protections().isEmpty() && !blank(raw)) {
            // Nothing to show, yet bytes there (a message cut mid-header, a line without a colon): never a blank screen.
            return rawFallback(raw, "[no header or text postern can show in this message; showing its raw text]");
        }
        if (headers.isEmpty() && text.isBlank() && walker.parts().isEmpty() && walker.protections().isEmpty()) {
            // Nothing at all (hunt35-E E7): two blank lines and exit 0 looked like a display fault; say it is empty.
            return new RenderedMessage(headers, raw.length == 0 ? EMPTY : BLANK, List.of(), List.of(), List.of());
        }
        return new RenderedMessage(headers, text, walker.parts(), links, walker.protections(), DisplayHeaders.fields(raw, headers));
    }

    /** The body shown for a message of no bytes, and for one of nothing but blank lines. */
    static final String EMPTY = "[this message is empty: the server holds 0 bytes for it]";
    static final String BLANK = "[this message is empty: it holds only blank lines, no header and no text]";

    /** Whether {@code raw} holds nothing but white space. */
    private static boolean blank(byte[] raw) {
        for (byte b : raw) if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        return true;
    }

    /**
     * The body cut at the budget once more after sanitising and wrapping (both may lengthen it), with one note
     * for all that was left out, then the links. Each step works on at most the budget's worth of text.
     */
    private String finish(BodyBuilder body, List<String> links) {
        stopIfInterrupted();
        String out = Sanitizer.text(body.text());
        stopIfInterrupted();
        out = TextWrap.wrap(out, options.wrapWidth());
        int max = options.maxBodyChars();
        long cut = 0;
        if (out.length() > max) {
            int at = max;
            if (Character.isHighSurrogate(out.charAt(at - 1))) at--;
            cut = out.length() - at;
            out = out.substring(0, at);
        }
        String note = body.truncationNote(cut);
        if (note != null) out = out + "\n" + note;
        if (!links.isEmpty()) {
            StringBuilder sb = new StringBuilder(out);
            sb.append(out.isEmpty() ? "" : "\n\n").append("Links:");
            for (int i = 0; i < links.size(); i++) sb.append("\n[").append(i + 1).append("] ").append(links.get(i));
            out = sb.toString();
        }
        return out;
    }

    private static final byte[][] PROTECTED_TYPES = {
        "multipart/signed".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "multipart/encrypted".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "pkcs7-mime".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};

    /**
     * Whether a message read without its attachments (large: only its text fetched) holds a signed or encrypted
     * part, which needs the whole message: a signature is over exact bytes, and the ciphertext is not text.
     */
    public static boolean needsWholeMessage(byte[] textOnly) {
        // Compared ASCII-case-blind in place: the reader asks this of every whole message it opens, and a lower-case
        // copy of a 50 MB one was 50 MB made for a yes or no.
        for (byte[] t : PROTECTED_TYPES) if (indexOfIgnoreCase(textOnly, t) >= 0) return true;
        return false;
    }

    /** Where {@code what} (lower case) first occurs in {@code d}, ASCII letters compared without case; -1 if nowhere. */
    private static int indexOfIgnoreCase(byte[] d, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= d.length; i++) {
            for (int k = 0; k < what.length; k++) {
                byte b = d[i + k];
                if ((b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b) != what[k]) continue outer;
            }
            return i;
        }
        return -1;
    }

    static int indexOf(byte[] d, byte[] what, int from) {
        outer:
        for (int i = from; i + what.length <= d.length; i++) {
            for (int k = 0; k < what.length; k++) if (d[i + k] != what[k]) continue outer;
            return i;
        }
        return -1;
    }

    /**
     * A render whose thread was interrupted (the reader cancelled it) stops at the next step rather than
     * finishing work nobody will see. Checked between parts and phases, and by the HTML parser as it reads its input
     * ({@link HtmlToText}); no other parser looks.
     */
    static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) throw new java.util.concurrent.CancellationException("rendering cancelled");
    }

    private RenderedMessage rawFallback(byte[] raw, Throwable why) {
        return rawFallback(raw, "[could not render this message as MIME (" + why.getClass().getSimpleName()
                + "); showing the raw text]");
    }

    private RenderedMessage rawFallback(byte[] raw, String note) {
        BodyBuilder body = new BodyBuilder(options.maxBodyChars());
        body.note(note.strip());
        Charsets.Prefix p = Charsets.decode(raw, 0, raw.length, null, body.room());
        body.block(new TextPart.Text(p.text(), p.more(), p.exact(), false));
        String text = finish(body, List.of());
        return new RenderedMessage(List.of(), text, List.of(), List.of());
    }
}
