package dev.postern.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text file the editor sees: a few header lines (From, To, Cc, Bcc, Subject, and one Attach line per
 * file), an empty line, then the body. Reading it back keeps what the file cannot show (threading headers,
 * attached messages) from the draft it was written from.
 */
public final class DraftFile {
    private DraftFile() {}

    public static String write(Draft d) {
        StringBuilder b = new StringBuilder();
        b.append("From: ").append(oneLine(d.from())).append('\n');
        b.append("To: ").append(oneLine(String.join(", ", d.to()))).append('\n');
        b.append("Cc: ").append(oneLine(String.join(", ", d.cc()))).append('\n');
        b.append("Bcc: ").append(oneLine(String.join(", ", d.bcc()))).append('\n');
        b.append("Subject: ").append(oneLine(d.subject())).append('\n');
        for (Draft.Attachment a : d.attachments()) {
            if (a.path() != null) b.append("Attach: ").append(a.path()).append('\n');
        }
        b.append('\n').append(d.body());
        return b.toString();
    }

    /**
     * The edited file's bytes as text: UTF-8, as it was written; when they are not UTF-8 (a Latin-1 file read in with
     * {@code :r}, an editor set to latin1, a Latin-1 terminal), windows-1252, as the renderer reads an unlabelled body,
     * so that every byte the user typed is a letter of the draft and nothing is dropped (hunt 34-C, C14: the reader
     * sent the body as it was before the edit, reply exited 66). {@link #utf8} tells the two apart, for the warning.
     */
    public static String decode(byte[] bytes) {
        return new String(bytes, utf8(bytes) ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.Charset.forName("windows-1252"));
    }

    /** Whether {@code bytes} are valid UTF-8. */
    public static boolean utf8(byte[] bytes) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** What the user is told when the draft was read as windows-1252 ({@link #decode}). */
    public static final String NOT_UTF8 = "the draft was not UTF-8, so it was read as windows-1252 (Latin-1); check its"
            + " letters before sending";

    /** Reads the edited file; header lines it does not know are kept in the body's place (nothing is lost). */
    public static Draft read(String text, Draft base) {
        String t = text.replace("\r\n", "\n");
        String from = base.from();
        List<String> to = base.to();
        List<String> cc = base.cc();
        List<String> bcc = base.bcc();
        String subject = base.subject();
        List<Draft.Attachment> attachments = new ArrayList<>();
        for (Draft.Attachment a : base.attachments()) if (a.path() == null) attachments.add(a); // attached messages stay
        int pos = 0;
        while (pos < t.length()) {
            int nl = t.indexOf('\n', pos);
            String line = nl < 0 ? t.substring(pos) : t.substring(pos, nl);
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT) : "";
            if (line.isEmpty()) {
                pos = nl < 0 ? t.length() : nl + 1;
                break;
            }
            if (!List.of("from", "to", "cc", "bcc", "subject", "attach").contains(name)) break; // no header block
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "from" -> from = value;
                case "to" -> to = split(value);
                case "cc" -> cc = split(value);
                case "bcc" -> bcc = split(value);
                case "subject" -> subject = value;
                default -> {
                    if (!value.isEmpty()) attachments.add(Draft.Attachment.file(Path.of(value)));
                }
            }
            pos = nl < 0 ? t.length() : nl + 1;
        }
        String body = pos <= t.length() ? t.substring(pos) : "";
        return new Draft(from, to, cc, bcc, subject, body, attachments, base.inReplyTo(), base.references(), base.flowed());
    }

    /**
     * Splits an address list at commas outside quoted names (where a backslash escapes the next character, RFC 5322
     * quoted-pair), comments and angle brackets: {@code "Doe, John" <jd@x.org>} and {@code "a \", b" <x@y>} stay one.
     */
    public static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        int comment = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (quoted || comment > 0) && i + 1 < value.length()) {
                cur.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"' && comment == 0) quoted = !quoted;
            else if (c == '(' && !quoted) comment++;
            else if (c == ')' && !quoted && comment > 0) comment--;
            else if (c == '<' && !quoted && comment == 0) angle++;
            else if (c == '>' && !quoted && comment == 0 && angle > 0) angle--;
            if (c == ',' && !quoted && angle == 0 && comment == 0) {
                if (!cur.toString().isBlank()) out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }

    /** A header line's value as {@link Addresses#clean} leaves it: no line break, control or bidi character. */
    private static String oneLine(String s) {
        return Addresses.clean(s);
    }
}
