package dev.postern.compose;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Bounce (mutt's bounce-message, "remail"): the original message, unchanged, to new recipients, with a block of
 * Resent-From, Resent-Date, Resent-To and Resent-Message-ID prepended (RFC 5322 3.6.6: a resent block is added
 * at the top and nothing else is touched). The recipients are the SMTP envelope's; the original's To and Cc are
 * not recipients.
 */
public final class Bounce {
    private Bounce() {}

    /**
     * @param resentFrom who bounces ("Name &lt;a@b&gt;" or a@b)
     * @param to         the new recipients, as typed (comma lists allowed)
     */
    public static Built prepare(byte[] original, String resentFrom, List<String> to, Clock clock) {
        InternetAddress from = address(resentFrom, "the From address");
        Set<String> bare = new LinkedHashSet<>();
        List<String> shown = new ArrayList<>();
        for (String t : to) {
            for (String one : DraftFile.split(t)) {
                InternetAddress a = address(one, "a recipient");
                if (bare.add(a.getAddress())) shown.add(a.toString());
            }
        }
        if (bare.isEmpty()) {
            throw new PosternException(ExitCode.USAGE, "no recipients to bounce to; give at least one address.");
        }
        String domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
        String id = "<" + UUID.randomUUID() + "@" + domain + ">";
        String block = "Resent-From: " + from + "\r\n"
                + "Resent-Date: " + RawMessage.date(clock) + "\r\n"
                + "Resent-To: " + String.join(",\r\n ", shown) + "\r\n"
                + "Resent-Message-ID: " + id + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + block.length());
        out.writeBytes(block.getBytes(StandardCharsets.UTF_8)); // an address in Unicode goes only with SMTPUTF8
        out.writeBytes(RawMessage.toCrlf(original));
        return new Built(out.toByteArray(), id, from.getAddress(), List.copyOf(bare));
    }

    /**
     * Whether {@code raw} is a bounce ({@link #prepare}: its resent block on top): one kept in the outbox as perhaps
     * delivered and sent again by {@code outbox --retry} gets no Sent copy, as no bounce does.
     */
    public static boolean resent(byte[] raw) {
        String top = "resent-from:";
        if (raw.length < top.length()) return false;
        return new String(raw, 0, top.length(), StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT).equals(top);
    }

    private static InternetAddress address(String text, String what) {
        try {
            InternetAddress a = new InternetAddress(text.strip(), true);
            if (a.getAddress() == null || !a.getAddress().contains("@")) throw new AddressException("no domain");
            a.setAddress(dev.postern.backend.smtp.MailPath.ascii(a.getAddress())); // an A-label, as the envelope's
            if (a.getPersonal() != null) a.setPersonal(a.getPersonal(), "UTF-8"); // RFC 2047 when not ASCII
            return a;
        } catch (AddressException | java.io.UnsupportedEncodingException | IllegalArgumentException e) {
            throw new PosternException(ExitCode.USAGE, "'" + text.strip() + "' is not a mail address (" + what
                    + "); nothing was bounced.");
        }
    }
}
