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
 * <li>no reply (the link closed, "[EOF]" in Angus's words), a line that is not an SMTP reply, or a reply whose lines
 * carry different codes ({@link ReplyFault}, at any step): 75, the message not sent, and when the end of data had gone
 * out it may have been delivered; a greeting of another protocol (IMAP, POP3, HTTP, SSH, TLS): 78, the wrong host or
 * port, and any other greeting that is no SMTP reply (cut short, damaged) 75;
 * <li>a refused greeting, EHLO or HELO: 4xx 75, 5xx 78 (the client is refused, not a message);
 * <li>a 5xx reply to STARTTLS: 78, as a refused STARTTLS/STLS of IMAP and POP3;
 * <li>a 4xx reply to the login (454 temporary authentication failure): 75, not a wrong password; a 5xx 78 in the server's
 * words (535 or 5.7.8: the user or password; 530, 534: what the server says, security when it asks for TLS); any other
 * reply to it is out of step ({@link ReplyFault.Kind#MISPLACED}): 75, never a refused login.
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
        String where = a.host() + ":" + a.port();
        String who = "account " + a.name() + ": ";
        if (t.fault() != null) return outOfShape(who, where, t.fault(), e);
        if (e instanceof NoLoginOffered n) return noLogin(a, who, where, n);
        PosternException client = clientRefused(who, where, t, e);
        if (client != null) return client;
        if (t.stage() == Submission.Stage.AUTH && a.oauth2() != null && t.authCode() >= 500) {
            // Angus's SASL login says only "failed to connect": the server's refusal is in its reply (and challenge).
            jakarta.mail.AuthenticationFailedException said = new jakarta.mail.AuthenticationFailedException(
                    oneLine(t.authWords()) + challenge(t.challenge()), e);
            return dev.postern.backend.ConnectionErrors.translate(a, said);
        }
        Reply r = reply(e);
        return classify(a, e, t.stage(), t.getLastReturnCode(), t.getLastServerResponse(), t.authCode(), t.authWords(),
                r != null ? r : beforeReset(t));
    }

    /**
     * The refusal of the message that Angus had read when the RSET it sends after one failed (hunt33-Z Z16): a server that
     * answers MAIL FROM with "421 4.4.0 Failed to connect to relay server" closes the link, and the RSET that follows
     * meets a reset link ("Broken pipe") before Angus makes the refusal its exception. The refusal is the news, as it is
     * when the RSET goes through; null when the session did not end so.
     */
    private static Reply beforeReset(Submission t) {
        if (!t.verb().equals("RSET") || t.refusalCode() < 400 || t.refusalWords() == null) return null;
        String v = t.refusedVerb();
        if (!(v.equals("MAIL") || v.equals("RCPT") || v.equals("DATA"))) return null;
        return new Reply(t.refusalCode(), t.stage() == Submission.Stage.END ? "." : v, t.refusalWords().strip());
    }

    /**
     * A reply out of RFC 5321's shape ({@link ReplyFault}), which nothing is read from: before the end of data the
     * message was not sent (75, it may go later); after it, the server may have delivered it. A greeting that is not
     * SMTP at all (a web server's "HTTP/1.1 400 Bad Request") is a wrong host or port (78).
     */
    private static PosternException outOfShape(String who, String where, ReplyFault f, Exception e) {
        boolean end = f.stage() == Submission.Stage.END;
        String at = atReply(f.command());
        String sent = " (it sent: " + oneLine(f.words()) + ")";
        switch (f.kind()) {
            case LOST -> {
                if (!end && f.beforeCode() >= 400 && isHello(f.command())) {
                    // "421 too busy" (or "554 not for you") to EHLO, then the link closed at HELO: the refusal is the news.
                    return clientRefusal(who, where, f.beforeCode(), f.before(), " at EHLO", e);
                }
                String s = "the connection to " + where + " was lost" + at
                        + (f.before() == null ? "" : " (the server had said: " + oneLine(f.before()) + ")");
                return end ? unconfirmed(who + s, e) : new LinkDropped(who + s + "; try again later.", e);
            }
            case NOT_SMTP -> {
                if (f.command().isEmpty() && otherProtocol(f.words())) {
                    return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " does not speak SMTP" + sent
                            + "; check host and port in the config.", e);
                }
                String s = "the server at " + where + " gave no SMTP answer" + at + sent;
                return end ? unconfirmed(who + s, e) : new LinkDropped(who + s + "; try again later.", e);
            }
            case MISPLACED -> {
                // Not the login's verdict: the replies are out of step (an EHLO line read as AUTH's answer, say).
                return new LinkDropped(who + "the server at " + where + " answered the login" + at + " with a reply that"
                        + " does not answer it" + sent + ", so postern and the server are out of step; the server is faulty:"
                        + " try again later or tell its administrator.", e);
            }
            default -> {
                String s = "the server at " + where + " sent a malformed reply" + at
                        + ", its lines carrying different reply codes" + sent;
                return end ? unconfirmed(who + s, e) : new LinkDropped(who + s
                        + "; the server is faulty: try again later or tell its administrator.", e);
            }
        }
    }

    /**
     * A greeting that is recognizably another protocol's (postern was sent to the wrong port): IMAP's "* OK", POP3's
     * "+OK", a web server's "HTTP/1.1 400", an SSH banner, an HTML page, the bytes of a TLS record (a port that wants
     * TLS from the start). Anything else that is no SMTP reply ("2", "22", a line cut short or damaged) is the
     * server's trouble, for now: the message waits in the outbox (hunt33-X X8).
     */
    private static final Pattern OTHER_PROTOCOL = Pattern.compile(
            "^(?:\\* (?:OK|PREAUTH|BYE)\\b|\\+OK\\b|-ERR\\b|HTTP/\\d|SSH-\\d|<(?:!DOCTYPE|html|\\?xml)|[\\x15\\x16]\\x03)",
            Pattern.CASE_INSENSITIVE);

    static boolean otherProtocol(String greeting) {
        return greeting != null && OTHER_PROTOCOL.matcher(greeting).find();
    }

    /**
     * No AUTH offered (postern sends nothing without logging in): 75 when the EHLO reply looks damaged (the server's
     * trouble, the message waits), else 78: the host, port or security is wrong (AUTH only after STARTTLS, say).
     */
    private static PosternException noLogin(AccountConfig a, String who, String where, NoLoginOffered n) {
        String sent = n.words().isEmpty() ? "" : " (it sent: " + oneLine(n.words()) + ")";
        if (n.damaged()) {
            return new LinkDropped(who + "the server at " + where + " offered no login (AUTH) in a reply to EHLO that looks"
                    + " damaged" + sent + ", so postern did not send without logging in; the server is faulty: try again later"
                    + " or tell its administrator.", n);
        }
        boolean tls = n.starttls() && a.security() == dev.postern.model.Security.PLAIN;
        return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " offers no login (AUTH)"
                + (n.verb().equals("HELO") ? ", as it does not take EHLO" : "") + sent + ", and postern does not send mail"
                + " without logging in; nothing was sent" + (tls
                        ? "; it offers STARTTLS: set security = \"starttls\" in [accounts." + dev.postern.model.Names.tomlKey(a.name()) + ".smtp]."
                        : "; check host and port in the config (mail is submitted on port 587 or 465)."), n);
    }

    /**
     * A 5xx that says the server wants a login first (530, RFC 4954's "authentication required", or a 5.7.0 that speaks
     * of authentication) to MAIL FROM, RCPT TO or DATA: the session's matter, never the address's or the message's.
     */
    private static PosternException loginRequired(AccountConfig a, String who, String where, Reply r, Exception e) {
        if (r.code() != 530 && !(enhanced(r.code(), r.words()).equals("5.7.0")
                && r.words().toLowerCase(java.util.Locale.ROOT).contains("auth"))) return null;
        boolean tls = r.words().toUpperCase(java.util.Locale.ROOT).contains("TLS");
        return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " refused the message" + at(r.command())
                + " because it requires a login" + said(r.words()) + "; nothing was sent (postern logs in as user '" + a.user()
                + "' wherever the server offers AUTH)" + (tls ? "; it wants the login over TLS: use security = \"starttls\" (or"
                        + " \"tls\") in the config." : "; check user and security in the config (a server that offers the login"
                        + " only after STARTTLS needs security = \"starttls\"), or ask the server's administrator."), e);
    }

    /**
     * A refusal of the greeting, EHLO or HELO (the client, not a message): 4xx the server is not taking mail now (75);
     * 5xx it will not serve this client (554 "no SMTP service here", 554 5.7.1 a blocked address: 78, as sending again
     * gets the same answer until something changes: most often the host or port is not the submission server's).
     * Null when the session did not end there.
     */
    private static PosternException clientRefused(String who, String where, Submission t, MessagingException e) {
        if (t.stage() != Submission.Stage.CONNECT || !(t.verb().isEmpty() || isHello(t.verb()))) return null;
        if (t.refusalCode() < 400 || t.refusalCode() != t.lastCode() || reply(e) != null) return null;
        return clientRefusal(who, where, t.refusalCode(), t.refusalWords(), atReply(t.verb()), e);
    }

    private static PosternException clientRefusal(String who, String where, int code, String words, String at, Exception e) {
        if (code < 500) {
            return new PosternException(ExitCode.TEMPFAIL, who + "the server at " + where + " is not taking mail now" + at
                    + said(words) + "; try again later.", e);
        }
        return new PosternException(ExitCode.CONFIG, who + "the server at " + where + " refused to serve postern" + at
                + said(words) + "; check host and port in the config (mail is submitted on port 587 or 465), or ask the"
                + " server's administrator.", e);
    }

    private static boolean isHello(String verb) {
        return verb.equals("EHLO") || verb.equals("HELO");
    }

    /** " in its greeting", " at EHLO", " at AUTH"..., else as {@link #at(String)}. */
    private static String atReply(String command) {
        if (command == null || command.isEmpty()) return " in its greeting";
        if (isHello(command) || command.equals("AUTH") || command.equals("STARTTLS")) return " at " + command;
        return at(command);
    }

    /** The JSON of an XOAUTH2 challenge ("334 eyJzdGF0dXMiOiI0MDEi..."), " " and it when printable, else "". */
    private static String challenge(String words) {
        if (words == null || !words.startsWith("334 ")) return "";
        try {
            String json = new String(java.util.Base64.getDecoder().decode(words.substring(4).strip()),
                    java.nio.charset.StandardCharsets.UTF_8).strip();
            return json.startsWith("{") && json.length() <= 500 && json.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                    ? " " + json : "";
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }

    private static PosternException classify(AccountConfig a, MessagingException e, Submission.Stage stage, int lastCode,
            String lastWords, int authCode, String authWords, Reply r) {
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
        if (stage == Submission.Stage.STARTTLS && lastCode >= 400 && lastCode <= 499) {
            // The server's "not now", in its words (hunt 42-H, H8: it was "talking to HOST failed (454 ...)").
            return new PosternException(ExitCode.TEMPFAIL, who + "the server at " + where + " could not start TLS for now"
                    + said(lastWords) + ", so no password was sent; try again later.", e);
        }
        if (r != null && r.valid()) {
            PosternException required = r.code() >= 500 ? loginRequired(a, who, where, r, e) : null;
            if (required != null) return required;
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
        if (code == 535 || enhanced(code, words).equals("5.7.8")) { // RFC 4954: authentication credentials invalid
            return new dev.postern.model.LoginRefused(who + "the server at " + where + " rejected " + user + " or its password"
                    + said(words) + "; check user and the password source in the config.", e);
        }
        boolean tls = words != null && words.toUpperCase(java.util.Locale.ROOT).contains("TLS");
        return new dev.postern.model.LoginRefused(who + "the server at " + where + " refused the login of " + user
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
     * one to send again without the user's say (exit 69, which no job runner retries as it retries 75). {@code sentence} says what happened to the link.
     */
    static SmtpFailure unconfirmed(String sentence, Throwable cause) {
        // Its advice ("; try again later or raise timeout_seconds") is for a message not sent: this one is not sent again.
        String s = sentence.replaceAll("; try again later[^;]*$", "").replaceAll("[.]$", "");
        // 69, not 75: "try again" had a script send it twice (hunt 36-K, K1; as a served send's client whose owner was lost).
        return new SmtpFailure(SmtpFailure.Kind.UNCONFIRMED, ExitCode.UNAVAILABLE, s
                + "; the whole message had gone out, so the server may have delivered it.", cause);
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
