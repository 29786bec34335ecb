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
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;

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
        message(out, m, bodySize, 0);
        return out.toByteArray();
    }

    /** A message's stand-in: the whole one's, or that of a message/rfc822 part inside it ({@code depth} above 0). */
    private static void message(ByteArrayOutputStream out, IMAPMessage m, long bodySize, int depth)
            throws MessagingException, IOException {
        Enumeration<String> lines = m.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            String l = lines.nextElement();
            // Postern's own marker, in a header as sent, would have the renderer take a body downloaded for none.
            if (!l.regionMatches(true, 0, OMITTED_HEADER + ":", 0, OMITTED_HEADER.length() + 1)) line(out, l);
        }
        Object content = depth < MAX_DEPTH && (m.isMimeType("multipart/*") || embeddedMessage(m)) ? m.getContent() : null;
        if (content instanceof Multipart mp) {
            line(out, "");
            multipart(out, mp, m.getContentType(), depth);
        } else if (content instanceof IMAPMessage inner) {
            // A message that is one forwarded message: its body is part 1, not downloaded, its inside shown as below.
            line(out, OMITTED_HEADER + ": size=" + Math.max(0, bodySize));
            line(out, "");
            nested(out, inner, depth + 1);
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
    }

    /** A forwarded message's stand-in; {@link Unreadable} when the server does not give its header or parts by section. */
    private static void nested(ByteArrayOutputStream out, IMAPMessage inner, int depth) {
        try {
            message(out, inner, inner.getSize(), depth);
        } catch (MessagingException | IOException | RuntimeException e) {
            if (e instanceof Unreadable u) throw u;
            throw new Unreadable(e);
        }
    }

    /**
     * The server refused a forwarded message's header or parts by section (GreenMail answers NO): the stand-in cannot
     * number its attachments as the stored message will, so the whole message is read instead.
     */
    static final class Unreadable extends RuntimeException {
        Unreadable(Exception e) {
            super(e);
        }
    }

    private static void multipart(ByteArrayOutputStream out, Multipart mp, String contentType, int depth)
            throws MessagingException, IOException {
        String boundary = new ContentType(contentType).getParameter("boundary");
        if (boundary == null) boundary = "postern-" + Integer.toHexString(System.identityHashCode(mp));
        for (int i = 0; i < mp.getCount(); i++) {
            BodyPart bp = mp.getBodyPart(i);
            line(out, "--" + boundary);
            partHeaders(out, bp);
            Object nested = depth < MAX_DEPTH && (bp.isMimeType("multipart/*") || bp instanceof MimePart mime && embeddedMessage(mime))
                    ? bp.getContent() : null;
            if (nested instanceof Multipart nmp) {
                line(out, "");
                multipart(out, nmp, bp.getContentType(), depth + 1);
            } else if (nested instanceof IMAPMessage inner) {
                // A forwarded message (message/rfc822): not downloaded itself (the marker), but its own header and
                // structure are here, so its attachments are listed, and numbered, as those of the whole message are
                // (hunt 38-A, A4: the numbers after it moved once the body was stored, and `save 3` saved another part).
                line(out, OMITTED_HEADER + ": size=" + Math.max(0, bp.getSize()));
                line(out, "");
                nested(out, inner, depth + 1);
                line(out, "");
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

    /**
     * A message/rfc822 (or message/global) part sent as it is (7bit, 8bit, binary), whose structure the server gave:
     * the renderer walks into such a part. One sent in base64 or quoted-printable is walked into only once decoded, and
     * the server gives no structure of it: the whole message is read instead ({@link #opaqueMessage}), as when the
     * server gave no structure of one.
     */
    static boolean embeddedMessage(MimePart bp) throws MessagingException {
        return (bp.isMimeType("message/rfc822") || bp.isMimeType("message/global")) && !encoded(bp);
    }

    private static boolean encoded(MimePart bp) throws MessagingException {
        String enc = bp.getEncoding();
        enc = enc == null ? "" : enc.toLowerCase(java.util.Locale.ROOT);
        return enc.contains("base64") || enc.contains("quoted");
    }

    /**
     * Whether the structure holds a message/rfc822 part the stand-in cannot show the inside of: one the server gave no
     * structure of, or one sent encoded (the renderer decodes it and lists the attachments inside it). The whole
     * message is read then, so that the attachments are numbered as they will be once it is stored (hunt 38-A, A4).
     */
    static boolean opaqueMessage(BODYSTRUCTURE bs, int depth) {
        if (bs == null || depth > MAX_DEPTH) return false;
        if (bs.isMulti()) {
            if (bs.bodies != null) for (BODYSTRUCTURE b : bs.bodies) if (opaqueMessage(b, depth + 1)) return true;
            return false;
        }
        String type = bs.type == null ? "" : bs.type.toLowerCase(java.util.Locale.ROOT);
        String subtype = bs.subtype == null ? "" : bs.subtype.toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("message") || !subtype.equals("rfc822") && !subtype.equals("global")) return false;
        String enc = bs.encoding == null ? "" : bs.encoding.toLowerCase(java.util.Locale.ROOT);
        if (enc.contains("base64") || enc.contains("quoted")) return true;
        if (!bs.isNested() || bs.bodies == null || bs.bodies.length == 0) return true;
        return opaqueMessage(bs.bodies[0], depth + 1);
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
