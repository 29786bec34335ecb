package dev.postern.backend.smtp;

import java.net.IDN;

/**
 * An address as the SMTP envelope and a message header carry it: a domain in Unicode as its IDNA A-label
 * ({@code bob@bücher.example} is {@code bob@xn--bcher-kva.example}, as mutt with idn sends it), which every server
 * takes. A local part in Unicode has no such form: it goes only to a server that offers SMTPUTF8 (RFC 6531).
 */
public final class MailPath {
    private MailPath() {}

    /**
     * {@code address} (bare, {@code local@domain}) with its domain as an A-label; unchanged when the domain is ASCII.
     *
     * @throws IllegalArgumentException when the domain is no valid internationalised domain name
     */
    public static String ascii(String address) {
        if (address == null) return null;
        int at = address.lastIndexOf('@');
        if (at < 0 || ascii(address, at + 1)) return address;
        String domain = address.substring(at + 1);
        return address.substring(0, at + 1) + IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    }

    /** Whether {@code address} (its domain already an A-label) can go only with SMTPUTF8: its local part is not ASCII. */
    public static boolean needsUtf8(String address) {
        return address != null && !ascii(address, 0);
    }

    private static boolean ascii(String s, int from) {
        for (int i = from; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }
}
