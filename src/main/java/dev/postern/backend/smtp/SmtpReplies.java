package dev.postern.backend.smtp;

import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.LinkDropped;
import dev.postern.model.PosternException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What an SMTP failure means, from the reply code and command Angus keeps with it (never from its text), and from
 * how far the send had got:
 * <ul>
 * <li>a 5xx reply to MAIL FROM, DATA or the end of data is a refusal that stands: 77 when its enhanced status code
 * (RFC 3463, read from any line of a multi-line reply) is 5.7.x, security or policy (sender not allowed, rejected as spam), else 65 (too big, no valid
 * recipient...); the server's words quoted;
 * <li>a 4xx reply to them: 75, the message may go later;
 * <li>no reply (the link closed, "[EOF]" in Angus's words) or a line that is not an SMTP reply: the connection was
 * lost, 75, and when the end of data had gone out the message may have been delivered;
 * <li>a 5xx reply to STARTTLS: 78, as a refused STARTTLS/STLS of IMAP and POP3;
 * <li>a 4xx reply to the login (454 temporary authentication failure): 75, not a wrong password; a 5xx 78 in the server's
 * words (535: the user or password; 530, 534: what the server says, security when it asks for TLS).
 * </ul>
 * A refused recipient is read by {@link SmtpSender}; anything else by {@link dev.postern.backend.ConnectionErrors}.
 */
final class SmtpReplies {
    private SmtpReplies() {}

    /** The reply and the command it answered, of the SMTP exception in the chain. */
    record Reply(int code, String command, String words) {
        boolean valid() { return code >= 200 && code <= 599; }
    }

    /** The failure as postern says it, or null when it is for {@link SmtpSender} or the common translation. */
    static PosternException classify(AccountConfig a, MessagingException e, Submission t) {
        return classify(a, e, t.stage(), t.getLastReturnCode(), t.getLastServerResponse(), t.authCode(), t.authWords());
    }

    private static PosternException classify(AccountConfig a, MessagingException e, Submission.Stage stage, int lastCode,
            String lastWords, int authCode, String authWords) {
        String where = a.host() + ":" + a.port();
        String who = "account " + a.name() + ": ";
        if (e instanceof AuthenticationFailedException && lastCode >= 400 && lastCode <= 499) {
            return new PosternException(ExitCode.TEMPFAIL, who + "the server at " + where + " could not check the login of user '"
                    + a.user() + "' for now" + said(lastWords) + "; try again later.", e);
        }
        PosternException login = loginRefused(a, who, where, stage, authCode, authWords, e);
        if (login != null) return login;
        if (stage == Submission.Stage.STARTTLS && lastCode >= 500 && lastCode <= 599) {
            return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " refused to start TLS" + said(lastWords)
                    + ", so no password was sent; use security = \"tls\" or check the port.", e);
        }
        Reply r = reply(e);
        if (r != null && r.valid()) {
            if (r.code() >= 500 && isAddress(e)) return null; // a refused recipient: SmtpSender names it
            if (r.code() >= 500) {
                ExitCode code = enhanced(r.code(), r.words()).startsWith("5.7.") ? ExitCode.NOPERM : ExitCode.DATAERR;
                return new SmtpFailure(SmtpFailure.Kind.REFUSED, code, who + "the server at " + where + " refused the message"
                        + at(r.command()) + said(r.words()) + "; it was not sent, and sending it again would not help.", e);
            }
            if (r.code() >= 400) {
                return new SmtpFailure(SmtpFailure.Kind.REFUSED_FOR_NOW, ExitCode.TEMPFAIL, who + "the server at " + where
                        + " refused the message" + at(r.command()) + " for now" + said(r.words()) + "; try again later.", e);
            }
            return null;
        }
        if (r != null) {
            // No reply: Angus's "[EOF]" for a closed link, or a line that does not start with a reply code.
            String lost = "[EOF]".equals(r.words()) || r.words().isBlank()
                    ? "the connection to " + where + " was lost" + at(r.command())
                    : "the server at " + where + " gave no SMTP answer" + at(r.command()) + " (it sent: " + oneLine(r.words()) + ")";
            if (stage == Submission.Stage.END) return unconfirmed(who + lost, e);
            return new LinkDropped(who + lost + "; try again later.", e);
        }
        return null;
    }

    /**
     * A 5xx to the password login (AUTH), in the server's words (78): 535 rejects the user or the password; a reply that
     * asks for TLS (Gmail's "530 5.7.0 Must issue a STARTTLS command first") points at security; any other (Gmail's
     * "530 5.7.0 Authentication Required", "534 5.7.9 Application-specific password required") is the server's to
     * explain. Never "no password was sent": AUTH PLAIN carries it in its first line. Null when the login met no 5xx,
     * and for an OAuth2 account, whose refused token the common translation words.
     */
    private static PosternException loginRefused(AccountConfig a, String who, String where, Submission.Stage stage,
            int code, String words, Exception e) {
        if (stage != Submission.Stage.AUTH || code < 500 || code > 599 || a.oauth2() != null) return null;
        String user = "user '" + a.user() + "'";
        if (code == 535) {
            return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " rejected " + user + " or its password"
                    + said(words) + "; check user and the password source in the config.", e);
        }
        boolean tls = words != null && words.toUpperCase(java.util.Locale.ROOT).contains("TLS");
        return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " refused the login of " + user
                + said(words) + (tls ? "; it wants the login over TLS: use security = \"starttls\" (or \"tls\") in the config."
                        : "; do what it says, then check user, the password source and security in the config."), e);
    }

    private static final Pattern ENHANCED = Pattern.compile("^([2-5][0-9][0-9])[- ]([245][.][0-9]{1,3}[.][0-9]{1,3})(?=\\s|$)",
            Pattern.MULTILINE);

    /**
     * The enhanced status code (RFC 3463, as RFC 2034 puts it after the reply code) of a reply, "" when it has none.
     * A multi-line reply ("550-5.7.1 ...", "550-5.7.1 ...", "550 5.7.1 ...", as Gmail and Microsoft 365 send most
     * refusals) gives it on each line: the last line that gives one whose class matches the reply code counts.
     */
    static String enhanced(int code, String words) {
        if (words == null) return "";
        String found = "";
        Matcher m = ENHANCED.matcher(words);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == code && m.group(2).charAt(0) - '0' == code / 100) found = m.group(2);
        }
        return found;
    }

    /**
     * The end of data went out and its answer never came: the server may have delivered the message, so it is not
     * one to send again without the user's say. {@code sentence} says what happened to the link.
     */
    static SmtpFailure unconfirmed(String sentence, Throwable cause) {
        String s = sentence.replaceAll("(; try again later)?[.]?$", "");
        return new SmtpFailure(SmtpFailure.Kind.UNCONFIRMED, ExitCode.TEMPFAIL, s
                + ", after the whole message had gone out, so the server may have delivered it.", cause);
    }

    /** The SMTP reply in the chain (SMTPSendFailedException, SMTPSenderFailedException, SMTPAddressFailedException), or null. */
    static Reply reply(Throwable e) {
        for (Throwable t : chain(e)) {
            if (t instanceof SMTPSendFailedException s) return new Reply(s.getReturnCode(), s.getCommand(), words(s));
            if (t instanceof SMTPSenderFailedException s) return new Reply(s.getReturnCode(), s.getCommand(), words(s));
            if (t instanceof SMTPAddressFailedException s) return new Reply(s.getReturnCode(), s.getCommand(), words(s));
        }
        return null;
    }

    private static boolean isAddress(Throwable e) {
        for (Throwable t : chain(e)) if (t instanceof SMTPAddressFailedException) return true;
        return e instanceof jakarta.mail.SendFailedException sf && sf.getInvalidAddresses() != null
                && sf.getInvalidAddresses().length > 0;
    }

    private static String words(Exception e) {
        return e.getMessage() == null ? "" : e.getMessage().strip();
    }

    /** " at MAIL FROM", " at DATA", " at the end of its data", or "" for a command not named. */
    private static String at(String command) {
        if (command == null) return "";
        String c = command.strip().toUpperCase(java.util.Locale.ROOT);
        if (c.startsWith("MAIL")) return " at MAIL FROM";
        if (c.startsWith("RCPT")) return " at RCPT TO";
        if (c.equals("DATA")) return " at DATA";
        if (c.equals(".") || c.startsWith("BDAT")) return " at the end of its data";
        return "";
    }

    private static String said(String words) {
        return words == null || words.isBlank() ? "" : " (server said: " + oneLine(words) + ")";
    }

    private static String oneLine(String m) {
        String s = m.strip().replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static List<Throwable> chain(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable t = e; t != null && !out.contains(t); ) {
            out.add(t);
            Throwable next = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : t.getCause();
            t = next;
        }
        return out;
    }
}
