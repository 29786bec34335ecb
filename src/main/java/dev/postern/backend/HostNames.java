package dev.postern.backend;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * Does a server certificate name the host postern connected to (RFC 6125, as the JDK's "HTTPS" check)?
 * An IP address must be one of the certificate's IP address entries. A name must match one of its DNS
 * names, compared without case and ignoring a trailing dot; a wildcard is allowed only as the whole
 * leftmost label, stands for exactly one label, and needs two labels after it ({@code *.example.org}
 * matches {@code imap.example.org}, not {@code example.org}, {@code a.b.example.org} or anything from
 * {@code *.org}). Only when the certificate has no DNS names at all is its most specific common name used.
 */
public final class HostNames {
    private static final int DNS = 2;
    private static final int IP = 7;

    private HostNames() {}

    /** The certificate does not name the host; {@link #names} are those it does. */
    public static final class Mismatch extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final String names;

        Mismatch(String host, List<String> names) {
            super("no name matching " + host + " in the certificate (it names " + String.join(", ", names) + ")");
            this.names = String.join(", ", names);
        }

        public String names() { return names; }
    }

    /** Throws {@link Mismatch} when {@code cert} does not name {@code host}. */
    public static void check(String host, X509Certificate cert) throws CertificateException {
        if (host == null || host.isEmpty()) throw new CertificateException("no host name to check the certificate against");
        if (!matches(host, cert)) throw new Mismatch(host, names(cert));
    }

    static boolean matches(String host, X509Certificate cert) throws CertificateParsingException {
        if (!host.chars().allMatch(c -> c < 0x80)) {
            try {
                host = java.net.IDN.toASCII(host); // certificates carry the A-label form
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        Collection<List<?>> alt = cert.getSubjectAlternativeNames();
        if (isIpLiteral(host)) {
            InetAddress want = literal(host);
            if (want == null || alt == null) return false;
            for (List<?> e : alt) {
                if (((Integer) e.get(0)) == IP && e.get(1) instanceof String s) {
                    InetAddress have = literal(s);
                    if (want.equals(have)) return true;
                }
            }
            return false;
        }
        List<String> dns = new ArrayList<>();
        if (alt != null) {
            for (List<?> e : alt) if (((Integer) e.get(0)) == DNS && e.get(1) instanceof String s) dns.add(s);
        }
        if (dns.isEmpty()) {
            String cn = commonName(cert.getSubjectX500Principal());
            return cn != null && nameMatches(host, cn);
        }
        for (String d : dns) if (nameMatches(host, d)) return true;
        return false;
    }

    /** One DNS name against one pattern from a certificate. */
    static boolean nameMatches(String host, String pattern) {
        String h = strip(host.toLowerCase(Locale.ROOT));
        String p = strip(pattern.toLowerCase(Locale.ROOT));
        if (h.isEmpty() || p.isEmpty()) return false;
        if (!p.startsWith("*.")) return p.indexOf('*') < 0 && h.equals(p);
        String rest = p.substring(2);
        // "*.org" would vouch for a whole top-level domain; a wildcard anywhere else is not honoured.
        if (rest.indexOf('*') >= 0 || rest.indexOf('.') < 0) return false;
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot + 1).equals(rest);
    }

    private static String strip(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) return true; // IPv6 (a DNS name never holds a colon)
        if (host.isEmpty()) return false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') return false;
        }
        return true;
    }

    /** The address an IP literal stands for, without a DNS look-up; null when it is not one. */
    private static InetAddress literal(String s) {
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!isIpLiteral(t)) return null;
        if (t.indexOf(':') < 0) {
            String[] parts = t.split("\\.", -1);
            if (parts.length != 4) return null;
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) return null;
            }
        }
        try {
            return InetAddress.getByName(t); // a literal: parsed, never looked up
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** The last (most specific) CN of a subject, or null. */
    static String commonName(X500Principal subject) {
        String found = null;
        try {
            javax.naming.ldap.LdapName dn = new javax.naming.ldap.LdapName(subject.getName(X500Principal.RFC2253));
            for (javax.naming.ldap.Rdn rdn : dn.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String v) found = v;
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return found;
    }

    private static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> e : alt) {
                    int type = (Integer) e.get(0);
                    if ((type == DNS || type == IP) && e.get(1) instanceof String s) out.add(s);
                }
            }
        } catch (CertificateParsingException e) {
            // fall through to the common name
        }
        if (out.isEmpty()) {
            String cn = commonName(cert.getSubjectX500Principal());
            out.add(cn == null ? "no name" : cn);
        }
        return out;
    }
}
