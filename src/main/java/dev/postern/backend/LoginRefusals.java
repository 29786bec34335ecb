package dev.postern.backend;

import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server's refusal of a login, or of STARTTLS before it, means, by its response code: a server that is
 * down or busy for now is told apart from a wrong password, so a cron job is not told to fix its config when
 * trying again later would do (RFC 5530 for IMAP, RFC 2449/3206 for POP3).
 */
public final class LoginRefusals {
    /** How {@code imap/LoginProtocol} words a NO or BAD to STARTTLS, followed by the server's text. */
    public static final String STARTTLS_REFUSED = "STARTTLS refused: ";

    /** The response code at the head of a refusal: {@code [CODE ...]}, after an optional NO / -ERR. */
    private static final Pattern CODE = Pattern.compile("^\\s*(?:-ERR\\s+|NO\\s+|BAD\\s+)?\\[([A-Z0-9/-]+)",
            Pattern.CASE_INSENSITIVE);

    private LoginRefusals() {}

    /** The response code of {@code text}, upper case, or "" when it has none. */
    static String code(String text) {
        Matcher m = CODE.matcher(text == null ? "" : text);
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "";
    }

    /** The server is down, busy or at a limit now; not the credentials (IMAP RFC 5530, POP3 RFC 2449/3206). */
    static boolean forNow(String code) {
        return switch (code) {
            // THROTTLED is Gmail's ("Account exceeded command or bandwidth limits"), not RFC 5530's, and passes too.
            case "UNAVAILABLE", "SERVERBUG", "LIMIT", "INUSE", "EXPUNGEISSUED", "THROTTLED", "SYS/TEMP", "IN-USE",
                 "LOGIN-DELAY" -> true;
            default -> false;
        };
    }

    /** Whether a server's refusal {@code words} ("NO [THROTTLED] ...") carries a response code saying it is for now. */
    public static boolean temporary(String words) {
        return forNow(code(words));
    }

    /** The server's refusal {@code m} of the login (an AuthenticationFailedException's text). */
    static PosternException login(AccountConfig a, String who, String where, String m, Exception e) {
        String code = code(m);
        String said = ConnectionErrors.quoted(m);
        if (code.equals("SYS/TEMP") || code.equals("IN-USE") || code.equals("LOGIN-DELAY")) {
            return new PosternException(ExitCode.TEMPFAIL, who + "the server at " + where + " could not log user '"
                    + a.user() + "' in for now" + said + "; try again later.", e);
        }
        if (tooManyConnections(m)) {
            // Gmail's "[ALERT] Too many simultaneous connections" at its 15-connection limit, Dovecot's "[UNAVAILABLE]
            // Maximum number of connections from user+IP exceeded": the password is right. Before [UNAVAILABLE]'s own
            // sentence, so that the reader's push knows to give its connection up (hunt37-I I2).
            return new dev.postern.model.ConnectionLimit(who + "the server at " + where
                    + " has too many connections open for user '" + a.user() + "' now" + said
                    + "; try again later (other mail clients of this account hold connections too).", e);
        }
        if (forNow(code)) {
            return new PosternException(ExitCode.TEMPFAIL, who + "the server at " + where
                    + " says it is unavailable now, so user '" + a.user() + "' was not logged in" + said + "; try again later.", e);
        }
        return switch (code) {
            // [ALERT] must be shown to the user (RFC 3501) and [WEBALERT] names a page to open (Gmail): the server
            // says what is wrong (an app password wanted, IMAP not enabled), so its words lead, not a password guess.
            case "ALERT" -> new dev.postern.model.LoginRefused(who + "the server at " + where + " says: "
                    + ConnectionErrors.oneLine(afterCode(m)) + " (user '" + a.user() + "' was not logged in; do what it says,"
                    + " then try again).", e);
            case "WEBALERT" -> new dev.postern.model.LoginRefused(who + "the server at " + where + " says: "
                    + ConnectionErrors.oneLine(afterCode(m)) + " (user '" + a.user() + "' was not logged in; open this address"
                    + " in a browser and do what it asks, then try again: " + webAlertUrl(m) + ").", e);
            case "EXPIRED" -> new dev.postern.model.LoginRefused(who + "the server says the password of user '" + a.user()
                    + "' has expired" + said + "; change it with the mail provider and update the password source in the config.", e);
            case "PRIVACYREQUIRED" -> new dev.postern.model.LoginRefused(who + "the server at " + where
                    + " will not take a login over this connection" + said
                    + "; use security = \"tls\" or \"starttls\" in the config.", e);
            case "AUTHORIZATIONFAILED" -> new dev.postern.model.LoginRefused(who + "the server does not let user '"
                    + a.user() + "' in to this mailbox" + said + "; check user in the config or ask the server's administrator.", e);
            // [AUTHENTICATIONFAILED], POP3's [AUTH], or no code: the server's answer to the credentials.
            case "", "AUTHENTICATIONFAILED", "AUTH" -> new dev.postern.model.LoginRefused(who + "the server rejected user '" + a.user()
                    + "' or its password" + said + "; check user and the password source in the config.", e);
            // Any other code is not a verdict on the password: the server's words, and no guess about why.
            default -> new dev.postern.model.LoginRefused(who + "the server at " + where + " did not log user '"
                    + a.user() + "' in" + said + "; do what it says, then try again.", e);
        };
    }

    /** A refusal that says the account has too many connections (or logins) open now: it passes. */
    private static boolean tooManyConnections(String m) {
        String l = m == null ? "" : m.toLowerCase(Locale.ROOT);
        return l.contains("too many simultaneous") || l.contains("too many connections")
                || l.contains("too many concurrent") || l.contains("maximum number of connections");
    }

    /** The text after a leading "[CODE ...]" (and an optional NO), or the whole text when it has none. */
    private static String afterCode(String m) {
        String t = m == null ? "" : m.strip();
        Matcher c = CODE.matcher(t);
        if (!c.find()) return t;
        int close = t.indexOf(']', c.end());
        return close < 0 ? t : t.substring(close + 1).strip();
    }

    /** The address in "[WEBALERT address] ...", or "" (Gmail sends one). */
    private static String webAlertUrl(String m) {
        Matcher w = Pattern.compile("\\[WEBALERT\\s+([^\\]\\s]+)", Pattern.CASE_INSENSITIVE).matcher(m == null ? "" : m);
        return w.find() ? ConnectionErrors.oneLine(w.group(1)) : "";
    }

    /** A NO or BAD to STARTTLS (no password was sent), or null when {@code text} is not one. */
    static PosternException startTls(AccountConfig a, String who, String where, String text, Exception e) {
        int at = text.indexOf(STARTTLS_REFUSED);
        if (at < 0) return null;
        String said = text.substring(at + STARTTLS_REFUSED.length());
        int end = said.indexOf('\n');
        if (end >= 0) said = said.substring(0, end);
        if (forNow(code(said))) {
            return new PosternException(ExitCode.TEMPFAIL, who + "the server at " + where + " says it is unavailable now:"
                    + " it did not start TLS" + ConnectionErrors.quoted(said) + ", so no password was sent; try again later.", e);
        }
        return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " refused to start TLS"
                + ConnectionErrors.quoted(said) + ", so no password was sent; use security = \"tls\" or check the port.", e);
    }

    /**
     * Another protocol's server where the IMAP or POP3 server was looked for: its greeting is a web server's status line,
     * a POP3 {@code +OK}/{@code -ERR}, an IMAP {@code * OK}, an SMTP {@code 220} or an SSH banner. The config names the
     * wrong host or port (78); "refused (server said: 400 Bad Request)" or "the server is faulty" (75, retried by cron
     * for ever: hunt37-J J16) hid that. Null when the greeting was the account's own protocol's.
     */
    static PosternException notImap(String who, String where, java.util.List<Throwable> chain, Exception e) {
        for (Throwable t : chain) {
            if (t instanceof org.eclipse.angus.mail.iap.ProtocolException pe && pe.getResponse() != null) {
                String said = pe.getResponse().toString();
                String other = otherProtocol(said, "IMAP");
                if (other != null) return wrongPort(who, where, "IMAP", other, said, e);
            }
        }
        return null;
    }

    /** As {@link #notImap}, for a POP3 account: Angus's "Unexpected response: LINE" to its greeting. */
    static PosternException notPop3(String who, String where, java.util.List<Throwable> chain, Exception e) {
        for (Throwable t : chain) {
            String m = t.getMessage();
            if (m == null || !m.startsWith(UNEXPECTED)) continue;
            String said = m.substring(UNEXPECTED.length());
            String other = otherProtocol(said, "POP3");
            if (other != null) return wrongPort(who, where, "POP3", other, said, e);
        }
        return null;
    }

    /** Angus's POP3 reader's words for a line that is neither +OK nor -ERR. */
    private static final String UNEXPECTED = "Unexpected response: ";

    /** The protocol whose greeting {@code said} is, when it is not {@code ours}; else null. */
    public static String otherProtocol(String said, String ours) {
        if (said.startsWith("HTTP/")) return "a web server";
        if (said.startsWith("SSH-")) return "SSH";
        if (said.matches("(?s)220[ -].*")) return "SMTP";
        if (!ours.equals("POP3") && (said.startsWith("+OK") || said.startsWith("-ERR"))) return "POP3";
        if (!ours.equals("IMAP") && said.matches("(?is)\\* (OK|PREAUTH|BYE)\\b.*")) return "IMAP";
        return null;
    }

    private static PosternException wrongPort(String who, String where, String ours, String other, String said, Exception e) {
        return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " does not speak " + ours
                + ConnectionErrors.quoted(said) + "; check host and port in the config (it greets as " + other + ").", e);
    }
}
