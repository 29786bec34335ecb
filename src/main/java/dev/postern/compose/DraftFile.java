package dev.postern.compose;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text file the editor sees: a few header lines (From, To, Cc, Bcc, Subject, the further fields the user
 * added, a reply's In-Reply-To and References, and one Attach line per file), an empty line, then the body. Reading it
 * back keeps what the file cannot change (thread headers, attached messages) from the draft it was written from.
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
        for (Draft.Field f : d.headers()) b.append(f.name()).append(": ").append(oneLine(f.value())).append('\n');
        // The thread a reply answers, as it will be sent: a draft kept in drafts/ (the reader ended, its owner died, a
        // send failed) and sent later with `postern send < FILE` stays in the thread (hunt 39-Y, Y9). Read back only as
        // it was written (#read): postern writes them from the message answered.
        String parent = inReplyTo(d);
        if (parent != null) b.append("In-Reply-To: ").append(parent).append('\n');
        List<String> refs = references(d);
        if (!refs.isEmpty()) b.append("References: ").append(String.join("\n ", refs)).append('\n');
        for (Draft.Attachment a : d.attachments()) {
            if (a.path() != null) b.append("Attach: ").append(a.path()).append('\n');
        }
        b.append('\n').append(d.body());
        return b.toString();
    }

    /** {@code d}'s In-Reply-To as the message will carry it ({@link MessageBuilder}), or null. */
    private static String inReplyTo(Draft d) {
        List<String> parent = ReplyIds.wellFormed(d.inReplyTo() == null ? List.of() : List.of(d.inReplyTo()));
        return parent.isEmpty() ? null : parent.get(0);
    }

    /** {@code d}'s References as the message will carry them ({@link MessageBuilder}). */
    private static List<String> references(Draft d) {
        return ReplyIds.capped(ReplyIds.wellFormed(d.references()));
    }

    /** Whether the draft file's {@code name} field, {@code value}, is the thread header {@link #write} wrote from {@code base}. */
    private static boolean asWritten(String name, String value, Draft base) {
        String v = value.strip().replaceAll("\\s+", " ");
        if (name.equalsIgnoreCase("in-reply-to")) return v.equals(inReplyTo(base));
        return name.equalsIgnoreCase("references") && v.equals(String.join(" ", references(base)));
    }

    /**
     * The edited file's bytes as text: UTF-8, as it was written; the bytes that are not UTF-8 (a Latin-1 file read in
     * with {@code :r}, an editor set to latin1, a Latin-1 terminal), windows-1252, as the renderer reads an unlabelled
     * body, so that every byte the user typed is a letter of the draft and nothing is dropped (hunt 34-C, C14: the
     * reader sent the body as it was before the edit, reply exited 66). Only those bytes: the quote, subject and names
     * postern wrote in UTF-8 stay as they were beside a line an editor under a Latin-1 locale added (read whole as
     * windows-1252 they went out as mojibake, hunt 39-I, I8). {@link #utf8} tells whether there were any, for the warning.
     */
    public static String decode(byte[] bytes) {
        return dev.postern.render.Charsets.utf8ElseWindows1252(bytes);
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
    public static final String NOT_UTF8 = "the draft was not UTF-8, so it was read as windows-1252 (Latin-1) where it was"
            + " not; check its letters before sending";

    /**
     * Reads the edited file as RFC 5322 reads a header (hunt 37-P, P15, P16): the header lines run to the first empty
     * (or blank) line, a line starting with a space or tab continues the field above it (a folded or wrapped To line),
     * and every other line there must be a field ({@code Name: value}); one that is neither is refused (64, naming
     * it), as is a field {@link DraftFields#refused} names, so that no header line ever goes out as body text. Fields
     * other than From, To, Cc, Bcc, Subject and Attach are the draft's {@link Draft#headers}. A To, Cc, Bcc or Subject
     * line the file lacks was deleted, so that field is empty (an emptied draft has no recipient); From and what the
     * file cannot show keep {@code base}'s values (threading headers, attached messages).
     */
    public static Draft read(String text, Draft base) {
        String t = text.replace("\r\n", "\n");
        List<String[]> fields = new ArrayList<>(); // name, value, line number, the line
        int pos = 0;
        int number = 0;
        while (pos < t.length()) {
            int nl = t.indexOf('\n', pos);
            String line = nl < 0 ? t.substring(pos) : t.substring(pos, nl);
            pos = nl < 0 ? t.length() : nl + 1;
            number++;
            if (line.isBlank()) break; // the end of the header lines
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).stripTrailing() : "";
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
                fields.get(fields.size() - 1)[1] += line; // unfolded: the line break goes, the white space stays
            } else if (line.charAt(0) != ' ' && line.charAt(0) != '\t' && DraftFields.fieldName(name)) {
                fields.add(new String[] {name, line.substring(colon + 1), String.valueOf(number), line});
            } else {
                throw refused(number, line, "is neither a header field (Name: value) nor the continuation of one (a line"
                        + " starting with a space); the header lines end at the first empty line");
            }
        }
        String from = base.from();
        // #write shows every one of these: a line the user deleted takes its field out, as in mutt's edit_headers draft
        // (hunt 42-H, H2: a Cc line deleted still got the message; an emptied draft was sent to the original sender).
        // From alone falls back to the draft's, the identity it is sent as.
        List<String> to = List.of();
        List<String> cc = List.of();
        List<String> bcc = List.of();
        String subject = "";
        List<Draft.Attachment> attachments = new ArrayList<>();
        for (Draft.Attachment a : base.attachments()) if (a.path() == null) attachments.add(a); // attached messages stay
        List<Draft.Field> headers = new ArrayList<>();
        for (String[] f : fields) {
            String value = f[1].strip();
            switch (f[0].toLowerCase(Locale.ROOT)) {
                case "from" -> from = value;
                case "to" -> to = split(value);
                case "cc" -> cc = split(value);
                case "bcc" -> bcc = split(value);
                case "subject" -> subject = value;
                case "attach" -> {
                    if (!value.isEmpty()) attachments.add(Draft.Attachment.file(Path.of(value)));
                }
                default -> {
                    int line = Integer.parseInt(f[2]);
                    if (asWritten(f[0], value, base)) continue; // the thread, as it was written: base keeps it
                    String why = DraftFields.refused(f[0]);
                    if (why != null) throw refused(line, f[3], "is refused: " + why + "; remove that line");
                    if (value.indexOf('\r') >= 0) {
                        throw refused(line, f[3], "holds a carriage return, which would end the field; remove it");
                    }
                    if (value.isEmpty()) continue; // an empty field is left out, as mutt does
                    int same = DraftFields.addresses(f[0]) ? sameName(headers, f[0]) : -1;
                    if (same < 0) headers.add(new Draft.Field(f[0], value));
                    else headers.set(same, new Draft.Field(headers.get(same).name(), headers.get(same).value() + ", " + value));
                }
            }
        }
        String body = t.substring(Math.min(pos, t.length()));
        return new Draft(from, to, cc, bcc, subject, body, attachments, base.inReplyTo(), base.references(), base.flowed(),
                headers);
    }

    /** Where {@code headers} has a field named {@code name} (RFC 5322 allows one Reply-To: two lines make one), or -1. */
    private static int sameName(List<Draft.Field> headers, String name) {
        for (int i = 0; i < headers.size(); i++) if (headers.get(i).name().equalsIgnoreCase(name)) return i;
        return -1;
    }

    /** The sentence for line {@code number} of the draft, {@code line}, which {@code why}. */
    private static PosternException refused(int number, String line, String why) {
        String shown = Sanitizer.oneLine(line.strip());
        if (shown.length() > 60) shown = shown.substring(0, 57) + "...";
        return new PosternException(ExitCode.USAGE, "line " + number + " of the draft (\"" + shown + "\") " + why);
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
