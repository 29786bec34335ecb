package dev.postern.render;

import dev.postern.model.Part;
import java.util.Locale;

/**
 * The text of renderable attachments under the body, each under one line naming the file, its type and
 * size. The extractor's output is untrusted; it is sanitised with the rest of the body.
 */
public final class AttachmentSections {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AttachmentSections.class);

    private AttachmentSections() {}

    /**
     * Reading stops once a message's attachments have taken this long together: each one is bounded by
     * the extractor's own time-out, but ten hostile attachments must not hold a message for ten of them.
     */
    static final long MESSAGE_BUDGET_NANOS = 30_000_000_000L;

    static void append(BodyBuilder body, MimeWalker walker, AttachmentTextExtractor extractor) {
        append(body, walker, extractor, MESSAGE_BUDGET_NANOS);
    }

    static void append(BodyBuilder body, MimeWalker walker, AttachmentTextExtractor extractor, long budgetNanos) {
        long start = System.nanoTime();
        java.util.List<Part> parts = walker.parts();
        java.util.List<java.util.function.Supplier<byte[]>> contents = walker.contents();
        java.util.List<String> names = walker.rawNames();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (body.full()) return; // the body's budget is spent: nothing more would be shown, so nothing is read
            if (System.nanoTime() - start > budgetNanos) {
                if (AttachmentTypes.renderable(p.contentType(), names.get(i)) != null && contents.get(i) != null) {
                    body.note(heading(p) + "\n[not read: this message's attachments already took "
                            + budgetNanos / 1_000_000_000L + " s; `postern attachment show` reads this one]");
                }
                continue;
            }
            // Decoded only for a type read as text: an attachment only listed is never made in memory.
            if (AttachmentTypes.renderable(p.contentType(), names.get(i)) == null || contents.get(i) == null) continue;
            String section = section(p, names.get(i), contents.get(i).get(), walker.charsets().get(i),
                    walker.decrypted(i) ? extractor.privately() : extractor);
            if (section != null) body.note(section);
        }
    }

    /**
     * One attachment's heading and text, not yet sanitised; null when its type is not read as text or
     * its content is not at hand.
     */
    static String section(Part p, String rawName, byte[] content, String charset, AttachmentTextExtractor extractor) {
        AttachmentTextExtractor.Extraction x = extract(p, rawName, content, charset, extractor);
        return x == null ? null : heading(p) + "\n" + BodyBuilder.defang(text(p, x));
    }

    private static AttachmentTextExtractor.Extraction extract(Part p, String rawName, byte[] content, String charset,
            AttachmentTextExtractor extractor) {
        String type = AttachmentTypes.renderable(p.contentType(), rawName);
        if (type == null || content == null) return null;
        try {
            if (charset != null && (type.equals(AttachmentTypes.TEXT) || type.equals(AttachmentTypes.HTML))
                    && Charsets.lookup(charset) != null) {
                // A declared charset decides, as for the body's own text parts; the parser's guess only when none is
                // declared: Latin-1 "Grüße" was guessed Cyrillic, ISO-8859-15 "€" Latin-1 "¤" (hunt 38-A, A6). The
                // text goes on as UTF-8 and says so, so the cache keeps one text per declared reading.
                content = Charsets.decode(content, charset).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                type = type + AttachmentTypes.UTF_8;
            }
            return extractor.extract(content, type);
        } catch (RuntimeException e) {
            return new AttachmentTextExtractor.Extraction(AttachmentTextExtractor.Status.FAILED, e.getClass().getSimpleName());
        }
    }

    /**
     * One attachment as `postern attachment show` prints it: its terminal-safe text, and whether it was read
     * ({@code status} OK or TRUNCATED); anything else is the attachment's own fault (65) or the reader's (69).
     */
    public record Shown(String text, AttachmentTextExtractor.Status status) {
        public boolean read() {
            return status == AttachmentTextExtractor.Status.OK || status == AttachmentTextExtractor.Status.TRUNCATED;
        }

        /** Why it was not read, in postern's words, for a sentence "attachment N (type) ..." to end with. */
        public String why() {
            return switch (status) {
                case OK, TRUNCATED -> "was read";
                case ENCRYPTED -> "is encrypted or password-protected";
                case TIMEOUT -> "took too long to read and was stopped";
                case TOO_LARGE -> "is too large to read as text";
                case FAILED -> "could not be read as text: " + FAILED_WHY;
                case UNAVAILABLE -> "could not be read: the attachment reader is not available now (the log says why)";
            };
        }
    }

    /** What a failed read tells the user; the parser's own words (PDFBox, POI) go to the log. */
    static final String FAILED_WHY = "it is damaged, not what its type says, or too big once unpacked (the log says why)";

    /** One attachment as terminal-safe text (for `postern attachment show`); null as for {@link #section}. */
    public static Shown show(Attachments.Attachment a, AttachmentTextExtractor extractor) {
        AttachmentTextExtractor.Extraction x = extract(a.part(), a.rawName(), a.content(), a.charset(), extractor);
        if (x == null) return null;
        return new Shown(Sanitizer.text(heading(a.part()) + "\n" + BodyBuilder.defang(text(a.part(), x))), x.status());
    }

    /**
     * {@code body} (a rendered message's, with its {@code parts} and {@code links}) without the attachment sections
     * {@link #append} put under the text: what a reply quotes and an inline forward carries, so the reader's view of an
     * attachment (its extracted text, or a sentence such as "[could not read this attachment as text ... (the log says
     * why)]") never goes out as the sender's words (hunt 37-P, P11). The sections start at the last occurrence of the
     * heading of the first part that has one (a look-alike line in the message's own text comes before it); the links
     * list after them stays.
     */
    public static String withoutSections(String body, java.util.List<Part> parts, java.util.List<String> links) {
        if (body == null || parts.isEmpty()) return body;
        String tail = "";
        if (!links.isEmpty()) {
            StringBuilder l = new StringBuilder("\n\nLinks:");
            for (int i = 0; i < links.size(); i++) l.append("\n[").append(i + 1).append("] ").append(links.get(i));
            if (body.endsWith(l.toString())) tail = l.toString();
        }
        String text = body.substring(0, body.length() - tail.length());
        int start = -1;
        for (Part p : parts) {
            String h = heading(p);
            int at = text.startsWith(h + "\n") || text.equals(h) ? 0 : -1;
            int later = text.lastIndexOf("\n" + h + "\n");
            if (later < 0 && text.endsWith("\n" + h)) later = text.length() - h.length() - 1;
            if (later >= 0) at = later + 1;
            if (at >= 0) {
                start = at;
                break;
            }
        }
        if (start < 0) return body;
        return text.substring(0, start).stripTrailing() + (tail.isEmpty() ? (start == 0 ? "" : "\n") : tail);
    }

    static String heading(Part p) {
        String name = p.filename() == null || p.filename().isBlank() ? "(no name)" : Sanitizer.oneLine(p.filename());
        return "--- Attachment [" + p.index() + "] " + name + " (" + Sanitizer.oneLine(p.contentType()) + ", "
                + human(p.size()) + ") ---";
    }

    private static String text(Part p, AttachmentTextExtractor.Extraction x) {
        String why = Sanitizer.oneLine(x.text());
        if (x.status() == AttachmentTextExtractor.Status.FAILED) {
            LOG.info("attachment [{}] ({}) could not be read as text: {}", p.index(), Sanitizer.oneLine(p.contentType()), why);
        }
        return switch (x.status()) {
            case OK -> orEmpty(tidy(x.text()));
            case TRUNCATED -> orEmpty(tidy(x.text())) + "\n[attachment text cut at the output limit]";
            case ENCRYPTED -> "[encrypted or password-protected: not shown]";
            case TIMEOUT -> "[the attachment took too long to read and was stopped: not shown]";
            case TOO_LARGE -> "[too large to render as text: not shown]";
            case FAILED -> "[could not read this attachment as text: " + FAILED_WHY + "]";
            case UNAVAILABLE -> "[attachment text is not available now" + (why.isEmpty() ? "" : ": " + why) + "]";
        };
    }

    private static String orEmpty(String t) {
        return t.isEmpty() ? "[no text in this attachment]" : t;
    }

    /** Parsers emit trailing blanks and runs of empty lines (PDF page breaks); keep at most one blank line. */
    static String tidy(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int blanks = 0;
        for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            String l = line.stripTrailing();
            if (l.isEmpty()) {
                blanks++;
                continue;
            }
            if (out.length() > 0) out.append(blanks > 0 ? "\n\n" : "\n");
            blanks = 0;
            out.append(l);
        }
        return out.toString();
    }

    static String human(long bytes) {
        if (bytes < 0) return "? bytes";
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
