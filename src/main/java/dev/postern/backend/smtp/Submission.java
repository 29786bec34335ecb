package dev.postern.backend.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus's SMTP transport (or its TLS-from-the-start form) that remembers how far a send got, so a failure is told by
 * the command it met: a refused STARTTLS is a configuration matter, and once the end of data went out a message
 * whose answer never came may have been delivered.
 */
final class Submission extends SMTPTransport {
    enum Stage { CONNECT, STARTTLS, AUTH, MAIL, RCPT, DATA, BODY, END }

    private volatile Stage stage = Stage.CONNECT;
    /** Run just before the end of data goes out: from then on the message may be delivered. */
    private volatile Runnable beforeEnd = () -> { };

    Submission(Session session, String protocol) {
        super(session, new URLName(protocol, null, -1, null, null, null), protocol, "smtps".equals(protocol));
    }

    Stage stage() {
        return stage;
    }

    /** The first refusal (4xx, 5xx) the login met, its code and words: 0 and null while there is none. */
    private volatile int authCode;
    private volatile String authWords;

    int authCode() {
        return authCode;
    }

    String authWords() {
        return authWords;
    }

    /** The verb of the last command sent ("" before any: the greeting), never its arguments (AUTH's carry secrets). */
    private volatile String verb = "";
    /** The last reply read, well formed; its code and words also as a refusal when it was one (4xx, 5xx). */
    private volatile int lastCode;
    private volatile int refusalCode;
    private volatile String refusalWords;
    /** The verb the last refusal answered ("" for the greeting). */
    private volatile String refusedVerb = "";
    /** The reply out of shape that ended the session, or null: Angus may swallow what is thrown (its SASL login). */
    private volatile ReplyFault fault;
    /** The last challenge (334) of the login, the server's words about a refused token (XOAUTH2 sends JSON there). */
    private volatile String challenge;

    String verb() {
        return verb;
    }

    /** The last EHLO or HELO sent ("" before one) and the reply it got: what the server offered. */
    private volatile String helloVerb = "";
    private volatile String helloWords;

    /**
     * After the connect: fails with {@link NoLoginOffered} when the server offered no login (no AUTH to EHLO), where Angus
     * would have gone on and sent the message unauthenticated. Run before MAIL FROM, with the session open (closing
     * it is the caller's), so nothing of the message goes out.
     */
    void requireLogin() throws MessagingException {
        if (supportsExtension("AUTH") || supportsExtension("AUTH=LOGIN")) return;
        NoLoginOffered none = new NoLoginOffered(helloVerb, helloWords, supportsExtension("STARTTLS"));
        // A relay that takes mail without a login (a local MTA on loopback, a LAN relay, a test server) offers none and is
        // sent to as before, also when it offers STARTTLS (Debian's default Postfix on port 25: hunt 33-R, R3); one that
        // wants a login answers MAIL or RCPT with 530, said as "requires a login". Only a reply that looks damaged stops it.
        if (none.damaged()) throw none;
    }

    /** 421 to EHLO closes the channel (RFC 5321 3.8): not a reply to try HELO after, as Angus does. */
    @Override
    protected boolean ehlo(String domain) throws MessagingException {
        boolean ok = super.ehlo(domain);
        if (!ok && getLastReturnCode() == 421) {
            throw new MessagingException("421 to EHLO: " + getLastServerResponse());
        }
        return ok;
    }

    int lastCode() {
        return lastCode;
    }

    int refusalCode() {
        return refusalCode;
    }

    String refusalWords() {
        return refusalWords;
    }

    String refusedVerb() {
        return refusedVerb;
    }

    ReplyFault fault() {
        return fault;
    }

    String challenge() {
        return challenge;
    }

    /** A new session (the OAuth2 login's second try after a renewed token): nothing of the first one's replies holds. */
    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        stage = Stage.CONNECT;
        verb = "";
        helloVerb = "";
        helloWords = null;
        fault = null;
        lastCode = 0;
        refusalCode = 0;
        refusalWords = null;
        return super.protocolConnect(host, port, user, password);
    }

    @Override
    protected void sendCommand(String cmd) throws MessagingException {
        if (cmd.regionMatches(true, 0, "AUTH ", 0, 5)) stage = Stage.AUTH;
        verb = cmd.strip().split("[ :]", 2)[0].toUpperCase(java.util.Locale.ROOT);
        super.sendCommand(cmd);
    }

    /**
     * Angus's reading of a reply, refused when it is out of shape (no reply, not a reply, lines with different codes):
     * Angus takes the first line's code, so "250-ok / 550-... / 451 hmm" to the end of data was a message sent. The
     * replies to RSET and NOOP, which postern never acts on, are left as Angus reads them.
     */
    @Override
    protected int readServerResponse() throws MessagingException {
        String asked = verb; // Angus sends QUIT itself on a reply that is not a number
        int code = super.readServerResponse();
        String words = getLastServerResponse();
        if (!asked.equals("RSET") && !asked.equals("NOOP") && !asked.equals("QUIT")) {
            ReplyFault f = ReplyFault.of(code, words, stage, asked, refusalCode, refusalWords);
            // The login's own replies (not those of the STARTTLS and EHLO Angus may put inside it): a 250 there is no
            // "logged in", and no refusal either.
            if (f == null && stage == Stage.AUTH && !asked.equals("STARTTLS") && !isHello(asked)) {
                f = ReplyFault.atLogin(code, words, asked, refusalCode, refusalWords);
            }
            if (f != null) {
                fault = f;
                throw f;
            }
        }
        lastCode = code;
        refusalCode = code >= 400 ? code : 0;
        refusalWords = code >= 400 ? words : null;
        refusedVerb = code >= 400 ? asked : "";
        if (stage == Stage.AUTH && code == 334) challenge = words;
        if (isHello(asked)) {
            helloVerb = asked;
            helloWords = words;
        }
        if (stage == Stage.AUTH && authCode == 0 && code >= 400) {
            authCode = code;
            authWords = words;
        }
        return code;
    }

    private static boolean isHello(String verb) {
        return verb.equals("EHLO") || verb.equals("HELO");
    }

    void beforeEndOfData(Runnable r) {
        beforeEnd = r;
    }

    /** What the caller's own step before the end of data threw: postern's failure, never the server's or the link's. */
    static final class BeforeEndFailed extends RuntimeException {
        BeforeEndFailed(RuntimeException cause) {
            super(cause);
        }

        /** The caller's exception, if {@code e}'s chain holds one. */
        static RuntimeException in(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BeforeEndFailed b) return (RuntimeException) b.getCause();
            }
            return null;
        }
    }

    @Override
    protected void startTLS() throws MessagingException {
        // Angus answers a 530 to AUTH with a STARTTLS of its own: its failure is the login's, told by the 530.
        if (stage == Stage.AUTH) {
            super.startTLS();
            return;
        }
        stage = Stage.STARTTLS;
        super.startTLS();
        stage = Stage.CONNECT;
    }

    @Override
    protected void mailFrom() throws MessagingException {
        stage = Stage.MAIL;
        super.mailFrom();
    }

    @Override
    protected void rcptTo() throws MessagingException {
        stage = Stage.RCPT;
        super.rcptTo();
    }

    @Override
    protected OutputStream data() throws MessagingException {
        stage = Stage.DATA;
        OutputStream out = super.data();
        stage = Stage.BODY;
        return out;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        // From here the server may hold the whole message: a failure can no longer say it was not delivered. What runs
        // first may keep a record of that (a failure of it sends nothing: the end of data has not gone out).
        try {
            beforeEnd.run();
        } catch (RuntimeException e) {
            throw new BeforeEndFailed(e);
        }
        stage = Stage.END;
        super.finishData();
    }
}
