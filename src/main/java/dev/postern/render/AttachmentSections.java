package dev.postern.render;

import dev.postern.model.Part;
import java.util.Locale;

/**
 * The text of renderable attachments under the body, each under one line naming the file, its type and
 * size. The extractor's output is untrusted; it is sanitised with the rest of the body.
 */
final class AttachmentSections {
    private AttachmentSections() {}

    static void append(BodyBuilder body, MimeWalker walker, AttachmentTextExtractor extractor) {
        for (int i = 0; i < walker.parts().size(); i++) {
            Part p = walker.parts().get(i);
            byte[] content = walker.contents().get(i);
            String type = AttachmentTypes.renderable(p.contentType(), walker.rawNames().get(i));
            if (type == null || content == null) continue;
            AttachmentTextExtractor.Extraction x;
            try {
                x = extractor.extract(content, type);
            } catch (RuntimeException e) {
                x = new AttachmentTextExtractor.Extraction(AttachmentTextExtractor.Status.FAILED, e.getClass().getSimpleName());
            }
            body.note(heading(p) + "\n" + text(x));
        }
    }

    static String heading(Part p) {
        String name = p.filename() == null || p.filename().isBlank() ? "(no name)" : Sanitizer.oneLine(p.filename());
        return "--- Attachment [" + p.index() + "] " + name + " (" + Sanitizer.oneLine(p.contentType()) + ", "
                + human(p.size()) + ") ---";
    }

    private static String text(AttachmentTextExtractor.Extraction x) {
        String why = Sanitizer.oneLine(x.text());
        return switch (x.status()) {
            case OK -> orEmpty(tidy(x.text()));
            case TRUNCATED -> orEmpty(tidy(x.text())) + "\n[attachment text cut at the output limit]";
            case ENCRYPTED -> "[encrypted or password-protected: not shown]";
            case TIMEOUT -> "[the attachment took too long to read and was stopped: not shown]";
            case TOO_LARGE -> "[too large to render as text: not shown]";
            case FAILED -> "[could not read this attachment as text" + (why.isEmpty() ? "" : ": " + why) + "]";
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
