package dev.postern.backend.smtp;

import jakarta.mail.MessagingException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server offered no login (no AUTH in its reply to EHLO), and postern, which has the account's credentials, does not
 * send without logging in (hunt33-X X3: Angus then went on unauthenticated, and the server's "530 5.7.0 Authentication
 * required" to RCPT TO was blamed on the recipient's address). When the EHLO reply looks damaged (an AUTH line that lost
 * its keyword, a line that is no extension) it is the server's trouble for now; else the host, port or security is wrong.
 */
final class NoLoginOffered extends MessagingException {
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Set<String> MECHANISMS = Set.of("PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "XOAUTH2", "OAUTHBEARER",
            "SCRAM-SHA-1", "SCRAM-SHA-256", "GSSAPI", "NTLM", "ANONYMOUS", "EXTERNAL");

    private final String verb;
    private final String words;
    private final boolean starttls;

    /** {@code verb}: EHLO, or HELO when the server did not take EHLO; {@code words}: its reply. */
    NoLoginOffered(String verb, String words, boolean starttls) {
        super("the server offered no AUTH to " + verb);
        this.verb = verb;
        this.words = words == null ? "" : words.strip();
        this.starttls = starttls;
    }

    String verb() { return verb; }

    String words() { return words; }

    /** Whether it offered STARTTLS (AUTH may come after it). */
    boolean starttls() { return starttls; }

    /**
     * Whether the EHLO reply looks damaged: a line after the first that is no "250-KEYWORD params" of RFC 5321's shape, or
     * a SASL mechanism's name on a line that is not AUTH's (an AUTH line that lost its keyword: "250-AUAIN LOGIN").
     */
    boolean damaged() {
        if (!verb.equals("EHLO")) return false;
        String[] lines = words.split("\r?\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.length() < 5) return true;
            String[] parts = line.substring(4).strip().split(" +");
            if (!KEYWORD.matcher(parts[0]).matches() || parts[0].toUpperCase(Locale.ROOT).startsWith("AU")) return true;
            for (int p = 1; p < parts.length; p++) {
                if (MECHANISMS.contains(parts[p].toUpperCase(Locale.ROOT))) return true;
            }
        }
        return false;
    }
}
