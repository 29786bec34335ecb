package dev.postern.backend.imap;

import dev.postern.backend.OAuthSasl;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Angus's IMAP store for accounts that log in with an OAuth2 token. Angus falls back to the plain LOGIN command
 * when no AUTHENTICATE mechanism it knows is offered, which would send the token as a password; this store checks,
 * after TLS is up and before anything is sent, that the server offers OAUTHBEARER or XOAUTH2, and refuses
 * otherwise. Its answers are capped as every IMAP store's ({@link CappedImapStore}).
 */
public class OAuthImapStore extends CappedImapStore {
    public OAuthImapStore(Session session, URLName url) {
        this(session, url, "imap", false);
    }

    protected OAuthImapStore(Session session, URLName url, String name, boolean ssl) {
        super(session, url, name, ssl);
    }

    @Override
    protected void preLogin(IMAPProtocol p) throws ProtocolException {
        if (!p.hasCapability("AUTH=" + OAuthSasl.OAUTHBEARER) && !p.hasCapability("AUTH=" + OAuthSasl.XOAUTH2)) {
            throw new ProtocolException(OAuthSasl.NO_MECHANISM);
        }
        // Not CappedImapStore's check for a password login: a token is sent by SASL, whatever LOGINDISABLED says.
    }

    /** The same over implicit TLS ("imaps"). */
    public static final class Tls extends OAuthImapStore {
        public Tls(Session session, URLName url) {
            super(session, url, "imaps", true);
        }
    }
}
