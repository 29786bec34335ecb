package dev.postern.backend;

import dev.postern.config.AccountConfig;
import dev.postern.model.LoginRefused;
import dev.postern.model.PosternException;
import dev.postern.model.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.angus.mail.iap.ProtocolException;

/**
 * The server offers no way to log in that postern speaks (hunt37-I I3, I4): an IMAP server whose only mechanism is
 * CRAM-MD5, or one that says LOGINDISABLED before STARTTLS to a connection without TLS; a POP3 server that takes no
 * USER and PASS (CRAM-MD5 only, or plaintext only after STLS). Angus said "No login methods supported!", which was
 * told as the server's trouble for now (75, cron retried for ever), and POP3's refusal of USER was told as a wrong
 * password. Nothing changes by itself: 78, saying what the server offers and what to set. The one sentence for all
 * three protocols ("... and postern found no way to log in (...), so no password was sent; ...") is {@link #sentence}.
 */
public final class NoLoginMethod extends ProtocolException {
    /** The IMAP mechanisms Angus logs in with when the server offers them (its default list; XOAUTH2 is off). */
    private static final List<String> IMAP_SPOKEN = List.of("AUTH=PLAIN", "AUTH=LOGIN", "AUTH-LOGIN", "AUTH=NTLM");

    private final String offers;
    private final boolean startTls;

    private NoLoginMethod(String offers, boolean startTls) {
        super("the server offers no login postern speaks (" + offers + ")");
        this.offers = offers;
        this.startTls = startTls;
    }

    /** What the server offers, in its words ("it offers AUTH=CRAM-MD5 and says LOGINDISABLED"). */
    String offers() {
        return offers;
    }

    /** Whether it offers STARTTLS (STLS) on this connection, which has no TLS yet. */
    boolean startTls() {
        return startTls;
    }

    /**
     * For an IMAP connection about to log in with a password, {@code caps} its capabilities as they are then (after
     * STARTTLS when there was one): the failure when Angus would find no way to log in (LOGINDISABLED and none of the
     * mechanisms it speaks: it would throw "No login methods supported!"), else null. {@code tls}: the connection runs
     * TLS already.
     */
    public static NoLoginMethod imap(Map<String, String> caps, boolean tls) {
        if (caps == null || !caps.containsKey("LOGINDISABLED")) return null;
        for (String m : IMAP_SPOKEN) if (caps.containsKey(m)) return null;
        List<String> auth = new ArrayList<>();
        for (String c : caps.keySet()) if (c.startsWith("AUTH=")) auth.add(c);
        auth.sort(null);
        String offers = (auth.isEmpty() ? "it offers no AUTH= mechanism" : "it offers only " + String.join(" ", auth))
                + " and says LOGINDISABLED; postern logs in with LOGIN, AUTH=PLAIN or AUTH=LOGIN";
        return new NoLoginMethod(offers, !tls && caps.containsKey("STARTTLS"));
    }

    /**
     * A POP3 server's refusal {@code words} of postern's USER and PASS, with {@code capa} its answer to CAPA (empty when
     * it gave none), when it is a refusal of that way of logging in rather than of the password: CAPA names no USER
     * (RFC 2449: the server takes none), or the server's words say the mechanism or plaintext is refused (Dovecot's
     * "Unsupported authentication mechanism.", "Plaintext authentication disallowed on non-secure (SSL/TLS)
     * connections."). Null otherwise: a refusal of the password, said as such.
     */
    public static PosternException pop3(AccountConfig a, Map<String, String> capa, String words, boolean tls, Exception e) {
        String w = words == null ? "" : words.strip();
        String l = w.toLowerCase(Locale.ROOT);
        boolean noUser = capa != null && !capa.isEmpty() && !capa.containsKey("USER");
        if (!noUser && !l.contains("mechanism") && !l.contains("plaintext")) return null;
        String sasl = capa == null ? null : capa.get("SASL");
        String offered = sasl == null || sasl.isBlank() ? "" : "; it offers SASL " + ConnectionErrors.oneLine(sasl)
                .replaceFirst("(?i)^SASL\\s*", "");
        boolean stls = !tls && capa != null && capa.containsKey("STLS");
        String who = "account " + a.name() + ": ";
        String where = a.host() + ":" + a.port();
        return new LoginRefused(who + "the server at " + where + " does not take postern's way of logging in, USER and"
                + " PASS" + (noUser ? " (its CAPA names no USER)" : "") + ConnectionErrors.quoted(w) + offered
                + "; the password was not judged" + advice(a, stls, w.toUpperCase(Locale.ROOT).contains("TLS")
                        || l.contains("plaintext"), "STLS"), e);
    }

    /**
     * The sentence for a login postern found no way to make: {@code detail} what the server offers (or the mail library's
     * words for it), {@code startTls} whether it offers STARTTLS on a connection without TLS. A {@link LoginRefused}
     * ({@code refused}: a login the server will not allow, which push and the outbox do not try again by themselves),
     * or a plain 78.
     */
    static PosternException sentence(AccountConfig a, String who, String where, String detail, boolean startTls,
            boolean refused, Exception e) {
        String m = who + "the server at " + where + " and postern found no way to log in (" + detail
                + "), so no password was sent" + advice(a, startTls, false, "STARTTLS");
        return refused ? new LoginRefused(m, e) : new PosternException(dev.postern.model.ExitCode.CONFIG, m, e);
    }

    /** The advice ending the sentence: security = "starttls" where the server offers it and the account has no TLS. */
    private static String advice(AccountConfig a, boolean startTls, boolean wantsTls, String verb) {
        if (a.security() == Security.PLAIN && (startTls || wantsTls)) {
            return "; the server " + (startTls ? "offers " + verb + " and " : "") + "takes a login only over TLS, most"
                    + " likely: set security = \"starttls\" in [accounts." + dev.postern.model.Names.tomlKey(a.name()) + "] (or \"tls\" on its TLS port).";
        }
        return "; check host, port and security in the config (the server's administrator may enable PLAIN or LOGIN).";
    }
}
