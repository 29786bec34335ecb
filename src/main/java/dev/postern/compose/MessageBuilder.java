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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        this(Clock.systemDefaultZone());
    }

    public Built build(Draft d) {
        return build(d, null);
    }

    /**
     * As {@link #build(Draft)} with {@code messageId} (angle brackets included) instead of a new one: the compose
     * screen gives every build of one message the same, so postponing it again replaces its earlier draft.
     */
    public Built build(Draft d, String messageId) {
        InternetAddress from = one("From", d.from());
        List<InternetAddress> to = list("To", d.to());
        List<InternetAddress> cc = list("Cc", d.cc());
        List<InternetAddress> bcc = list("Bcc", d.bcc());
        Set<String> rcpts = new LinkedHashSet<>();
        for (List<InternetAddress> l : List.of(to, cc, bcc)) for (InternetAddress a : l) rcpts.add(a.getAddress());
        if (rcpts.isEmpty()) throw new PosternException(ExitCode.USAGE, "the message has no recipients; give To, Cc or Bcc.");
        if (messageId == null) messageId = messageId(from.getAddress());
        try {
            MimeMessage m = new FixedIdMessage(session, messageId);
            m.setFrom(from);
            if (!to.isEmpty()) m.setRecipients(Message.RecipientType.TO, to.toArray(new InternetAddress[0]));
            if (!cc.isEmpty()) m.setRecipients(Message.RecipientType.CC, cc.toArray(new InternetAddress[0]));
            m.setSubject(headerText(d.subject()), "UTF-8");
            m.setSentDate(Date.from(clock.instant()));
            if (d.inReplyTo() != null && !d.inReplyTo().isBlank()) m.setHeader("In-Reply-To", msgIds(List.of(d.inReplyTo())));
            if (!d.references().isEmpty()) {
                m.setHeader("References", MimeUtility.fold("References: ".length(), msgIds(d.references())));
            }
            m.setHeader("MIME-Version", "1.0");
            m.setHeader("User-Agent", "postern");
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
        if (bytes == null) {
            try {
                bytes = Files.readAllBytes(a.path());
            } catch (NoSuchFileException e) {
                throw new PosternException(ExitCode.NOINPUT, "the attachment " + a.path() + " does not exist; nothing was sent.");
            } catch (IOException e) {
                throw new PosternException(ExitCode.NOINPUT, "the attachment " + a.path() + " cannot be read ("
                        + dev.postern.model.ReadFailure.why(e) + "); nothing was sent.", e);
            }
        }
        String type = a.contentType() != null ? a.contentType() : ContentTypes.detect(a.name(), bytes);
        MimeBodyPart p = new MimeBodyPart();
        p.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
        p.setHeader("Content-Type", type);
        if (type.startsWith("message/rfc822")) {
            p.setHeader("Content-Transfer-Encoding", ContentTypes.looksLikeText(bytes) && isSevenBit(bytes) ? "7bit" : "8bit");
            p.setDisposition(MimeBodyPart.ATTACHMENT);
            if (a.name() != null) p.setFileName(a.name());
        } else {
            p.setDisposition(MimeBodyPart.ATTACHMENT);
            p.setFileName(a.name());
        }
        return p;
    }

    private static boolean isSevenBit(byte[] b) {
        for (byte x : b) if (x < 0) return false;
        return true;
    }

    /** Header values typed by a person or copied from a message: no line breaks or control characters. */
    static String headerText(String raw) {
        String s = raw.replace("\r\n", "\n");
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t') b.append(' ');
            else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) continue;
            else b.append(c);
        }
        return b.toString().strip();
    }

    private static String msgIds(List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            String t = headerText(id);
            if (t.isEmpty()) continue;
            for (String one : t.split("\\s+")) {
                if (one.isEmpty()) continue;
                out.add(one.startsWith("<") ? one : "<" + one + ">");
            }
        }
        return String.join(" ", out);
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
                    out.add(a.getPersonal() == null || a.getPersonal().isEmpty() ? new InternetAddress(a.getAddress())
                            : new InternetAddress(a.getAddress(), a.getPersonal(), "UTF-8"));
                }
            } catch (AddressException | UnsupportedEncodingException e) {
                throw new PosternException(ExitCode.USAGE, field + " '" + clean + "' is not a mail address ("
                        + e.getMessage() + "); nothing was sent.", e);
            }
        }
        return out;
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
