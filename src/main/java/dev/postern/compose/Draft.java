package dev.postern.compose;

import java.nio.file.Path;
import java.util.List;

/**
 * A message being written: what the user typed or the reply/forward templates filled in. Addresses are
 * as typed ("Name &lt;a@b&gt;" or "a@b"); nothing here is encoded yet.
 *
 * @param inReplyTo  Message-ID (with angle brackets) of the message answered, or null
 * @param references Message-IDs of the thread, oldest first
 * @param flowed     send the text as format=flowed (RFC 3676)
 * @param headers    further header fields the user wrote in the editor's draft (Reply-To, X-...), in their order;
 *                   {@link DraftFile#read} admits only those {@link DraftFields} lets through
 */
public record Draft(String from, List<String> to, List<String> cc, List<String> bcc, String subject, String body,
        List<Attachment> attachments, String inReplyTo, List<String> references, boolean flowed, List<Field> headers) {

    /** A draft with no further header fields. */
    public Draft(String from, List<String> to, List<String> cc, List<String> bcc, String subject, String body,
            List<Attachment> attachments, String inReplyTo, List<String> references, boolean flowed) {
        this(from, to, cc, bcc, subject, body, attachments, inReplyTo, references, flowed, List.of());
    }

    /** A header field as the user wrote it: its name, and its value unfolded (as typed, nothing encoded). */
    public record Field(String name, String value) {}

    public Draft {
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        bcc = bcc == null ? List.of() : List.copyOf(bcc);
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        references = references == null ? List.of() : List.copyOf(references);
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /**
     * A file to attach (read when the message is built, so an edit made after attaching is what goes out),
     * or bytes already in hand (a forwarded message).
     *
     * @param contentType null to detect from the name and content
     */
    public record Attachment(String name, String contentType, Path path, byte[] bytes) {
        public static Attachment file(Path path) {
            return new Attachment(path.getFileName().toString(), null, path, null);
        }

        public static Attachment message(String name, byte[] raw) {
            return new Attachment(name, "message/rfc822", null, raw);
        }
    }

    public Draft withTo(List<String> v) { return new Draft(from, v, cc, bcc, subject, body, attachments, inReplyTo, references, flowed, headers); }

    public Draft withCc(List<String> v) { return new Draft(from, to, v, bcc, subject, body, attachments, inReplyTo, references, flowed, headers); }

    public Draft withBcc(List<String> v) { return new Draft(from, to, cc, v, subject, body, attachments, inReplyTo, references, flowed, headers); }

    public Draft withSubject(String v) { return new Draft(from, to, cc, bcc, v, body, attachments, inReplyTo, references, flowed, headers); }

    public Draft withFrom(String v) { return new Draft(v, to, cc, bcc, subject, body, attachments, inReplyTo, references, flowed, headers); }

    public Draft withBody(String v) { return new Draft(from, to, cc, bcc, subject, v, attachments, inReplyTo, references, flowed, headers); }

    public Draft withAttachments(List<Attachment> v) { return new Draft(from, to, cc, bcc, subject, body, v, inReplyTo, references, flowed, headers); }

    public Draft withHeaders(List<Field> v) { return new Draft(from, to, cc, bcc, subject, body, attachments, inReplyTo, references, flowed, v); }
}
