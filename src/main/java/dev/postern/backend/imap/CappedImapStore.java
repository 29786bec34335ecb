package dev.postern.backend.imap;

import dev.postern.backend.NoLoginMethod;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Angus's IMAP store whose connections are {@link CappedProtocol}s: no single answer of the server may grow past
 * the cap, so a hostile or broken server (a literal announcing gigabytes, a line that never ends) cannot fill the
 * heap. Every IMAP store postern makes is one of these.
 */
public class CappedImapStore extends IMAPStore {
    public CappedImapStore(Session session, URLName url) {
        this(session, url, "imap", false);
    }

    protected CappedImapStore(Session session, URLName url, String name, boolean ssl) {
        super(session, url, name, ssl);
    }

    @Override
    protected IMAPProtocol newIMAPProtocol(String host, int port) throws IOException, ProtocolException {
        return new CappedProtocol(name, host, port, session.getProperties(), isSSL, logger);
    }

    /**
     * Before a password login: a server that offers no way of logging in postern speaks (LOGINDISABLED and none of
     * PLAIN, LOGIN, NTLM) is refused here, in words that say what it offers ({@link NoLoginMethod}: Angus said "No login
     * methods supported!", told as the server's trouble for now). Nothing was sent.
     */
    @Override
    protected void preLogin(IMAPProtocol p) throws ProtocolException {
        NoLoginMethod none = NoLoginMethod.imap(p.getCapabilities(), p.isSSL());
        if (none != null) throw none;
        super.preLogin(p);
    }

    /** The same over implicit TLS ("imaps"). */
    public static final class Tls extends CappedImapStore {
        public Tls(Session session, URLName url) {
            super(session, url, "imaps", true);
        }
    }
}
