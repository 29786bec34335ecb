package dev.postern.backend.imap;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import dev.postern.render.ContentTypes;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimePart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.eclipse.angus.mail.imap.IMAPBodyPart;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * Builds the stand-in for a large message that {@link dev.postern.backend.BodySource#textOnly} promises:
 * the real header, the readable text parts downloaded, every other part reduced to its headers plus
 * {@code X-Postern-Omitted: size=N}. The structure and part headers come from BODYSTRUCTURE, so the
 * attachments themselves never cross the wire.
 */
final class PartialMessage {
    static final String OMITTED_HEADER = "X-Postern-Omitted";
    private static final int MAX_DEPTH = 20;

    private PartialMessage() {}

    /**
     * @param bodySize the size of a single-part message's body as the server's BODYSTRUCTURE gives it (unused for
     *                 a multipart): what a body not downloaded is listed with
     */
    static byte[] build(IMAPMessage m, long bodySize) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Enumeration<String> lines = m.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            String l = lines.nextElement();
            // Postern's own marker, in a header as sent, would have the renderer take a body downloaded for none.
            if (!l.regionMatches(true, 0, OMITTED_HEADER + ":", 0, OMITTED_HEADER.length() + 1)) line(out, l);
        }
        Object content = m.isMimeType("multipart/*") ? m.getContent() : null;
        if (content instanceof Multipart mp) {
            line(out, "");
            multipart(out, mp, m.getContentType(), 0);
        } else if (readableText(m.getHeader("Content-Type", null), m.getHeader("Content-Disposition", null))) {
            // The message's own header, read as the renderer reads it: a Content-Type it cannot use ("text/", "/",
            // empty) is text/plain (RFC 2045 5.2), so that text is downloaded here as a small message's is shown.
            line(out, "");
            try (InputStream in = m.getRawInputStream()) {
                in.transferTo(out);
            }
        } else {
            // A single-part message whose body is an attachment (a scanner's PDF): its body is part 1, not downloaded,
            // and said so; an empty body here would be listed, and saved, as an empty attachment.
            line(out, OMITTED_HEADER + ": size=" + Math.max(0, bodySize));
            line(out, "");
        }
        return out.toByteArray();
    }

    private static void multipart(ByteArrayOutputStream out, Multipart mp, String contentType, int depth)
            throws MessagingException, IOException {
        String boundary = new ContentType(contentType).getParameter("boundary");
        if (boundary == null) boundary = "postern-" + Integer.toHexString(System.identityHashCode(mp));
        for (int i = 0; i < mp.getCount(); i++) {
            BodyPart bp = mp.getBodyPart(i);
            line(out, "--" + boundary);
            partHeaders(out, bp);
            Object nested = depth < MAX_DEPTH && bp.isMimeType("multipart/*") ? bp.getContent() : null;
            if (nested instanceof Multipart nmp) {
                line(out, "");
                multipart(out, nmp, bp.getContentType(), depth + 1);
            } else if (readableText(bp.getContentType(), bp.getDisposition()) && bp instanceof IMAPBodyPart ibp) {
                line(out, "");
                try (InputStream in = ibp.getRawInputStream()) {
                    in.transferTo(out);
                }
                line(out, "");
            } else {
                line(out, OMITTED_HEADER + ": size=" + Math.max(0, bp.getSize()));
                line(out, "");
            }
        }
        line(out, "--" + boundary + "--");
    }

    /**
     * The bytes {@link #build} downloads of a message of structure {@code bs} besides its header, as the server sizes
     * them: its text parts' (a download's progress, so only as good as the server's sizes).
     */
    static long textSize(org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE bs) {
        return textSize(bs, 0);
    }

    private static long textSize(org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE bs, int depth) {
        if (bs.isMulti()) {
            long sum = 0;
            if (depth < MAX_DEPTH && bs.bodies != null) for (var b : bs.bodies) sum += textSize(b, depth + 1);
            return sum;
        }
        String type = bs.type == null || bs.subtype == null ? null : bs.type + "/" + bs.subtype;
        return !bs.isNested() && readableText(type, bs.disposition) ? Math.max(0, bs.size) : 0;
    }

    /** Whether a part of these Content-Type and Content-Disposition values is text the renderer shows. */
    private static boolean readableText(String contentType, String disposition) {
        String type = ContentTypes.mimeType(contentType, "text/plain");
        return (type.equals("text/plain") || type.equals("text/html")) && !ContentTypes.attachment(disposition);
    }

    /** Headers rebuilt from BODYSTRUCTURE: enough for the renderer to name, type and size the part. */
    private static void partHeaders(ByteArrayOutputStream out, BodyPart bp) throws MessagingException {
        line(out, "Content-Type: " + bp.getContentType());
        if (bp instanceof MimePart mp) {
            String enc = mp.getEncoding();
            if (enc != null) line(out, "Content-Transfer-Encoding: " + enc);
            String id = mp.getContentID();
            if (id != null) line(out, "Content-ID: " + id);
        }
        String disposition = bp.getDisposition();
        String filename = bp.getFileName();
        if (disposition != null || filename != null) {
            StringBuilder d = new StringBuilder("Content-Disposition: ")
                    .append(disposition == null ? "attachment" : disposition);
            if (filename != null) d.append("; filename=\"").append(filename.replace("\\", "\\\\").replace("\"", "\\\"").replace('\r', ' ').replace('\n', ' ')).append('"');
            line(out, d.toString());
        }
    }

    private static void line(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }
}
