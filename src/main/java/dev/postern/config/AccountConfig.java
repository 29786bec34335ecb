package dev.postern.config;

import dev.postern.model.Protocol;
import dev.postern.model.Security;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One {@code [accounts.NAME]} table, validated.
 *
 * @param trustCert      when set, TLS trusts exactly this certificate (PEM) instead of the system store
 * @param allowPlaintext the user's explicit consent to an unencrypted connection to a non-loopback host
 * @param timeout        connect, read and write time-out of every socket of this account
 * @param fetchWholeBelow messages up to this many bytes are downloaded whole when read; larger ones
 *                       fetch their text parts only, and attachments are listed with sizes
 * @param pop3           the {@code [accounts.NAME.pop3]} table (defaults for IMAP accounts)
 * @param imap           the IMAP keys ({@code compress}, {@code poll_seconds}); defaults for POP3 accounts
 * @param smtp           the {@code [accounts.NAME.smtp]} table, or null when the account cannot send
 */
public record AccountConfig(
        String name,
        Protocol protocol,
        String host,
        int port,
        Security security,
        String user,
        PasswordSource password,
        Path trustCert,
        boolean allowPlaintext,
        Duration timeout,
        long fetchWholeBelow,
        Pop3Options pop3,
        ImapOptions imap,
        SmtpConfig smtp) {

    public AccountConfig {
        pop3 = pop3 == null ? Pop3Options.DEFAULTS : pop3;
        imap = imap == null ? ImapOptions.DEFAULTS : imap;
    }

    /** Without IMAP options: the defaults. */
    public AccountConfig(String name, Protocol protocol, String host, int port, Security security, String user,
            PasswordSource password, Path trustCert, boolean allowPlaintext, Duration timeout, long fetchWholeBelow,
            Pop3Options pop3) {
        this(name, protocol, host, port, security, user, password, trustCert, allowPlaintext, timeout,
                fetchWholeBelow, pop3, ImapOptions.DEFAULTS);
    }

    /** Without SMTP (accounts that only read). */
    public AccountConfig(String name, Protocol protocol, String host, int port, Security security, String user,
            PasswordSource password, Path trustCert, boolean allowPlaintext, Duration timeout, long fetchWholeBelow,
            Pop3Options pop3, ImapOptions imap) {
        this(name, protocol, host, port, security, user, password, trustCert, allowPlaintext, timeout,
                fetchWholeBelow, pop3, imap, null);
    }

    /**
     * What the account's backend can do before any connection, as data ({@link dev.postern.model.Capability}):
     * what callers branch on instead of the protocol's name.
     */
    public java.util.Set<dev.postern.model.Capability> capabilities() {
        return dev.postern.model.Capability.of(protocol, imap.idle());
    }

    /** A copy that submits mail through {@code smtp}. */
    public AccountConfig withSmtp(SmtpConfig smtp) {
        return new AccountConfig(name, protocol, host, port, security, user, password, trustCert, allowPlaintext,
                timeout, fetchWholeBelow, pop3, imap, smtp);
    }

    /** Without POP3 options (IMAP accounts, tests): the defaults. */
    public AccountConfig(String name, Protocol protocol, String host, int port, Security security, String user,
            PasswordSource password, Path trustCert, boolean allowPlaintext, Duration timeout, long fetchWholeBelow) {
        this(name, protocol, host, port, security, user, password, trustCert, allowPlaintext, timeout,
                fetchWholeBelow, Pop3Options.DEFAULTS);
    }

    /** The account's OAuth2 settings when it signs in with {@code auth = "oauth2"}, else null. */
    public dev.postern.auth.OAuth2Config oauth2() {
        return password instanceof PasswordSource.OAuth2 o ? o.config() : null;
    }

    public static int defaultPort(Protocol protocol, Security security) {
        return switch (protocol) {
            case IMAP -> security == Security.TLS ? 993 : 143;
            case POP3 -> security == Security.TLS ? 995 : 110;
        };
    }

    /** "work (alice@imap.example.org:993)": how errors name the account. */
    public String describe() {
        return name + " (" + user + "@" + host + ":" + port + ")";
    }
}
