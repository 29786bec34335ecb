package dev.postern.compose;

import java.util.Locale;
import java.util.Set;

/**
 * Which header fields the editor's draft takes besides From, To, Cc, Bcc, Subject and Attach, as mutt's
 * {@code edit_headers} does (hunt 37-P, P16): address fields (Reply-To, Mail-Followup-To, ...) checked like To, any
 * other well-formed field (X-..., Organization, Keywords, ...) carried into the message as text. Fields postern writes
 * itself (Message-ID, Date, MIME-Version, Content-*, In-Reply-To, References, User-Agent), those servers write (trace
 * and Resent-* fields) and mutt's pseudo-headers that would leak a local setting (Fcc, X-Mutt-*) are refused with a
 * sentence, never silently overridden nor sent. README "Replying and forwarding" and postern.1 list them.
 */
public final class DraftFields {
    private DraftFields() {}

    /** Fields whose value is a list of addresses (RFC 5322 3.6.2, RFC 3798, the Mail-Followup-To draft). */
    private static final Set<String> ADDRESSES = Set.of("reply-to", "mail-followup-to", "mail-reply-to", "sender",
            "disposition-notification-to");

    /** mutt's pseudo-headers: a local setting (Fcc names a folder), never a field of the message. */
    private static final Set<String> MUTT = Set.of("fcc", "pgp", "smime", "crypto");

    /** The longest field name taken: a name is a word, not a line (RFC 5322 2.1.1 keeps a line within 998 octets). */
    static final int LONGEST_NAME = 76;

    /** Whether {@code name} is one of the draft file's own lines (From, To, Cc, Bcc, Subject, Attach). */
    static boolean own(String name) {
        return OWN.contains(name.toLowerCase(Locale.ROOT));
    }

    private static final Set<String> OWN = Set.of("from", "to", "cc", "bcc", "subject", "attach");

    /** Whether {@code name} is an RFC 5322 field name (3.6.8: printable ASCII but the colon) of a sane length. */
    public static boolean fieldName(String name) {
        if (name.isEmpty() || name.length() > LONGEST_NAME) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') return false;
        }
        return true;
    }

    /** Whether the field {@code name} holds addresses (checked and encoded as To is). */
    public static boolean addresses(String name) {
        return ADDRESSES.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Why a field named {@code name} may not be written in the draft, as a clause ("postern writes Date itself"), or
     * null when it may. From, To, Cc, Bcc, Subject and Attach are the draft's own and always may.
     */
    public static String refused(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("content-") || n.equals("mime-version") || n.equals("message-id") || n.equals("date")
                || n.equals("user-agent")) {
            return "postern writes " + name + " itself";
        }
        if (n.equals("in-reply-to") || n.equals("references")) {
            return "postern writes " + name + " itself, from the message answered (a new message starts a thread)";
        }
        if (n.startsWith("resent-") || n.equals("return-path") || n.equals("received")) {
            return "servers write " + name + ", not the sender";
        }
        if (MUTT.contains(n) || n.startsWith("x-mutt-")) return name + " is a mutt setting, which postern does not take";
        return null;
    }

    /**
     * The further fields of a postponed message ({@link Recall}): those the editor's draft would take, in their order,
     * without another client's or a server's bookkeeping (X-Mozilla-..., Status, X-Mailer ...), which is no field the
     * user wrote. A field that does not decode is left out.
     */
    static java.util.List<Draft.Field> of(jakarta.mail.internet.MimeMessage m) {
        java.util.List<Draft.Field> out = new java.util.ArrayList<>();
        try {
            for (java.util.Enumeration<jakarta.mail.Header> e = m.getAllHeaders(); e.hasMoreElements(); ) {
                jakarta.mail.Header h = e.nextElement();
                String n = h.getName().toLowerCase(Locale.ROOT);
                if (!fieldName(h.getName()) || own(n) || refused(n) != null || BOOKKEEPING.contains(n)
                        || n.startsWith("x-mozilla-") || n.startsWith("x-apple-") || n.startsWith("x-evolution-")
                        || n.startsWith("x-postern-") || h.getValue() == null) {
                    continue;
                }
                String v = h.getValue().replaceAll("\r?\n[ \t]", " ").strip();
                if (!addresses(n)) v = jakarta.mail.internet.MimeUtility.decodeText(v);
                else v = String.join(", ", addressesTyped(v));
                if (!v.isEmpty()) out.add(new Draft.Field(h.getName(), v));
            }
        } catch (jakarta.mail.MessagingException | java.io.UnsupportedEncodingException e) {
            return out;
        }
        return out;
    }

    private static final Set<String> BOOKKEEPING = Set.of("status", "x-status", "x-keywords", "x-uid", "lines",
            "content-length", "x-mailer", "x-identity-key", "x-account-key", "x-uniform-type-identifier",
            "x-universally-unique-identifier", "x-mail-created-date", "delivered-to", "x-original-to");

    /** An address field's value as a person types it (names decoded and quoted where needed). */
    private static java.util.List<String> addressesTyped(String v) {
        try {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (jakarta.mail.internet.InternetAddress a : jakarta.mail.internet.InternetAddress.parseHeader(v, false)) {
                out.add(Addresses.text(a));
            }
            return out;
        } catch (jakarta.mail.internet.AddressException e) {
            return java.util.List.of(v);
        }
    }
}
