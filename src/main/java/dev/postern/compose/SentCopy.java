package dev.postern.compose;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The bytes of the copy kept in Sent: the message as it went, with a {@code Bcc:} line in front naming the envelope
 * recipients its To and Cc do not name, so the sender's own copy records whom they blind-copied (as mutt's Fcc does with
 * $write_bcc; RFC 5322 3.6.3 leaves the sender's copy its Bcc). The transmitted message never has one (hunt 37-P, P3).
 * Worked out from the bytes and the envelope alone, so a message that waited in the outbox gets the same line.
 */
public final class SentCopy {
    private SentCopy() {}

    /**
     * {@code raw} with the Bcc line for those of {@code recipients} (the envelope's, each copy's) its header's To, Cc,
     * Resent-To and Resent-Cc do not name; {@code raw} itself when there is none, when it already has a Bcc line, or when
     * those headers do not parse (a To recipient is never shown as blind-copied).
     */
    public static byte[] of(byte[] raw, List<String> recipients) {
        if (recipients == null || recipients.isEmpty()) return raw;
        InternetHeaders h;
        try {
            h = new InternetHeaders(new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            return raw;
        }
        if (h.getHeader("Bcc") != null) return raw;
        Set<String> named = new HashSet<>();
        for (String name : List.of("To", "Cc", "Resent-To", "Resent-Cc")) {
            String v = h.getHeader(name, ",");
            if (v == null || v.isBlank()) continue;
            try {
                for (InternetAddress a : InternetAddress.parseHeader(v, false)) {
                    if (a.isGroup()) {
                        for (InternetAddress m : a.getGroup(false)) named.add(key(m.getAddress()));
                    } else {
                        named.add(key(a.getAddress()));
                    }
                }
            } catch (AddressException e) {
                return raw;
            }
        }
        List<String> bcc = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String r : recipients) if (!named.contains(key(r)) && seen.add(key(r))) bcc.add(r);
        return Recall.forDrafts(raw, bcc);
    }

    private static String key(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }
}
