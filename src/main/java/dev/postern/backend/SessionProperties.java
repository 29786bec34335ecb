package dev.postern.backend;

import dev.postern.backend.link.AnswerCaps;
import dev.postern.backend.link.DeadlineSockets;
import dev.postern.backend.link.LinkLimits;
import dev.postern.backend.link.Links;
import dev.postern.config.AccountConfig;
import dev.postern.model.Security;
import java.util.Properties;
import java.util.Set;

/**
 * The Jakarta Mail properties every protocol's session shares: connect and read time-outs on every socket
 * (Angus's default is to wait forever), and beyond them a deadline for every answer and every write (our
 * {@link dev.postern.backend.link.DeadlineSocket} under plain text and TLS alike); certificate host-name
 * checking, STARTTLS as a requirement rather than a wish, and a pinned certificate when the account names one.
 */
public final class SessionProperties {
    private SessionProperties() {}

    /** The longest line a POP3 or SMTP answer may have: RFC 1939 and 5321 allow 512 octets, this allows slack. */
    public static final int MAX_LINE_BYTES = 64 << 10;
    /** The largest message POP3 will take (RETR or TOP); the store has no limit of its own, this one bounds memory. */
    public static final long MAX_MESSAGE_BYTES = 256L << 20;
    /** The POP3 answer cap in force; tests lower it to keep their memory small. */
    static volatile long pop3MessageCap = MAX_MESSAGE_BYTES;

    /**
     * The largest message (by its LIST size) a fetch asks for with RETR: the answer's cap less a sixteenth for
     * dot-stuffing. A larger one asked for would end the connection at the cap, the server blamed, at every fetch;
     * it is stored header-only instead.
     */
    public static long largestPop3Message() {
        long cap = pop3MessageCap;
        return cap - cap / 16;
    }

    /** What one SMTP reply may carry in all (replies are a few lines; 100,000 short ones still fit). */
    public static final long MAX_SMTP_REPLY_BYTES = 1L << 20;

    /**
     * The caps on one answer of {@code protocol}: POP3 lines short except in a message (RETR, TOP), and an answer no
     * larger than the largest message; SMTP lines short and a reply small. IMAP's reader bounds itself.
     */
    static AnswerCaps caps(String protocol) {
        if (protocol.startsWith("pop3")) {
            return new AnswerCaps(MAX_LINE_BYTES, pop3MessageCap, Set.of("RETR", "TOP"));
        }
        if (protocol.startsWith("smtp")) return new AnswerCaps(MAX_LINE_BYTES, MAX_SMTP_REPLY_BYTES, Set.of());
        return AnswerCaps.NONE;
    }

    /** Angus's store protocol name for the account: "imaps"/"imap", "pop3s"/"pop3". */
    public static String protocol(AccountConfig a, String plain) {
        return a.security() == Security.TLS ? plain + "s" : plain;
    }

    /** Properties for {@code protocol} (as {@link #protocol} names it), to which a session adds its own. */
    public static Properties common(AccountConfig a, String protocol) {
        return common(a, protocol, new Links());
    }

    /**
     * As {@link #common(AccountConfig, String)}, every connection its socket factories make also kept in {@code links},
     * to be cut with them ({@link MailSession#abort}).
     */
    public static Properties common(AccountConfig a, String protocol, Links links) {
        MailStreams.pin();
        String p = "mail." + protocol + ".";
        String ms = Long.toString(a.timeout().toMillis());
        LinkLimits limits = LinkLimits.of(a.timeout()).capped(caps(protocol));
        Properties props = new Properties();
        props.put(Links.PROPERTY, links); // for the protocol's answer reader to count what comes (a download's progress)
        props.put(p + "connectiontimeout", ms);
        props.put(p + "timeout", ms);
        // No Angus "writetimeout": its own socket wrapper would sit between TLS and ours; ours times writes.
        props.put(p + "socketFactory", DeadlineSockets.plain(limits, links));
        // A factory that fails must fail the connection: Angus's fallback would connect again without it, with
        // no deadlines, and for TLS with the JDK's default trust instead of the account's pinned certificate.
        props.put(p + "socketFactory.fallback", "false");
        props.put(p + "ssl.checkserveridentity", "true");
        if (a.security() == Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (a.security() != Security.PLAIN) {
            props.put(p + "ssl.socketFactory", DeadlineSockets.tls(a.trustCert() != null
                    ? TlsTrust.trustingOnly(a.name(), a.trustCert()) : TlsTrust.systemTrust(), limits, links));
        }
        return props;
    }
}
