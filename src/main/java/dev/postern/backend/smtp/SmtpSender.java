package dev.postern.backend.smtp;

import dev.postern.backend.ConnectionErrors;
import dev.postern.backend.SessionProperties;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits finished messages over SMTP: one connection per call, the same security rules as reading
 * (TLS verified, STARTTLS required when asked for, plain text only where the config allows it) and
 * time-outs on every socket. The bytes go out as they are; the envelope recipients are given separately,
 * which is how Bcc recipients get the message without a Bcc header in it.
 */
public final class SmtpSender {
    private static final Logger log = LoggerFactory.getLogger(SmtpSender.class);
    /** Angus's own log lines (java.util.logging) go to postern's log, never to the terminal. */
    private static final java.util.logging.Logger ANGUS_LOG = AngusLogging.toLogFile();

    private final AccountConfig account; // the account as the submission server sees it (SmtpConfig.asAccount)
    private final Supplier<String> password;

    public SmtpSender(AccountConfig smtpAccount, Supplier<String> password) {
        this.account = smtpAccount;
        this.password = password;
    }

    /** The account whose name, host and port failures are reported with. */
    public AccountConfig account() { return account; }

    static Properties properties(AccountConfig a, String envelopeFrom) {
        return properties(a, envelopeFrom, new dev.postern.backend.link.Links());
    }

    /** As {@link #properties(AccountConfig, String)}, the connection kept in {@code links}, to be cut with them. */
    static Properties properties(AccountConfig a, String envelopeFrom, dev.postern.backend.link.Links links) {
        String proto = SessionProperties.protocol(a, "smtp");
        Properties props = SessionProperties.common(a, proto, links);
        String p = "mail." + proto + ".";
        props.put(p + "auth", "true");
        if (envelopeFrom != null) props.put(p + "from", envelopeFrom);
        // A refused recipient must fail the whole send: a message half-delivered is hard to explain.
        props.put(p + "sendpartial", "false");
        // Angus reads QUIT's reply, and on a reply that is not a number it closes again, which sends QUIT again: a
        // server answering QUIT with anything else sent it into itself until the stack overflowed, after the
        // message had been accepted. QUIT is sent all the same; its reply changes nothing.
        props.put(p + "quitwait", "false");
        dev.postern.backend.OAuthSasl.configure(props, a, proto);
        return props;
    }

    /**
     * Sends {@code raw} to {@code recipients} with {@code envelopeFrom} as the return path.
     *
     * @throws PosternException 78 for a rejected login or untrusted certificate, 69 when the server cannot
     *                          be reached, 75 on a time-out or lost connection, 65 for a refused address
     */
    public void send(byte[] raw, String envelopeFrom, List<String> recipients) {
        send(raw, envelopeFrom, recipients, () -> { });
    }

    /**
     * As {@link #send(byte[], String, List)}; {@code beforeEndOfData} runs just before the end of data goes out (after
     * it the server may hold the message whatever happens to postern): the outbox marks a queued message there, so a
     * postern killed before the answer never sends it again by itself. What it throws ends the send undelivered.
     */
    public void send(byte[] raw, String envelopeFrom, List<String> recipients, Runnable beforeEndOfData) {
        send(raw, envelopeFrom, recipients, beforeEndOfData, new dev.postern.backend.link.Links());
    }

    /**
     * As {@link #send(byte[], String, List, Runnable)}, its connection made through {@code links}: cutting them (from
     * another thread: a cancel, the process ending) ends the send at once as a lost link, whatever it waits for, and
     * before the connection is made it is never made. The failure then says where the send was, as for any lost link:
     * before the end of data nothing was delivered; after it, {@link SmtpFailure.Kind#UNCONFIRMED}.
     */
    public void send(byte[] raw, String envelopeFrom, List<String> recipients, Runnable beforeEndOfData,
            dev.postern.backend.link.Links links) {
        send(raw, envelopeFrom, recipients, beforeEndOfData, links, false);
    }

    /**
     * As {@link #send(byte[], String, List, Runnable, dev.postern.backend.link.Links)}; {@code asIs}: the message must go
     * unchanged (a bounce), so 8-bit data in it is refused by a server without 8BITMIME rather than re-encoded.
     * Addresses go with their domains as A-labels ({@link MailPath}); one whose local part is not ASCII only to a server
     * offering SMTPUTF8 (then with SMTPUTF8 and in UTF-8, RFC 6531), else 65 before anything is sent. 8-bit data goes
     * with BODY=8BITMIME to a server offering it, else made 7-bit or refused ({@link EightBit}).
     */
    public void send(byte[] raw, String envelopeFrom, List<String> recipients, Runnable beforeEndOfData,
            dev.postern.backend.link.Links links, boolean asIs) {
        if (recipients.isEmpty()) {
            throw new PosternException(ExitCode.USAGE, "the message has no recipients; give To, Cc or Bcc.");
        }
        Address[] to = addresses(recipients);
        String from = envelopeFrom == null ? null : path(envelopeFrom);
        String unicode = from != null && MailPath.needsUtf8(from) ? from : null;
        for (Address a : to) if (unicode == null && MailPath.needsUtf8(((InternetAddress) a).getAddress())) unicode = ((InternetAddress) a).getAddress();
        String proto = SessionProperties.protocol(account, "smtp");
        Properties props = properties(account, from, links);
        // UTF-8 commands (and SMTPUTF8 where offered) for an address or a header in Unicode; never Latin-1 bytes.
        boolean utf8 = unicode != null || EightBit.utf8Header(raw);
        if (utf8) props.put("mail.mime.allowutf8", "true");
        Session session = Session.getInstance(props);
        Submission t = new Submission(session, proto);
        t.beforeEndOfData(beforeEndOfData);
        try {
            dev.postern.backend.OAuthSasl.login(account, password,
                    pw -> t.connect(account.host(), account.port(), account.user(), pw));
            t.requireLogin();
            if (unicode != null && !t.supportsExtension("SMTPUTF8")) {
                throw new SmtpFailure(SmtpFailure.Kind.REFUSED, ExitCode.DATAERR, "account " + account.name() + ": the server at "
                        + account.host() + ":" + account.port() + " does not offer SMTPUTF8, which the address " + unicode
                        + " needs (its part before the @ is not ASCII), so nothing was sent; write to an ASCII address of"
                        + " that person, or send through a server that offers SMTPUTF8.", null);
            }
            Outbound msg = new Outbound(session, raw);
            if (EightBit.has(raw)) {
                if (t.supportsExtension("8BITMIME")) {
                    msg.setMailExtension("BODY=8BITMIME");
                } else if (!(utf8 && t.supportsExtension("SMTPUTF8"))) { // SMTPUTF8 carries 8-bit data (RFC 6531 3.1)
                    msg = new Outbound(session, sevenBit(raw, asIs));
                }
            }
            t.sendMessage(msg, to);
            log.info("account {}: sent {} bytes to {} recipient(s) via {}:{}", account.name(), raw.length, to.length,
                    account.host(), account.port());
        } catch (MessagingException | RuntimeException e) {
            RuntimeException own = Submission.BeforeEndFailed.in(e);
            if (own != null) throw own;
            throw failure(e, t);
        } finally {
            closeQuietly(t);
        }
    }

    /** The failure in one sentence, read before the session is closed (the last reply is the transport's). */
    private PosternException failure(Exception e, Submission t) {
        if (e instanceof PosternException p) return p;
        if (e instanceof MessagingException m) {
            PosternException s = SmtpReplies.classify(account, m, t);
            if (s != null) return s;
            if (m instanceof SendFailedException sf) return refused(sf, t.stage());
        }
        PosternException p = named(ConnectionErrors.translate(account, e));
        // A time-out or a cut link after the end of data: the message may be delivered.
        if (t.stage() == Submission.Stage.END && p.temporary()) return SmtpReplies.unconfirmed(p.getMessage(), e);
        return p;
    }

    /** The setting of an untrusted certificate named where it goes: the SMTP table's own, not the account's (hunt33-Z Z5). */
    PosternException named(PosternException p) {
        String advice = "set tls_trust_cert to that file";
        if (p.getMessage() == null || !p.getMessage().contains(advice)) return p;
        return new PosternException(p.exitCode(), p.getMessage().replace(advice, "set tls_trust_cert in [accounts."
                + account.name() + ".smtp] to that file (the account's own is used only where the host is the same)"), p.getCause());
    }

    private PosternException refused(SendFailedException e, Submission.Stage stage) {
        Address[] bad = e.getInvalidAddresses();
        if (bad == null || bad.length == 0) {
            // Not about an address: a connection or server failure dressed as a send failure.
            Exception next = e.getNextException();
            PosternException p = ConnectionErrors.translate(account, next instanceof MessagingException ? next : e);
            return stage == Submission.Stage.END && p.temporary() ? SmtpReplies.unconfirmed(p.getMessage(), e) : p;
        }
        List<String> names = new ArrayList<>();
        for (Address a : bad) names.add(a.toString());
        return new SmtpFailure(SmtpFailure.Kind.REFUSED, ExitCode.DATAERR, "account " + account.name() + ": the server at " + account.host()
                + ":" + account.port() + " refused " + String.join(", ", names)
                + ", so nothing was sent; check the address" + said(e) + ".", e);
    }

    private static String said(Exception e) {
        String m = ConnectionErrors.serverWords(e);
        return m == null ? "" : " (server said: " + m + ")";
    }

    /** The message made 7-bit for a server without 8BITMIME, or 65 saying why it cannot be. */
    private byte[] sevenBit(byte[] raw, boolean asIs) {
        try {
            byte[] seven = EightBit.sevenBit(raw, asIs);
            log.info("account {}: {}:{} offers no 8BITMIME: the message's 8-bit parts go re-encoded as 7-bit", account.name(),
                    account.host(), account.port());
            return seven;
        } catch (EightBit.Refused r) {
            throw new SmtpFailure(SmtpFailure.Kind.REFUSED, ExitCode.DATAERR, "account " + account.name() + ": the server at "
                    + account.host() + ":" + account.port() + " does not offer 8BITMIME and " + r.getMessage()
                    + ", so nothing was sent; send it through a server that offers 8BITMIME.", null);
        }
    }

    /** The envelope form of {@code address}: its domain an A-label; 65 when it is no domain name. */
    private static String path(String address) {
        try {
            return MailPath.ascii(address);
        } catch (IllegalArgumentException e) {
            throw new PosternException(ExitCode.DATAERR, "'" + address + "' is not a mail address (its domain is not a valid"
                    + " domain name); nothing was sent.", e);
        }
    }

    /** The message's bytes as they are to go (no parsing and writing again), with its MAIL FROM extension. */
    private static final class Outbound extends org.eclipse.angus.mail.smtp.SMTPMessage {
        private final byte[] bytes;

        Outbound(Session session, byte[] bytes) {
            super(session);
            this.bytes = bytes;
        }

        /** The header's From (MAIL FROM when the envelope names none). */
        @Override
        public Address[] getFrom() throws MessagingException {
            return new MimeMessage(session, new ByteArrayInputStream(bytes)).getFrom();
        }

        @Override
        public void writeTo(java.io.OutputStream os, String[] ignoreList) throws java.io.IOException {
            os.write(bytes);
        }
    }

    private static Address[] addresses(List<String> recipients) {
        Address[] out = new Address[recipients.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = new InternetAddress(path(recipients.get(i)), true);
            } catch (AddressException e) {
                throw new PosternException(ExitCode.DATAERR, "'" + recipients.get(i)
                        + "' is not a mail address; nothing was sent.", e);
            }
        }
        return out;
    }


    /**
     * Ends the session. Once the message is accepted (250 to its end of data) it is sent whatever QUIT meets, and a
     * failure here must not make it look unsent (queued, and so sent twice); before that, the send's own failure
     * is the one to report.
     */
    private void closeQuietly(Submission t) {
        try {
            t.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("account {}: closing the SMTP session", account.name(), e);
        }
    }
}
