package dev.postern.compose;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * A {@link Draft} to the bytes that are sent: UTF-8 text/plain (optionally format=flowed), headers with
 * non-ASCII text as RFC 2047 encoded words, attachments with RFC 2231 file names and detected types,
 * Message-ID, Date, In-Reply-To and References. Bcc recipients go only into the SMTP envelope.
 */
public final class MessageBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Session session;
    private final Clock clock;

    public MessageBuilder(Clock clock) {
        Properties p = new Properties();
        p.put("mail.mime.encodeparameters", "true"); // RFC 2231 for non-ASCII file names
        p.put("mail.mime.encodefilename", "false");
        p.put("mail.mime.splitlongparameters", "true");
        this.session = Session.getInstance(p);
        this.clock = clock;
    }

    public MessageBuilder() {
        this(dev.postern.model.Zones.clock());
    }

    public Built build(Draft d) {
        return build(d, null);
    }

    /**
     * As {@link #build(Draft)} with {@code messageId} (angle brackets included) instead of a new one: the compose
     * screen gives every build of one message the same, so postponing it again replaces its earlier draft.
     */
    public Built build(Draft d, String messageId) {
        return build(d, messageId, true);
    }

    /**
     * As {@link #build(Draft, String)} for Drafts: a message still being written may have no recipient yet, and is
     * postponed all the same, as mutt does (hunt 43-R, R3: P said "the message has no recipients").
     */
    public Built draft(Draft d, String messageId) {
        return build(d, messageId, false);
    }

    private Built build(Draft d, String messageId, boolean toSend) {
        InternetAddress from = one("From", d.from());
        List<InternetAddress> to = list("To", d.to());
        List<InternetAddress> cc = list("Cc", d.cc());
        List<InternetAddress> bcc = list("Bcc", d.bcc());
        Set<String> rcpts = new LinkedHashSet<>();
        for (List<InternetAddress> l : List.of(to, cc, bcc)) for (InternetAddress a : l) rcpts.add(a.getAddress());
        if (rcpts.isEmpty() && toSend) throw new PosternException(ExitCode.USAGE, "the message has no recipients; give To, Cc or Bcc.");
        if (messageId == null) messageId = messageId(from.getAddress());
        try {
            MimeMessage m = new FixedIdMessage(session, messageId);
            m.setFrom(from);
            if (!to.isEmpty()) m.setRecipients(Message.RecipientType.TO, to.toArray(new InternetAddress[0]));
            if (!cc.isEmpty()) m.setRecipients(Message.RecipientType.CC, cc.toArray(new InternetAddress[0]));
            m.setHeader("Subject", unstructured("Subject", headerText(d.subject())));
            m.setHeader("Date", RawMessage.date(clock));
            List<String> parent = ReplyIds.wellFormed(d.inReplyTo() == null ? List.of() : List.of(d.inReplyTo()));
            if (!parent.isEmpty()) m.setHeader("In-Reply-To", parent.get(0));
            List<String> refs = ReplyIds.capped(ReplyIds.wellFormed(d.references()));
            if (!refs.isEmpty()) m.setHeader("References", MimeUtility.fold("References: ".length(), String.join(" ", refs)));
            m.setHeader("MIME-Version", "1.0");
            m.setHeader("User-Agent", "postern");
            for (Draft.Field f : d.headers()) field(m, f);
            if (d.attachments().isEmpty()) {
                fillText(m, d);
            } else {
                MimeBodyPart text = new MimeBodyPart();
                fillText(text, d);
                MimeMultipart mixed = new MimeMultipart("mixed");
                mixed.addBodyPart(text);
                for (Draft.Attachment a : d.attachments()) mixed.addBodyPart(attachment(a));
                m.setContent(mixed);
            }
            m.saveChanges();
            m.removeHeader("Bcc");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            return new Built(out.toByteArray(), messageId, from.getAddress(), new ArrayList<>(rcpts));
        } catch (MessagingException | IOException e) {
            throw new PosternException(ExitCode.SOFTWARE, "the message could not be put together (" + e.getMessage()
                    + "); see the log file.", e);
        }
    }

    /**
     * A further field of the draft ({@link DraftFields}): addresses checked and encoded as To's, other text as the
     * Subject's; a name that is not a field name, or one postern writes itself, is refused (never a second Date, never a
     * line break that starts a field of its own).
     */
    private static void field(MimeMessage m, Draft.Field f) throws MessagingException {
        String why = DraftFields.refused(f.name());
        if (!DraftFields.fieldName(f.name()) || why != null || DraftFields.own(f.name())) {
            throw new PosternException(ExitCode.USAGE, "the header field '" + headerText(f.name()) + "' cannot be added"
                    + (why == null ? "" : " (" + why + ")") + "; nothing was sent.");
        }
        if (DraftFields.addresses(f.name())) {
            List<InternetAddress> l = list(f.name(), List.of(f.value()));
            if (!l.isEmpty()) m.addHeader(f.name(), InternetAddress.toString(l.toArray(new InternetAddress[0]), f.name().length() + 2));
        } else {
            String v = headerText(f.value());
            if (!v.isEmpty()) m.addHeader(f.name(), unstructured(f.name(), v));
        }
    }

    private static void fillText(jakarta.mail.internet.MimePart p, Draft d) throws MessagingException {
        String body = d.body().replace("\r\n", "\n").replace('\r', '\n');
        if (d.flowed()) {
            p.setText(FlowedEncoder.encode(body), "UTF-8");
            p.setHeader("Content-Type", "text/plain; charset=UTF-8; format=flowed; delsp=no");
            // quoted-printable keeps the trailing spaces that mark soft breaks through every relay
            p.setHeader("Content-Transfer-Encoding", "quoted-printable");
        } else {
            p.setText(body, "UTF-8");
        }
    }

    private static MimeBodyPart attachment(Draft.Attachment a) throws MessagingException {
        byte[] bytes = a.bytes();
        if (bytes == null) bytes = InputLimit.attachment(a.path()); // a regular file, bounded (hunt 38-A, A5)
        String type = a.contentType() != null ? a.contentType() : ContentTypes.detect(a.name(), bytes);
        // A forwarded message with a line over 998 octets cannot go as message/rfc822 (7bit or 8bit only, RFC 2046
        // 5.2.1, and 8bit keeps lines within 998): it goes as an .eml file in base64 instead (hunt 30-Q, 4).
        if (type.startsWith("message/rfc822") && longestLine(bytes) > LONGEST_LINE) type = "application/octet-stream";
        // A name the user gave (a file's) loses its control and bidi characters as every header text does (hunt 30-Q, 8).
        String name = a.name() == null ? null : Addresses.clean(a.name());
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
        p.setHeader("Content-Type", type);
        if (type.startsWith("message/rfc822")) {
            p.setHeader("Content-Transfer-Encoding", ContentTypes.looksLikeText(bytes) && isSevenBit(bytes) ? "7bit" : "8bit");
            p.setDisposition(MimeBodyPart.ATTACHMENT);
            if (name != null) p.setFileName(name);
        } else {
            // bytes whose line ends 7bit, 8bit or quoted-printable would change go base64 (hunt 37-P, P8)
            String encoding = ContentTypes.transferEncoding(type, bytes);
            if (encoding != null) p.setHeader("Content-Transfer-Encoding", encoding);
            p.setDisposition(MimeBodyPart.ATTACHMENT);
            p.setFileName(name);
        }
        return p;
    }

    /** The longest line of {@code b} in octets, its line end not counted. */
    static int longestLine(byte[] b) {
        int longest = 0;
        int start = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length || b[i] == '\n') {
                int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
                longest = Math.max(longest, end - start);
                start = i + 1;
            }
        }
        return longest;
    }

    private static boolean isSevenBit(byte[] b) {
        for (byte x : b) if (x < 0) return false;
        return true;
    }

    /**
     * Header values typed by a person or copied from a message: no line breaks, control characters or bidi controls,
     * by the same rule as every piece of an original that goes into a reply or forward ({@link Addresses#clean}).
     */
    static String headerText(String raw) {
        return Addresses.clean(raw);
    }

    /** RFC 5322 2.1.1: no line of a message may be longer than this many octets, CRLF not counted. */
    static final int LONGEST_LINE = 998;

    /**
     * An unstructured header's value (a subject) folded at its spaces to about 76 columns; text that is not ASCII, has
     * a word too long for a line of its own, or holds {@code =?} (which a reader would take for the start of an encoded
     * word and decode: hunt 37-P, P4) goes as RFC 2047 encoded words, which fold between them; the first shares its line
     * with the header's name and is short enough that the line stays within 76 octets (RFC 2047 2; P5).
     */
    static String unstructured(String name, String text) {
        int first = name.length() + 2;
        boolean plain = text.chars().allMatch(c -> c < 0x80) && !looksEncoded(text);
        for (String w : text.split(" ")) plain &= w.length() + first <= LONGEST_LINE;
        return MimeUtility.fold(first, plain ? text : encodedWords(text, ENCODED_LINE - first));
    }

    /** RFC 2047 2: a line holding an encoded word is at most this long. */
    static final int ENCODED_LINE = 76;

    /** Text a reader could decode as RFC 2047 though it was meant as it stands: it has {@code =?} in it. */
    static boolean looksEncoded(String text) {
        return text.contains("=?");
    }

    /**
     * {@code =?UTF-8?B?...?=} words of at most 72 characters (the first at most {@code firstRoom}, but not below 16),
     * space-separated, whole characters in each (RFC 2047 5).
     */
    static String encodedWords(String word, int firstRoom) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < word.length()) {
            // "=?UTF-8?B?" and "?=" take 12 characters; 4 base64 characters carry 3 bytes
            int room = out.length() == 0 ? Math.max(16, Math.min(72, firstRoom)) : 72;
            int most = (room - 12) / 4 * 3;
            int end = i;
            int bytes = 0;
            while (end < word.length()) {
                int cp = word.codePointAt(end);
                int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // its UTF-8 length
                if (bytes + n > most && end > i) break;
                bytes += n;
                end += Character.charCount(cp);
            }
            if (out.length() > 0) out.append(' ');
            out.append("=?UTF-8?B?").append(java.util.Base64.getEncoder().encodeToString(
                    word.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8))).append("?=");
            i = end;
        }
        return out.toString();
    }

    static InternetAddress one(String field, String value) {
        List<InternetAddress> l = list(field, value == null ? List.of() : List.of(value));
        if (l.size() != 1) {
            throw new PosternException(ExitCode.USAGE, field + " must be exactly one address; set from in [accounts.NAME.smtp] or give --from.");
        }
        return l.get(0);
    }

    /** Parses typed addresses (each entry may hold several, comma-separated) and re-encodes display names as UTF-8. */
    public static List<InternetAddress> list(String field, List<String> values) {
        List<InternetAddress> out = new ArrayList<>();
        for (String v : values) {
            String clean = headerText(v == null ? "" : v);
            if (clean.isEmpty()) continue;
            try {
                for (InternetAddress a : InternetAddress.parse(clean, true)) {
                    if (a.getAddress() == null || !a.getAddress().contains("@")) {
                        throw new AddressException("no @ in the address", clean);
                    }
                    if (a.getAddress().length() > LONGEST_ADDRESS) { // RFC 5321 4.5.3.1.3: no server takes a longer path
                        throw new AddressException("longer than " + LONGEST_ADDRESS + " characters", clean);
                    }
                    String address = ascii(a.getAddress(), clean);
                    String personal = typedName(a);
                    out.add(personal == null || personal.isEmpty() ? new InternetAddress(address)
                            : named(address, personal));
                }
            } catch (AddressException | UnsupportedEncodingException e) {
                throw new PosternException(ExitCode.USAGE, field + " '" + clean + "' is not a mail address ("
                        + e.getMessage() + "); nothing was sent.", e);
            }
        }
        return out;
    }

    /** The address with its domain as an IDNA A-label, as the envelope has it (hunt 37-P, P1). */
    private static String ascii(String address, String typed) throws AddressException {
        try {
            return dev.postern.backend.smtp.MailPath.ascii(address);
        } catch (IllegalArgumentException e) {
            throw new AddressException("its domain is not a valid domain name", typed);
        }
    }

    /**
     * The display name as it was typed: Jakarta decodes what looks like an encoded word in a parsed name, but a name
     * typed (or copied decoded from a message) with {@code =?...?=} in it means those characters (P4).
     */
    private static String typedName(InternetAddress a) {
        String shown = a.toString(); // the phrase as parsed, quoted where it must be, then " <address>"
        int lt = shown.lastIndexOf(" <");
        if (a.getPersonal() == null || lt < 0 || !looksEncoded(shown.substring(0, lt))) return a.getPersonal();
        String phrase = shown.substring(0, lt);
        if (phrase.length() >= 2 && phrase.startsWith("\"") && phrase.endsWith("\"")) {
            phrase = phrase.substring(1, phrase.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return phrase;
    }

    /** The longest address a reply or message goes to: RFC 5321's 256-octet path less its angle brackets. */
    static final int LONGEST_ADDRESS = 254;

    /**
     * The address with its name as UTF-8 encoded words where needed; a name too long to share a line with its address
     * (a header line holds {@value #LONGEST_LINE} octets) goes as encoded words on lines of their own.
     */
    private static InternetAddress named(String address, String personal) throws UnsupportedEncodingException {
        InternetAddress a = new InternetAddress(address, personal, "UTF-8");
        // Jakarta leaves an ASCII name as it is, so a name with "=?" in it would be decoded by the reader (P4)
        // and puts all its encoded words on one line: one that would not fit in 76 octets goes a word a line (P5)
        String shown = a.toString();
        boolean fits = shown.length() <= LONGEST_LINE - 100
                && (!shown.contains("=?") || "Reply-To: ".length() + shown.length() <= ENCODED_LINE);
        return fits && !looksEncoded(personal) ? a : new FoldedName(address, personal);
    }

    /**
     * An address whose display name goes as encoded words, a line each (RFC 2047 5: they may be folded between), the
     * first after at most "Reply-To: " on its line, and then the address on a line of its own.
     */
    private static final class FoldedName extends InternetAddress {
        FoldedName(String address, String personal) throws UnsupportedEncodingException {
            super(address, personal, "UTF-8");
            // the address goes on a line of its own too, so no line with an encoded word passes 76 octets
            encodedPersonal = encodedWords(personal, ENCODED_LINE - "Reply-To: ".length()).replace(" ", "\r\n ") + "\r\n";
        }
    }

    static String messageId(String fromAddress) {
        int at = fromAddress.lastIndexOf('@');
        String domain = at >= 0 && at + 1 < fromAddress.length() ? fromAddress.substring(at + 1) : "postern.invalid";
        byte[] r = new byte[15];
        RANDOM.nextBytes(r);
        // Hex keeps the left part a dot-atom (RFC 5322 3.6.4): no leading, trailing or doubled dots.
        String local = java.util.HexFormat.of().formatHex(r);
        return "<" + System.currentTimeMillis() + "." + local + "@" + domain.toLowerCase(Locale.ROOT) + ">";
    }

    /** Keeps the Message-ID chosen here instead of the one saveChanges would make up. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session s, String id) {
            super(s);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
