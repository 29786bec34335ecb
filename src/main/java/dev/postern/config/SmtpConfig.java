package dev.postern.config;

import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code [accounts.NAME.smtp]} table: where an account's mail is submitted. The password comes from
 * the account's own password source; {@code user} defaults to the account's.
 *
 * @param user           login name on the submission server, or null for the account's user
 * @param trustCert      when set, TLS trusts exactly this certificate (PEM)
 * @param allowPlaintext consent to an unencrypted connection to a non-loopback host
 * @param timeout        connect, read and write time-out, or null for the account's
 * @param from           the From address of new messages ("Name &lt;a@b&gt;"), or null for the login name
 *                       when it is an address
 */
public record SmtpConfig(String host, int port, Security security, String user, Path trustCert,
        boolean allowPlaintext, Duration timeout, String from) {

    /** The address new messages are from: {@code from}, else whichever login name is an address, else null. */
    public String fromAddress(AccountConfig base) {
        if (from != null) return from;
        if (user != null && user.contains("@")) return user;
        return base.user().contains("@") ? base.user() : null;
    }

    /** 465 for implicit TLS (RFC 8314), 587 for submission with STARTTLS, 25 for plain. */
    public static int defaultPort(Security security) {
        return switch (security) {
            case TLS -> 465;
            case STARTTLS -> 587;
            case PLAIN -> 25;
        };
    }

    /**
     * The account as seen by the submission server: same name and password source, SMTP host, port, security,
     * user, trust and time-out. Lets the SMTP sender share {@code SessionProperties} and {@code ConnectionErrors}.
     * Without a {@code tls_trust_cert} of its own, a table whose host is the account's (the same server, most often the
     * same certificate) trusts the account's (hunt33-Z Z5: the account's was set and the SMTP one not, and the
     * certificate error said to set what was set); another host trusts the system's store.
     */
    public AccountConfig asAccount(AccountConfig base) {
        Path trust = trustCert != null ? trustCert : host.equalsIgnoreCase(base.host()) ? base.trustCert() : null;
        return new AccountConfig(base.name(), Protocol.IMAP, host, port, security, user == null ? base.user() : user,
                base.password(), trust, allowPlaintext, timeout == null ? base.timeout() : timeout,
                base.fetchWholeBelow());
    }
}
