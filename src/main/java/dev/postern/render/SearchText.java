package dev.postern.render;

/**
 * The text a local body search looks in (`body:`, and the body half of `text:`): the decoded text of the message's
 * text parts, as an IMAP server's SEARCH BODY matches it. Both the search index and the scan of the store take a
 * body's text from here and nowhere else, so they find the same messages.
 *
 * <p>What is in it: every text/* leaf (both sides of a multipart/alternative, a text attachment too) and the other
 * message/* leaves {@link MimeWalker#isText} knows (delivery reports), each with its transfer encoding and charset
 * decoded (the reader's own decoders: {@link TextPart}, {@link Charsets}), format=flowed joined, and the text parts
 * of an attached message (message/rfc822), one line break between parts. What is not: headers (the message's, a
 * part's, an attached message's), multipart preambles and boundaries, and every other leaf, whose data is never
 * decoded. HTML is searched as the text it shows ({@link HtmlToText} without link numbers; entities decoded, tags,
 * attributes, style and script left out), where Dovecot without a full-text plugin matches the decoded HTML
 * source, tags and all; with one (fts) it strips the tags too, as notmuch does, and a reader's user searches for
 * what the pager shows. A multipart with no boundary found is searched as the text the reader shows for it.
 *
 * <p>Bounded, whatever the message: at most {@link #MAX_CHARS} chars of text, at most {@link #MAX_DECODED} bytes
 * transfer-decoded in all, nesting followed {@link MimeWalker#MAX_DEPTH} levels deep. Never throws: broken
 * base64, an unknown charset or a broken multipart give what could be read; a failure keeps the text found
 * before it. Deterministic (no clock, no thread's stack size beyond the depth cap), so two runs over the same
 * bytes give the same text.
 */
public final class SearchText {
    /** The text of a message searched at most; past it a word is not found locally (the server would find it). */
    public static final int MAX_CHARS = 1 << 20;
    /** Bytes transfer-decoded at most for one message (its text parts and encoded attached messages). */
    static final int MAX_DECODED = 16 << 20;
    /** Encoded bytes of one part read at most: enough for {@link #MAX_CHARS} of text in any encoding and charset. */
    private static final int MAX_PART_BYTES = 12 * MAX_CHARS + 64 * 1024;

    private final StringBuilder out;
    private long decoded;

    private SearchText(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    /** The searched text of the raw message {@code raw}; null for null (no body cached). */
    public static String of(byte[] raw) {
        if (raw == null) return null;
        SearchText s = new SearchText((int) Math.min(raw.length + 16L, 64 * 1024));
        try {
            s.walk(MimeParser.parse(raw), 0, "text/plain");
        } catch (RuntimeException | StackOverflowError e) {
            // Best effort: the text read before the failure.
        }
        return s.out.length() > MAX_CHARS ? s.out.substring(0, MAX_CHARS) : s.out.toString();
    }

    private int room() {
        return MAX_CHARS - out.length();
    }

    private boolean spent() {
        return room() <= 0 || decoded >= MAX_DECODED;
    }

    private void walk(MimeEntity e, int depth, String defaultType) {
        if (depth > MimeWalker.MAX_DEPTH || spent()) return;
        if (e.raw(MimeWalker.OMITTED_HEADER) != null) return; // not downloaded: nothing to search
        String type = e.mimeType(defaultType);
        if (type.startsWith("multipart/")) {
            multipart(e, type, depth);
        } else if (type.equals("message/rfc822") || type.equals("message/global")) {
            embedded(e, depth);
        } else if (MimeWalker.isText(type)) {
            text(e, type);
        }
        // Any other leaf (an image, a PDF, application/octet-stream) is data: never decoded here.
    }

    private void multipart(MimeEntity e, String type, int depth) {
        byte[] data = e.data();
        String boundary = e.contentType().param("boundary");
        java.util.List<int[]> ranges = MimeParser.split(data, e.bodyFrom(), e.bodyTo(), boundary);
        if (ranges.isEmpty()) {
            String guessed = MimeParser.guessBoundary(data, e.bodyFrom(), e.bodyTo());
            if (guessed != null) ranges = MimeParser.split(data, e.bodyFrom(), e.bodyTo(), guessed);
        }
        if (ranges.isEmpty()) { // no delimiter at all: the body as the reader shows it
            append(Charsets.decode(data, e.bodyFrom(), Math.min(e.bodyLength(), MAX_PART_BYTES),
                    e.contentType().param("charset"), room()).text());
            return;
        }
        String childDefault = type.equals("multipart/digest") ? "message/rfc822" : "text/plain";
        for (int[] r : ranges) {
            if (spent()) return;
            walk(MimeParser.parse(data, r[0], r[1]), depth + 1, childDefault);
        }
    }

    /** An attached message: its text parts, not its headers. Usually not encoded (RFC 2046), so parsed in place. */
    private void embedded(MimeEntity e, int depth) {
        String cte = TransferDecoding.normalise(e.raw("Content-Transfer-Encoding"));
        MimeEntity inner;
        if (cte.contains("base64") || cte.contains("quoted")) {
            int cap = (int) Math.min(MAX_PART_BYTES, MAX_DECODED - decoded);
            byte[] raw = TransferDecoding.decode(capped(e, cap).body(), cte, cap).bytes();
            decoded += raw.length;
            inner = MimeParser.parse(raw);
        } else {
            inner = MimeParser.parse(e.data(), e.bodyFrom(), e.bodyTo());
        }
        walk(inner, depth + 1, "text/plain");
    }

    private void text(MimeEntity e, String type) {
        MimeEntity part = capped(e, MAX_PART_BYTES);
        decoded += part.bodyLength();
        append(TextPart.decode(part, type, null, room()).text());
    }

    /** The entity with its body cut to {@code max} bytes: a 50 MB part is never copied whole. */
    private static MimeEntity capped(MimeEntity e, int max) {
        if (e.bodyLength() <= max) return e;
        return new MimeEntity(e.fields(), e.data(), e.bodyFrom(), e.bodyFrom() + Math.max(0, max), e.headerless());
    }

    private void append(String text) {
        if (text.isEmpty()) return;
        if (out.length() > 0) out.append('\n');
        out.append(text, 0, Math.min(text.length(), Math.max(0, room())));
    }
}
