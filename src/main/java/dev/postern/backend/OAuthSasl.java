package dev.postern.backend;

import dev.postern.config.AccountConfig;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;

/**
 * SASL OAUTHBEARER (RFC 7628) and XOAUTH2 (Google's and Microsoft's) for Angus Mail: a security provider whose
 * clients build the one initial response each mechanism has, from the user name and the access token Angus hands
 * them as the "password". OAUTHBEARER is preferred where the server offers both; Angus drops the mechanisms the
 * server does not advertise. The token lives only in the response bytes, which are wiped once sent; toString and
 * exceptions never hold it, and Angus suppresses its protocol trace while authenticating.
 *
 * <p>Angus 2.0.5 speaks XOAUTH2 itself (IMAP, POP3, SMTP) but not OAUTHBEARER, and its POP3 store has no SASL at
 * all: over POP3 postern signs in itself ({@link dev.postern.backend.pop3.Pop3OAuth}), with the same two
 * mechanisms in the same order.
 */
public final class OAuthSasl {
    private OAuthSasl() {}

    public static final String OAUTHBEARER = "OAUTHBEARER";
    public static final String XOAUTH2 = "XOAUTH2";
    /** The text of the refusal raised before anything is sent when a server offers neither mechanism. */
    public static final String NO_MECHANISM = "postern: the server offers neither OAUTHBEARER nor XOAUTH2";

    private static boolean installed;

    /** Puts the provider first, so its XOAUTH2 is used rather than Angus's SASL one. */
    public static synchronized void install() {
        if (installed) return;
        Security.insertProviderAt(new SaslProvider(), 1);
        installed = true;
    }

    /** The Angus properties that make {@code protocol}'s session log in with a token instead of a password. */
    public static void configure(Properties props, AccountConfig a, String protocol) {
        if (a.oauth2() == null) return;
        install();
        String p = "mail." + protocol + ".";
        props.put(p + "sasl.enable", "true");
        props.put(p + "sasl.mechanisms", OAUTHBEARER + " " + XOAUTH2);
        // Angus's own mechanisms, when its SASL path has nothing to offer: XOAUTH2 and nothing else, so no token
        // is ever sent as a plain password.
        props.put(p + "auth.mechanisms", XOAUTH2);
        props.put(p + "auth.login.disable", "true");
        props.put(p + "auth.plain.disable", "true");
        props.put(p + "sasl.authorizationid", a.user());
    }

    /** One login: connect with the password (here: the access token) the supplier gives now. */
    public interface Login {
        void connect(String password) throws jakarta.mail.MessagingException;
    }

    /**
     * Logs in; when the server refuses an OAuth2 account's access token (revoked or cut short before its expiry,
     * a clock running wrong), renews it with the refresh token and tries once more. A server without a token
     * mechanism, or a password account, gets one try as before.
     */
    public static void login(AccountConfig a, java.util.function.Supplier<String> password, Login login)
            throws jakarta.mail.MessagingException {
        try {
            login.connect(password.get());
        } catch (jakarta.mail.AuthenticationFailedException e) {
            String m = String.valueOf(e.getMessage());
            if (a.oauth2() == null || m.contains(NO_MECHANISM) || m.contains("No authentication mechanisms supported")) {
                throw e;
            }
            dev.postern.config.PasswordResolver.renew(a);
            login.connect(password.get());
        }
    }

    /**
     * The client's first message for {@code mechanism} (RFC 7628's OAUTHBEARER gs2 header and kvpairs, or Google's
     * XOAUTH2 form), with {@code token} wiped once it is in the bytes. Shared by the SASL client IMAP and SMTP use
     * and by POP3's own exchange (pop3/Pop3OAuth).
     */
    public static byte[] initialResponse(String mechanism, String user, char[] token) {
        StringBuilder b = new StringBuilder();
        if (mechanism.equals(OAUTHBEARER)) {
            b.append("n,a=").append(user.replace("=", "=3D").replace(",", "=2C")).append(",\u0001");
        } else {
            b.append("user=").append(user).append('\u0001');
        }
        b.append("auth=Bearer ").append(token).append("\u0001\u0001");
        Arrays.fill(token, '\0');
        byte[] out = b.toString().getBytes(StandardCharsets.UTF_8);
        b.setLength(0);
        return out;
    }

    static final class SaslProvider extends Provider {
        SaslProvider() {
            super("postern-oauth", "1.0", "SASL OAUTHBEARER and XOAUTH2 client");
            put("SaslClientFactory." + OAUTHBEARER, Factory.class.getName());
            put("SaslClientFactory." + XOAUTH2, Factory.class.getName());
        }
    }

    public static final class Factory implements SaslClientFactory {
        public Factory() {}

        @Override
        public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol, String serverName,
                Map<String, ?> props, CallbackHandler cbh) throws SaslException {
            for (String m : mechanisms) {
                if (m.equals(OAUTHBEARER) || m.equals(XOAUTH2)) return new Client(m, authorizationId, cbh);
            }
            return null;
        }

        @Override
        public String[] getMechanismNames(Map<String, ?> props) {
            return new String[] {OAUTHBEARER, XOAUTH2};
        }
    }

    /** One exchange: the initial response, then (after a failure challenge) the empty answer each spec asks for. */
    static final class Client implements SaslClient {
        private final String mechanism;
        private final String authzid;
        private final CallbackHandler cbh;
        private boolean sent;
        private boolean complete;

        Client(String mechanism, String authzid, CallbackHandler cbh) {
            this.mechanism = mechanism;
            this.authzid = authzid;
            this.cbh = cbh;
        }

        @Override public String getMechanismName() { return mechanism; }

        @Override public boolean hasInitialResponse() { return true; }

        @Override
        public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
            if (!sent) {
                sent = true;
                return initialResponse();
            }
            // A challenge after the response is the server's error report (JSON); the client ends the exchange:
            // RFC 7628 3.2.3 with a single ^A, XOAUTH2 with an empty response. The server then says NO.
            complete = true;
            return mechanism.equals(OAUTHBEARER) ? new byte[] {1} : new byte[0];
        }

        private byte[] initialResponse() throws SaslException {
            NameCallback name = new NameCallback("user");
            PasswordCallback token = new PasswordCallback("token", false);
            try {
                cbh.handle(new Callback[] {name, token});
            } catch (Exception e) {
                throw new SaslException("no user name or token for " + mechanism);
            }
            char[] t = token.getPassword();
            token.clearPassword();
            String user = authzid != null ? authzid : name.getName();
            if (t == null || t.length == 0 || user == null) throw new SaslException("no user name or token for " + mechanism);
            return OAuthSasl.initialResponse(mechanism, user, t);
        }

        @Override public boolean isComplete() { return complete; }

        @Override public byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
            throw new SaslException(mechanism + " has no security layer");
        }

        @Override public byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
            throw new SaslException(mechanism + " has no security layer");
        }

        @Override public Object getNegotiatedProperty(String propName) { return null; }

        @Override public void dispose() {}

        @Override public String toString() { return "OAuthSasl.Client[" + mechanism + "]"; }
    }
}
