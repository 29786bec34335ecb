package dev.postern.compose;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A postponed message (from the Drafts folder) back into a {@link Draft}, as mutt's recall-message: To,
 * Cc, Bcc, Subject, In-Reply-To and References as they were, the first text/plain part as the body, and
 * every other part as an attachment carried by its bytes (name and type kept). The From the user sends
 * with is the account's current one unless the draft names its own.
 */
public final class Recall {
    private static final Session SESSION = Session.getInstance(new Properties());

    private Recall() {}

    /**
     * The postponed message's Message-ID, angle brackets included, read as the Drafts path's replacing reads it
     * ({@link dev.postern.render.LenientHeaders}); null when it has none in brackets.
     */
    public static String messageId(byte[] raw) {
        String id = dev.postern.render.LenientHeaders.parse(raw).messageId("Message-ID");
        return id != null && id.startsWith("<") ? id : null;
    }

    public static Draft draft(byte[] raw, String defaultFrom) {
        try {
            MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            // As To and Cc are read: a name with a comma, <, ", @ or ; comes back quoted, so the draft sends as it was
            // (hunt 37-P, P7: decoded as text, "Alice Ünïcode, Jr. <a@x>" was refused as no mail address).
            String from = String.join(", ", addresses(m, "From"));
            StringBuilder body = new StringBuilder();
            List<Draft.Attachment> attachments = new ArrayList<>();
            boolean[] haveBody = {false};
            walk(m, body, attachments, haveBody);
            List<String> refs = new ArrayList<>();
            String r = m.getHeader("References", " ");
            if (r != null) for (String id : r.trim().split("\\s+")) if (!id.isEmpty()) refs.add(id);
            String inReplyTo = m.getHeader("In-Reply-To", " ");
            return new Draft(from.isEmpty() ? defaultFrom : from, addresses(m, "To"), addresses(m, "Cc"),
                    addresses(m, "Bcc"), header(m, "Subject"), body.toString(), attachments,
                    inReplyTo == null ? null : inReplyTo.trim(), refs, false).withHeaders(DraftFields.of(m));
        } catch (MessagingException | IOException e) {
            throw new PosternException(ExitCode.DATAERR, "the postponed message cannot be read back ("
                    + e.getMessage() + "); it stays in Drafts as it is.", e);
        }
    }

    /**
     * The bytes to postpone: the built message has no Bcc header (Bcc goes by the envelope only), so the
     * copy kept in Drafts gets it back in front, or a recalled draft would lose its hidden recipients.
     */
    public static byte[] forDrafts(byte[] raw, List<String> bcc) {
        if (bcc.isEmpty()) return raw;
        List<String> encoded = new ArrayList<>();
        for (String b : bcc) {
            try {
                for (InternetAddress a : InternetAddress.parse(b, false)) {
                    // RFC 2047 for a name with non-ASCII letters, as MessageBuilder does for To and Cc
                    encoded.add(a.getPersonal() == null ? a.getAddress()
                            : new InternetAddress(a.getAddress(), a.getPersonal(), "UTF-8").toString());
                }
            } catch (AddressException | java.io.UnsupportedEncodingException e) {
                encoded.add(b.replaceAll("[\\r\\n]", " ")); // as typed: the review screen showed it; it cannot break the header
            }
        }
        String header = MimeUtility.fold(5, "Bcc: " + String.join(", ", encoded)) + "\r\n";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + raw.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(raw, 0, out, h.length, raw.length);
        return out;
    }

    private static void walk(Part p, StringBuilder body, List<Draft.Attachment> attachments, boolean[] haveBody)
            throws MessagingException, IOException {
        if (p.isMimeType("multipart/*")) {
            Multipart mp;
            try {
                mp = (Multipart) p.getContent();
                mp.getCount(); // parses the parts: a broken boundary shows here
            } catch (MessagingException | ClassCastException broken) {
                // A multipart that does not parse: its text is still the user's, so it comes back as the body.
                if (!haveBody[0]) {
                    try (InputStream in = p.getInputStream()) {
                        body.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("\r\n", "\n"));
                    }
                    haveBody[0] = true;
                }
                return;
            }
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                walk(child, body, attachments, haveBody);
            }
            return;
        }
        boolean attached = Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || p.getFileName() != null;
        if (!haveBody[0] && !attached && p.isMimeType("text/plain")) {
            Object text = p.getContent();
            body.append(text instanceof String s ? s.replace("\r\n", "\n") : "");
            haveBody[0] = true;
            return;
        }
        String type = p.getContentType() == null ? "application/octet-stream" : p.getContentType().replaceAll("\\s+", " ");
        String name = p.getFileName();
        if (name != null) name = MimeUtility.decodeText(name);
        if (name == null) name = p.isMimeType("message/rfc822") ? "message.eml" : "attachment";
        attachments.add(new Draft.Attachment(name, type, null, bytes(p)));
    }

    private static byte[] bytes(Part p) throws MessagingException, IOException {
        if (p.isMimeType("message/rfc822") && p.getContent() instanceof MimeMessage inner) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            inner.writeTo(out);
            return out.toByteArray();
        }
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static List<String> addresses(MimeMessage m, String name) throws MessagingException {
        String v = m.getHeader(name, ",");
        if (v == null || v.isBlank()) return List.of();
        List<String> out = new ArrayList<>();
        try {
            for (InternetAddress a : InternetAddress.parseHeader(v, false)) out.add(typed(a));
        } catch (AddressException e) {
            out.addAll(DraftFile.split(decode(v))); // as the user typed it: the review screen shows it
        }
        return out;
    }

    /** As a person types it: {@code Name <a@b>}, quoting the name only when it holds a special character. */
    private static String typed(InternetAddress a) {
        return Addresses.text(a);
    }

    private static String header(MimeMessage m, String name) throws MessagingException {
        String v = m.getHeader(name, " ");
        return v == null ? "" : decode(v.replaceAll("\r?\n[ \t]", " ").trim());
    }

    private static String decode(String v) {
        try {
            return MimeUtility.decodeText(v);
        } catch (java.io.UnsupportedEncodingException e) {
            return v;
        }
    }
}
