package dev.postern.backend.imap;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Protocol;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/**
 * One server response read by Angus's own reader (its line and literal handling, its tokenizer), with the
 * items of a {@code FETCH (ENVELOPE INTERNALDATE RFC822.SIZE FLAGS UID BODY[HEADER.FIELDS (References)])}
 * answer read straight into an {@link Wire} record: no {@code FetchResponse}, no {@code IMAPMessage}, no
 * message cache, so a listing costs what its envelopes cost and nothing stays behind a batch.
 *
 * <p>The grammar and its tolerances are Angus's, item for item ({@code FetchResponse}, {@code ENVELOPE},
 * {@code IMAPAddress}, {@code INTERNALDATE}, {@code BODY}, {@code MODSEQ}): a response Angus would drop as
 * unparsable gives {@code null} here, so a hostile ENVELOPE ends where it ended before (its message read from
 * its header instead), and every string is read with the same primitives (quoted, literal, NIL, 8-bit as
 * Latin-1 or UTF-8 as the session says). Addresses are {@link InternetAddress}es with the same state as
 * Angus's, so their personal names decode (and group members print) exactly as before.
 */
final class FetchLine extends IMAPResponse {

    FetchLine(Protocol p) throws IOException, ProtocolException {
        super(p);
    }

    /**
     * Angus's {@code readString} (its {@code parseString}: a quoted string with its backslashes taken out, in place,
     * a literal, NIL, else null; the same bytes read, the same index left, the same failures on a cut answer), its
     * text made straight from the bytes: Angus copies them a char at a time into a char array and makes the String
     * from that, which then compresses them back to bytes (a tenth of the reading thread in a 20k listing, every
     * ENVELOPE string). Latin-1 (a byte a char) unless the session is in UTF-8, as there.
     */
    @Override
    public String readString() {
        skipSpaces();
        byte b = buffer[index];
        if (b == '"') {
            int start = ++index;
            int copyTo = index;
            while (index < size && (b = buffer[index]) != '"') {
                if (b == '\\') index++;
                if (index != copyTo) buffer[copyTo] = buffer[index];
                copyTo++;
                index++;
            }
            if (index >= size) return null;
            index++;
            return text(start, copyTo);
        }
        if (b == '{') {
            int start = ++index;
            while (buffer[index] != '}') index++;
            int count;
            try {
                count = org.eclipse.angus.mail.util.ASCIIUtility.parseInt(buffer, start, index);
            } catch (NumberFormatException e) {
                return null;
            }
            start = index + 3;
            index = start + count;
            return text(start, start + count);
        }
        if (b == 'N' || b == 'n') index += 3;
        return null;
    }

    /** Angus's {@code readAtom} (up to a space, a control, DEL or one of {@code (){%*"\]}), made as {@link #readString} makes its text. */
    @Override
    public String readAtom() {
        skipSpaces();
        if (index >= size) return null;
        int start = index;
        while (index < size) {
            int c = buffer[index] & 0xff;
            if (c < ' ' || c == 0x7f || c == '(' || c == ')' || c == '{' || c == '%' || c == '*' || c == '"' || c == '\\'
                    || c == ']' || c == ' ') break;
            index++;
        }
        return text(start, index);
    }

    /** The bytes from {@code start} to {@code end} as Angus's reader makes text of them (a negative length fails, as there). */
    private String text(int start, int end) {
        if (end < start) throw new NegativeArraySizeException(Integer.toString(end - start));
        return new String(buffer, start, end - start, utf8 ? java.nio.charset.StandardCharsets.UTF_8
                : java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** What one FETCH response said; fields the server left out are null (size -1). */
    static final class Wire {
        int seq;
        long uid = -1;
        long size = -1;
        Date internalDate;
        jakarta.mail.Flags flags;
        boolean hasEnvelope;
        Date date;
        String subject;
        InternetAddress[] from;
        InternetAddress[] sender;
        InternetAddress[] to;
        InternetAddress[] cc;
        String inReplyTo;
        String messageId;
        byte[] headerFields;
    }

    /** Thrown inside the parse for anything Angus would have thrown a ParsingException for. */
    private static final class Bad extends Exception {
        Bad() {
            super(null, null, false, false);
        }
    }

    private static final Bad BAD = new Bad();

    /**
     * This FETCH response's items, or null when Angus's parser would have rejected it (then the caller reads
     * that message from its header). {@code dates} is the caller's own (not thread-safe) date parser.
     */
    Wire fetch(boolean strict, MailDateFormat dates) {
        Wire w = new Wire();
        w.seq = getNumber();
        try {
            if (!isNextNonSpace('(')) throw BAD;
            skipSpaces();
            do {
                if (index >= size) throw BAD;
                item(w, strict, dates);
            } while (!isNextNonSpace(')'));
            // The item list must end the answer: one that closes early (a FLAGS list with a list inside it, read as
            // ending at its inner ')') would pass as an answer of UID and FLAGS only, a flag change the server
            // volunteered, and the message it lists would be left out unsaid.
            while (index < size && (buffer[index] == ' ' || buffer[index] == '\r' || buffer[index] == '\n')) index++;
            if (index < size) throw BAD;
            return w;
        } catch (Bad | RuntimeException e) {
            // RuntimeException: Angus's tokenizer indexes past a truncated literal or an unclosed list the
            // way its own FETCH parser would (there it drops the response as well).
            return null;
        }
    }

    /**
     * The UID and whole-message bytes of a {@code FETCH (UID BODY[])} answer, or null when it has no UID or no
     * body (as Angus's reader would leave it; the caller reports the message as not sent) or cannot be read. Items
     * besides these that the listing reads ({@code RFC822.SIZE}, {@code INTERNALDATE}, {@code ENVELOPE}, {@code FLAGS},
     * {@code MODSEQ}), which a server may send unasked as Angus reads them, are read past: they once made every body
     * of such a server's answer "not sent", so a sync read its bulk answers and stored none of them.
     */
    Raw raw() {
        try {
            if (!isNextNonSpace('(')) return null;
            skipSpaces();
            Wire w = new Wire();
            byte[] bytes = null;
            do {
                if (index >= size) return null;
                if (buffer[index] == 'B' || buffer[index] == 'b') {
                    if (!match("BODY") || buffer[index] != '[') return null;
                    skipSpaces();
                    readByte();
                    readString(']');
                    if (readByte() != ']') return null;
                    if (readByte() == '<') {
                        readNumber();
                        skip(1);
                    }
                    ByteArray data = readByteArray();
                    bytes = data == null ? null : data.getNewBytes();
                } else {
                    item(w, false, null);
                }
            } while (!isNextNonSpace(')'));
            return w.uid < 0 || bytes == null ? null : new Raw(w.uid, bytes);
        } catch (Bad | RuntimeException e) {
            return null;
        }
    }

    /** One message's exact bytes by UID. */
    record Raw(long uid, byte[] bytes) {}

    /** One item into {@code w}; {@code dates} null: a parser is made for an INTERNALDATE, should one come. */
    private void item(Wire w, boolean strict, MailDateFormat dates) throws Bad {
        switch (buffer[index]) {
            case 'E', 'e' -> {
                if (!match("ENVELOPE")) throw BAD;
                envelope(w, strict, dates);
            }
            case 'F', 'f' -> {
                if (!match("FLAGS")) throw BAD;
                try {
                    w.flags = new FLAGS(this);
                } catch (org.eclipse.angus.mail.iap.ParsingException e) {
                    throw BAD;
                }
            }
            case 'I', 'i' -> {
                if (!match("INTERNALDATE")) throw BAD;
                skipSpaces();
                String s = readString();
                if (s == null) throw BAD;
                try {
                    w.internalDate = (dates != null ? dates : new MailDateFormat()).parse(s);
                } catch (ParseException e) {
                    throw BAD;
                }
            }
            case 'B', 'b' -> {
                // BODYSTRUCTURE (or BODY without a section) was not asked for: Angus would parse it, we never use it.
                if (match("BODYSTRUCTURE") || !match("BODY") || buffer[index] != '[') throw BAD;
                body(w);
            }
            case 'R', 'r' -> {
                if (!match("RFC822.SIZE")) throw BAD;
                skipSpaces();
                w.size = readLong();
            }
            case 'U', 'u' -> {
                if (!match("UID")) throw BAD;
                skipSpaces();
                w.uid = readLong();
            }
            case 'M', 'm' -> {
                if (!match("MODSEQ")) throw BAD;
                skipSpaces();
                if (readByte() != '(') throw BAD;
                readLong();
                if (!isNextNonSpace(')')) throw BAD;
            }
            default -> throw BAD;
        }
    }

    /** BODY[section]&lt;origin&gt; data, as Angus's BODY reads it (its skipped byte before the data included). */
    private void body(Wire w) throws Bad {
        skipSpaces();
        if (readByte() != '[') throw BAD;
        String section = readString(']');
        if (readByte() != ']') throw BAD;
        // Only a header section was asked for; a whole body here is not ours to map.
        if (section == null || !section.regionMatches(true, 0, "HEADER", 0, 6)) throw BAD;
        if (readByte() == '<') {
            readNumber();
            skip(1);
        }
        ByteArray data = readByteArray();
        w.headerFields = data == null ? null : data.getNewBytes();
    }

    private void envelope(Wire w, boolean strict, MailDateFormat dates) throws Bad {
        skipSpaces();
        if (readByte() != '(') throw BAD;
        String d = readString();
        if (d != null) {
            // The ENVELOPE's date is the Date header as written (RFC 3501): a year written 0000 is no date, where the
            // parser alone makes it 2000. Otherwise read as Angus reads it, so both listing paths agree, and what Angus
            // cannot read (an ISO 8601 date) as POP3 and import read the header (ImapMapper.writtenDate).
            try {
                w.date = dev.postern.render.LenientHeaders.yearWrittenBefore1900(d) ? null : dates.parse(d);
            } catch (ParseException e) {
                w.date = ImapMapper.writtenDate(d, null);
            }
        }
        w.subject = readString();
        w.from = addressList(strict);
        w.sender = addressList(strict);
        addressList(strict); // Reply-To
        w.to = addressList(strict);
        w.cc = addressList(strict);
        addressList(strict); // Bcc
        w.inReplyTo = readString();
        w.messageId = readString();
        if (!isNextNonSpace(')')) throw BAD;
        w.hasEnvelope = true;
    }

    private InternetAddress[] addressList(boolean strict) throws Bad {
        skipSpaces();
        byte b = readByte();
        if (b == '(') {
            // Some servers send an empty list for NIL.
            if (isNextNonSpace(')')) return null;
            List<InternetAddress> v = new ArrayList<>();
            do {
                Address a = address(strict);
                if (!a.isEndOfGroup()) v.add(a);
            } while (!isNextNonSpace(')'));
            return v.toArray(new InternetAddress[0]);
        } else if (b == 'N' || b == 'n') {
            skip(2);
            return null;
        }
        throw BAD;
    }

    private Address address(boolean strict) throws Bad {
        skipSpaces();
        if (readByte() != '(') throw BAD;
        Address a = new Address();
        a.encoded(readString());
        readString(); // source route
        String mb = readString();
        String host = readString();
        skipSpaces();
        if (!isNextNonSpace(')')) throw BAD;
        if (host == null) {
            a.group = true;
            a.groupName = mb;
            if (mb == null) return a; // end of a group
            StringBuilder sb = new StringBuilder().append(mb).append(':');
            List<InternetAddress> members = new ArrayList<>();
            while (peekByte() != ')') {
                Address m = address(strict);
                if (m.isEndOfGroup()) break;
                if (!members.isEmpty()) sb.append(',');
                sb.append(m);
                members.add(m);
            }
            a.address(sb.append(';').toString());
            a.members = members.toArray(new InternetAddress[0]);
        } else if (mb == null || mb.isEmpty()) {
            a.address(host);
        } else if (host.isEmpty()) {
            a.address(mb);
        } else {
            a.address(mb + "@" + host);
        }
        if (strict) {
            try {
                a.validate();
            } catch (AddressException e) {
                throw BAD;
            }
        }
        return a;
    }

    /** Whether the next bytes are {@code name} (any case); moves past them when they are. As Angus's match. */
    private boolean match(String name) {
        int len = name.length();
        if (index + len > size) return false;
        for (int i = 0; i < len; i++) {
            if (Character.toUpperCase((char) buffer[index + i]) != name.charAt(i)) return false;
        }
        index += len;
        return true;
    }

    /** An ENVELOPE address with Angus's IMAPAddress's state: encoded personal name as sent, address as built. */
    static final class Address extends InternetAddress {
        private static final long serialVersionUID = 1L;
        private boolean group;
        private String groupName;
        private InternetAddress[] members;

        void encoded(String personal) {
            encodedPersonal = personal;
        }

        /**
         * The name decoded as a message's headers are ({@link dev.postern.render.Rfc2047}), not by Angus: its decoder
         * asks the JDK for a charset at every address and the JDK remembers no miss, so 2,000 addresses in an unknown
         * charset cost seconds of a listing (hunt 34-E, left by E8's fix of postern's own lookup).
         */
        @Override
        public String getPersonal() {
            if (personal == null && encodedPersonal != null) personal = dev.postern.render.Rfc2047.decode(encodedPersonal);
            return personal;
        }

        void address(String a) {
            address = a;
        }

        /** The name as the server sent it, undecoded (null: none), for {@link ImapMapper#listed}. */
        String sentName() {
            return encodedPersonal;
        }

        boolean isEndOfGroup() {
            return group && groupName == null;
        }

        @Override
        public boolean isGroup() {
            return group;
        }

        /** The members as read (as Angus's IMAPAddress answers), not the group's text parsed again. */
        @Override
        public InternetAddress[] getGroup(boolean strict) {
            return members == null ? null : members.clone();
        }

        @Override
        public boolean equals(Object o) {
            return super.equals(o);
        }

        @Override
        public int hashCode() {
            return super.hashCode();
        }
    }
}
