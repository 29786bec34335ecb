package dev.postern.backend.imap;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.MessageRef;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jakarta Mail objects to model records. Pure and forgiving: a server's malformed address list or date
 * must not cost the user the whole folder, so every field degrades to empty instead of throwing.
 */
public final class ImapMapper {
    /**
     * The largest UID a server can hold: RFC 3501 and 9051 make it a 32-bit unsigned number. A larger one is never sent
     * (the store's own UIDs above it are messages kept locally only, which never reach a server).
     */
    public static final long MAX_UID = 0xFFFF_FFFFL;

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    static {
        dev.postern.backend.MailStreams.pin(); // each decoded word and header block asks Jakarta for its stream provider
    }

    private ImapMapper() {}

    public static Envelope envelope(MessageRef ref, Message m) {
        return new Envelope(
                ref,
                messageId(m),
                date(m),
                utf8(addresses(() -> m.getFrom()).stream().findFirst().orElse("")),
                addresses(() -> m.getRecipients(Message.RecipientType.TO)),
                addresses(() -> m.getRecipients(Message.RecipientType.CC)),
                subject(m),
                size(m),
                flags(safeFlags(m)),
                inReplyTo(m),
                messageIds(firstHeader(m, "References")),
                null,
                arrived(m));
    }

    /**
     * The envelope of one streamed FETCH answer ({@link FetchLine}): field for field what
     * {@link #envelope(MessageRef, Message)} makes of Angus's message for the same answer (From falls back to
     * Sender, the subject is unfolded and decoded as Angus does and then as postern does, the first
     * References header as {@code InternetHeaders} reads it).
     */
    static Envelope envelope(MessageRef ref, FetchLine.Wire w) {
        // A Date of year 99999 would keep the message above every other for good: the arrival date stands in.
        Instant sent = w.date == null ? null : dev.postern.render.LenientHeaders.plausibleDate(w.date.toInstant(),
                w.internalDate == null ? null : w.internalDate.toInstant());
        if (sent == null && w.internalDate != null) sent = w.internalDate.toInstant();
        return new Envelope(
                ref,
                w.messageId == null ? null : w.messageId.strip(),
                sent,
                utf8(mapped(fromOf(w)).stream().findFirst().orElse("")),
                mapped(w.to),
                mapped(w.cc),
                subject(w.subject, contentType(w.headerFields)),
                Math.max(0, Math.min(w.size, Integer.MAX_VALUE)),
                flags(w.flags),
                w.inReplyTo == null || w.inReplyTo.isBlank() ? null : w.inReplyTo.strip(),
                messageIds(references(w.headerFields)),
                null,
                w.internalDate == null ? null : w.internalDate.toInstant());
    }

    /** {@link #trusted(Message)} for a streamed answer: its ENVELOPE came and no address is a degraded one. */
    static boolean trusted(FetchLine.Wire w) {
        if (!w.hasEnvelope) return false;
        for (InternetAddress[] list : new InternetAddress[][] {fromOf(w), w.to, w.cc}) {
            if (list != null) for (InternetAddress a : list) if (degraded(a)) return false;
        }
        return true;
    }

    private static InternetAddress[] fromOf(FetchLine.Wire w) {
        return w.from == null || w.from.length == 0 ? w.sender : w.from;
    }

    private static boolean degraded(Address a) {
        if (!(a instanceof InternetAddress ia)) return false;
        String addr = ia.getAddress() == null ? "" : ia.getAddress();
        for (String marker : DEGRADED) if (addr.contains(marker)) return true;
        return addr.contains("=?") || hasControl(addr);
    }

    private static List<String> mapped(InternetAddress[] as) {
        List<String> out = new ArrayList<>();
        try {
            if (as != null) for (Address a : as) out.add(listed(a));
        } catch (RuntimeException e) {
            // As addresses(): what was read stands, the rest of a malformed list is dropped.
        }
        return out;
    }

    /**
     * The ENVELOPE's subject (as sent, a byte a char) decoded by the one rule of every path
     * ({@link dev.postern.render.HeaderText}): raw 8-bit bytes as UTF-8, else the body's declared charset
     * ({@code contentType}'s, when the header fields fetched hold it: a listing does not ask for it), else
     * windows-1252; then RFC 2047 with adjacent words joined
     * before decoding, so a character split over two words is one character, as on the page and in the POP3 listing.
     * Not Jakarta's decodeText first: it decodes word by word (a split character became two U+FFFD) and read raw
     * UTF-8 beside an encoded word as Latin-1 (hunt 35-E, E3 and E6).
     */
    static String subject(String raw, String contentType) {
        if (raw == null) return "";
        try {
            return dev.postern.render.HeaderText.decode(raw, dev.postern.render.HeaderText.charsetOf(contentType));
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The Content-Type among fetched header fields (raw), or null. */
    private static String contentType(byte[] fields) {
        if (fields == null || fields.length <= 2) return null;
        return dev.postern.render.LenientHeaders.parse(fields).raw("Content-Type");
    }

    /** The first References header among fetched header fields, as Angus's message would answer it. */
    private static String references(byte[] fields) {
        if (fields == null || fields.length <= 2) return null; // no header: the server sends an empty line
        try {
            String[] v = new jakarta.mail.internet.InternetHeaders(new java.io.ByteArrayInputStream(fields))
                    .getHeader("References");
            return v == null || v.length == 0 ? null : v[0].strip();
        } catch (jakarta.mail.MessagingException | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code envelope}, the date as Angus parsed it, or none when the Date header as written ({@code written}, fetched
     * with the envelope) has a year before 1900: Angus makes a year written 0000 the year 2000. Otherwise Angus's
     * reading stands, as the streamed listing (FetchLine) reads the ENVELOPE's date, so that both paths agree; where
     * Angus read none, the header path's reading ({@code LenientHeaders.parseDate}). {@code envelope} null: only that.
     */
    static Date writtenDate(String written, Date envelope) {
        if (written == null) return envelope;
        if (dev.postern.render.LenientHeaders.yearWrittenBefore1900(written)) return null;
        if (envelope != null) return envelope;
        // Angus could not read it: read as the header path (POP3, import, the renderer) reads it, ISO 8601 included,
        // so that one message has one date whichever way it came (hunt 30-Q, 7).
        java.time.Instant i = dev.postern.render.LenientHeaders.parseDate(written);
        return i == null ? null : Date.from(i);
    }

    /**
     * Markers an IMAP server puts into ENVELOPE addresses its own parser could not read (Dovecot's
     * MISSING_DOMAIN and friends, UW-IMAP's .SYNTAX-ERROR.): the message's header holds better.
     */
    private static final List<String> DEGRADED = List.of("MISSING_DOMAIN", "MISSING_MAILBOX", "INVALID_ADDRESS",
            ".SYNTAX-ERROR.");

    /**
     * Whether {@code m}'s fetched ENVELOPE can stand for its header: it arrived (Angus drops a FETCH
     * response it cannot parse, and then every getter fails), and no address is one the server's parser
     * gave up on or cut in the middle of an encoded word. No round trip when the ENVELOPE did arrive.
     */
    public static boolean trusted(Message m) {
        if (!(m instanceof IMAPMessage)) return true;
        try {
            m.getSize(); // from the same FETCH as the ENVELOPE: throws "Failed to load IMAP envelope" when it never came
            for (Address[] list : new Address[][] {m.getFrom(), m.getRecipients(Message.RecipientType.TO),
                    m.getRecipients(Message.RecipientType.CC)}) {
                if (list == null) continue;
                for (Address a : list) if (degraded(a)) return false;
            }
            return true;
        } catch (MessagingException | RuntimeException e) {
            return false;
        }
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) return true;
        }
        return false;
    }

    /** The message's RFC822.SIZE if it is known or can be had, else {@code otherwise}. */
    public static int sizeOr(Message m, int otherwise) {
        try {
            int n = m.getSize();
            return n > 0 ? n : otherwise;
        } catch (MessagingException | RuntimeException e) {
            return otherwise;
        }
    }

    public static Flags flags(jakarta.mail.Flags f) {
        if (f == null) return Flags.NONE;
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        if (f.contains(jakarta.mail.Flags.Flag.SEEN)) set.add(Flag.SEEN);
        if (f.contains(jakarta.mail.Flags.Flag.ANSWERED)) set.add(Flag.ANSWERED);
        if (f.contains(jakarta.mail.Flags.Flag.FLAGGED)) set.add(Flag.FLAGGED);
        if (f.contains(jakarta.mail.Flags.Flag.DELETED)) set.add(Flag.DELETED);
        if (f.contains(jakarta.mail.Flags.Flag.DRAFT)) set.add(Flag.DRAFT);
        String[] user = f.getUserFlags();
        return new Flags(set, user.length == 0 ? Set.of() : new java.util.HashSet<>(Arrays.asList(user))); // Flags sorts them
    }

    public static jakarta.mail.Flags.Flag toJakarta(Flag f) {
        return switch (f) {
            case SEEN -> jakarta.mail.Flags.Flag.SEEN;
            case ANSWERED -> jakarta.mail.Flags.Flag.ANSWERED;
            case FLAGGED -> jakarta.mail.Flags.Flag.FLAGGED;
            case DELETED -> jakarta.mail.Flags.Flag.DELETED;
            case DRAFT -> jakarta.mail.Flags.Flag.DRAFT;
        };
    }

    /** "Name &lt;addr&gt;" or the bare address; group syntax and broken entries are kept as text. */
    public static String address(Address a) {
        if (a instanceof InternetAddress ia) {
            String personal = ia.getPersonal();
            // Angus leaves a name in a charset it does not know as the encoded word it came as; decoded as the streamed
            // listing (FetchLine.Address) and `read` decode it, so every path shows one name.
            if (personal != null && personal.contains("=?")) personal = dev.postern.render.Rfc2047.decode(personal);
            String addr = ia.getAddress() == null ? "" : ia.getAddress();
            if (personal != null && !personal.isBlank()) return personal.strip() + " <" + addr + ">";
            return addr;
        }
        return a == null ? "" : a.toString();
    }

    /**
     * An address as a listing shows it. An ENVELOPE's (the streamed {@link FetchLine.Address}, Angus's IMAPAddress):
     * its name as the server sent it (a byte a char) decoded by the pager's rule ({@link dev.postern.render.HeaderText}:
     * raw 8-bit bytes first, then RFC 2047 with adjacent words joined), so a UTF-8 character split over two encoded
     * words is one character and raw UTF-8 beside an encoded word is not Latin-1 (hunt 35-E, E3 in names); its address
     * by {@link #utf8}. Both listing paths come here with the same bytes, so they agree. Any other address (a header
     * parsed here, a group): {@link #address} read by {@link #utf8}.
     */
    static String listed(Address a) {
        if (!(a instanceof InternetAddress ia) || ia.isGroup() || !fromEnvelope(ia)) return utf8(address(a));
        String name;
        try {
            name = dev.postern.render.HeaderText.decode(sentName(ia), null);
        } catch (RuntimeException e) {
            return utf8(address(a));
        }
        String addr = utf8(ia.getAddress() == null ? "" : ia.getAddress());
        return name.isBlank() ? addr : name + " <" + addr + ">";
    }

    private static boolean fromEnvelope(InternetAddress a) {
        return a instanceof FetchLine.Address || ENCODED_PERSONAL != null && a.getClass() == ANGUS_ADDRESS;
    }

    /** The name an ENVELOPE address came with, undecoded (null: none). */
    private static String sentName(InternetAddress a) {
        if (a instanceof FetchLine.Address f) return f.sentName();
        try {
            return (String) ENCODED_PERSONAL.get(a);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Angus's ENVELOPE address class (package-private), or null where it is not there. */
    private static final Class<?> ANGUS_ADDRESS = angusAddress();

    /** InternetAddress.encodedPersonal (protected): an IMAPAddress keeps the server's name there, undecoded. */
    private static final java.lang.reflect.Field ENCODED_PERSONAL = declared(InternetAddress.class, "encodedPersonal");

    private static Class<?> angusAddress() {
        try {
            return Class.forName("org.eclipse.angus.mail.imap.protocol.IMAPAddress", false, IMAPMessage.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * Servers without UTF8=ACCEPT (Dovecot 2.3 among them) send raw 8-bit header bytes in ENVELOPE,
     * which Angus reads one byte per char. They are decoded as the header itself is when the message is read
     * ({@link dev.postern.render.Charsets#rawHeader}): UTF-8 where valid (what every modern sender means), else
     * windows-1252, so the index shows what the message shows.
     */
    static String utf8(String s) {
        return dev.postern.render.Charsets.rawHeader(s);
    }

    /** The message ids in a References header, in order; junk between them is ignored. */
    public static List<String> messageIds(String header) {
        List<String> ids = new ArrayList<>();
        if (header == null) return ids;
        Matcher m = MESSAGE_ID.matcher(header);
        while (m.find()) ids.add(m.group());
        return ids;
    }

    private interface AddressGetter {
        Address[] get() throws MessagingException;
    }

    private static List<String> addresses(AddressGetter g) {
        List<String> out = new ArrayList<>();
        try {
            Address[] as = g.get();
            if (as != null) for (Address a : as) out.add(listed(a));
        } catch (MessagingException | RuntimeException e) {
            // A malformed address list shows as empty rather than hiding the message.
        }
        return out;
    }

    /** The message's INTERNALDATE (its arrival on the server), or null when the server gave none. */
    private static Instant arrived(Message m) {
        try {
            Date d = m.getReceivedDate();
            return d == null ? null : d.toInstant();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static Instant date(Message m) {
        try {
            // The Date as written: a server's message has it from ImapHeaders.envelopeProfile, fetched with the envelope.
            String[] written = m.getHeader("Date");
            Date d = writtenDate(written == null || written.length == 0 ? null : written[0], m.getSentDate());
            Date arrived = m.getReceivedDate();
            Instant sent = d == null ? null : dev.postern.render.LenientHeaders.plausibleDate(d.toInstant(),
                    arrived == null ? null : arrived.toInstant());
            if (sent != null) return sent;
            d = m.getReceivedDate();
            return d == null ? null : d.toInstant();
        } catch (MessagingException | RuntimeException e) {
            try {
                Date d = m.getReceivedDate();
                return d == null ? null : d.toInstant();
            } catch (MessagingException | RuntimeException e2) {
                return null;
            }
        }
    }

    /**
     * The ENVELOPE's subject as the server sent it, decoded as the streamed listing decodes it ({@link
     * #subject(String, String)}), so the two listing paths agree; Angus's decoded subject only for a message that is
     * not an IMAP one, or when its ENVELOPE cannot be read (Angus keeps it in a protected field).
     */
    private static String subject(Message m) {
        try {
            String decoded = m.getSubject(); // loads the ENVELOPE
            if (m instanceof IMAPMessage) {
                Object env = ENVELOPE_FIELD == null ? null : ENVELOPE_FIELD.get(m);
                if (env instanceof org.eclipse.angus.mail.imap.protocol.ENVELOPE e) return subject(e.subject, null);
            }
            return decoded == null ? "" : subject(decoded, null);
        } catch (MessagingException | IllegalAccessException | RuntimeException e) {
            return "";
        }
    }

    /** Angus's IMAPMessage.envelope (protected), or null where it is not there. */
    private static final java.lang.reflect.Field ENVELOPE_FIELD = declared(IMAPMessage.class, "envelope");

    /** {@code type}'s field {@code name}, made accessible, or null where it is not there. */
    private static java.lang.reflect.Field declared(Class<?> type, String name) {
        try {
            java.lang.reflect.Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static long size(Message m) {
        try {
            return Math.max(0, m.getSize());
        } catch (MessagingException | RuntimeException e) {
            return 0;
        }
    }

    private static jakarta.mail.Flags safeFlags(Message m) {
        try {
            return m.getFlags();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    // MimeMessage (and Angus's IMAPMessage) answer these two from the fetched ENVELOPE; asking for the
    // header by name would cost one extra round trip per message.
    private static String messageId(Message m) {
        if (m instanceof MimeMessage mm) {
            try {
                String id = mm.getMessageID();
                return id == null ? null : id.strip();
            } catch (MessagingException | RuntimeException e) {
                return null;
            }
        }
        return firstHeader(m, "Message-ID");
    }

    private static String inReplyTo(Message m) {
        if (m instanceof IMAPMessage im) {
            try {
                String v = im.getInReplyTo();
                return v == null || v.isBlank() ? null : v.strip();
            } catch (MessagingException | RuntimeException e) {
                return null;
            }
        }
        return firstHeader(m, "In-Reply-To");
    }

    private static String firstHeader(Message m, String name) {
        try {
            String[] v = m.getHeader(name);
            if (v == null || v.length == 0) return null;
            return v[0].strip();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }
}
