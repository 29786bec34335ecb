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
        if (recipients.isEmpty()) {
            throw new PosternException(ExitCode.USAGE, "the message has no recipients; give To, Cc or Bcc.");
        }
        Address[] to = addresses(recipients);
        String proto = SessionProperties.protocol(account, "smtp");
        Session session = Session.getInstance(properties(account, envelopeFrom, links));
        Submission t = new Submission(session, proto);
        t.beforeEndOfData(beforeEndOfData);
        try {
            MimeMessage msg = new MimeMessage(session, new ByteArrayInputStream(raw));
            dev.postern.backend.OAuthSasl.login(account, password,
                    pw -> t.connect(account.host(), account.port(), account.user(), pw));
            t.requireLogin();
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

    private static Address[] addresses(List<String> recipients) {
        Address[] out = new Address[recipients.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = new InternetAddress(recipients.get(i), true);
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
