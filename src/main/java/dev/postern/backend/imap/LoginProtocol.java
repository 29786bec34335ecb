package dev.postern.backend.imap;

import dev.postern.backend.link.ServerFaultException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.util.MailLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Angus's IMAP connection with postern's changes to how a connection starts, up to its first SELECT: the greeting
 * checked, a refused STARTTLS or COMPRESS told as such, the login in one round trip where the server offers SASL-IR,
 * ID for the servers that want it, and no ENABLE CONDSTORE ahead of the SELECT that enables it. {@link CappedProtocol}
 * (the guards over every answer) extends it; Angus makes that one ({@link CappedImapStore}).
 */
class LoginProtocol extends IMAPProtocol {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    /** A Coremail server (NetEase's and others) names itself in its greeting ({@link ClientId}); set in super(). */
    private boolean wantsId;

    /** The login went through {@link #authplain}'s one round trip; Angus's own flag is private to it. */
    private volatile boolean loggedInHere;

    LoginProtocol(String name, String host, int port, Properties props, boolean isSSL, MailLogger logger)
            throws IOException, ProtocolException {
        super(name, host, port, props, isSSL, logger);
    }

    /**
     * A greeting that is not an untagged answer at all (a NUL before {@code * OK}, bytes of no protocol) is the
     * server's garbage (75): Angus quoted it as a refusal, and a capability list in it made its "STARTTLS" read as a
     * configuration verdict (78, hunt 33 X15). Another protocol's greeting (HTTP, POP3, SSH) is left to the words that
     * name a wrong port.
     */
    @Override
    protected void processGreeting(Response r) throws ProtocolException {
        String said = r.toString();
        if (!r.isUnTagged() && dev.postern.backend.LoginRefusals.otherProtocol(said, "IMAP") == null) {
            disconnect();
            throw new ProtocolException(ServerFaultException.FAULT + "greeted with a line that is not an IMAP greeting");
        }
        wantsId = ClientId.wantedByGreeting(said);
        super.processGreeting(r);
    }

    /** The login's answer as Angus handles it; then ID where {@link ClientId} says the server wants it (hunt 28 G12). */
    @Override
    protected void handleLoginResult(Response r) throws ProtocolException {
        super.handleLoginResult(r);
        if (!wantsId && !ClientId.wantedBy(host)) return;
        setCapabilities(r); // the login's own [CAPABILITY ...] code, when it has one, says what it offers logged in
        if (!hasCapability("ID")) return;
        try {
            id(ClientId.fields());
        } catch (ProtocolException e) {
            log.debug("the server refused ID", e);
        }
    }

    /**
     * AUTHENTICATE PLAIN with the credentials on the command's own line where the server offers SASL-IR (RFC 4959):
     * one round trip. Angus sends the command alone, waits for the server's empty "+", and only then the credentials:
     * two round trips before every connection's first command (issue 16: on the empty store's first screen, between
     * the TLS handshake and the newest rows). The answer is handled as Angus handles its own (a NO is the refused
     * password it always was, the capabilities the OK carries are read, ID follows). A server that offers SASL-IR and
     * still asks with "+" is answered "*" (the exchange cancelled) and logged in Angus's way.
     */
    @Override
    public synchronized void authplain(String authzid, String u, String p) throws ProtocolException {
        if (!hasCapability("SASL-IR")) {
            super.authplain(authzid, u, p);
            return;
        }
        String creds = (authzid == null ? "" : authzid) + '\0' + u + '\0' + p;
        String ir = Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8));
        List<Response> answers = new ArrayList<>();
        Response r;
        boolean cancelled = false;
        suspendTracing(); // Angus's protocol trace (mail.debug) never shows the credentials
        try {
            String tag;
            try {
                tag = writeCommand("AUTHENTICATE PLAIN " + ir, null);
            } catch (IOException | ProtocolException | RuntimeException e) {
                tag = null;
                answers.add(Response.byeResponse(e));
            }
            r = answers.isEmpty() ? null : answers.get(0);
            while (tag != null) {
                try {
                    r = readResponse();
                    if (r.isContinuation()) {
                        OutputStream os = getOutputStream();
                        os.write("*\r\n".getBytes(StandardCharsets.US_ASCII));
                        os.flush();
                        cancelled = true;
                        continue;
                    }
                } catch (IOException | ProtocolException | RuntimeException e) {
                    r = Response.byeResponse(e);
                }
                answers.add(r);
                if (r.isBYE() || r.isTagged() && tag.equals(r.getTag())) break;
            }
        } finally {
            resumeTracing();
        }
        if (cancelled && !r.isBYE()) {
            log.debug("the server offers SASL-IR but asked for the credentials again; logging in without it");
            super.authplain(authzid, u, p);
            return;
        }
        Response[] all = answers.toArray(new Response[0]);
        handleCapabilityResponse(all);
        notifyResponseHandlers(all);
        handleLoginResult(r); // a NO, BAD or BYE throws here, as from Angus's own
        setCapabilities(r);
        loggedInHere = true;
    }

    @Override
    public boolean isAuthenticated() {
        return loggedInHere || super.isAuthenticated();
    }

    @Override
    public void disconnect() {
        super.disconnect();
        loggedInHere = false;
    }

    /**
     * RFC 4978: a NO or BAD to COMPRESS leaves the connection as it was, uncompressed, so postern carries on
     * without compression rather than failing the login (Angus took the NO for refused credentials).
     */
    @Override
    public void compress() throws ProtocolException {
        try {
            super.compress();
        } catch (org.eclipse.angus.mail.iap.CommandFailedException | org.eclipse.angus.mail.iap.BadCommandException refused) {
            log.info("the server refused COMPRESS ({}); going on without compression", refused.getMessage());
        }
    }

    /**
     * CONDSTORE is enabled by the SELECT (or EXAMINE) that carries it (RFC 7162 3.1: a "CONDSTORE enabling command"),
     * and Angus opens a folder that way right after this ENABLE, which was one round trip more before the first SELECT
     * of every connection (issue 16: on the empty store's first screen, between the login and the newest rows), and
     * failed on a server that offers CONDSTORE without ENABLE (RFC 4551's), which then lost CONDSTORE. Noted here as
     * enabled, not sent; any other ENABLE goes out as Angus sends it.
     */
    @Override
    public void enable(String cap) throws ProtocolException {
        if (!"CONDSTORE".equalsIgnoreCase(cap) || !hasCapability("CONDSTORE")) {
            super.enable(cap);
            return;
        }
        if (enabled == null) enabled = new java.util.HashSet<>();
        enabled.add("CONDSTORE");
    }

    /**
     * A NO or BAD to STARTTLS, told as such (Angus took a NO for refused credentials, though no password was sent):
     * {@code dev.postern.backend.LoginRefusals} words it by its response code.
     */
    @Override
    public void startTLS() throws ProtocolException {
        try {
            super.startTLS();
        } catch (org.eclipse.angus.mail.iap.CommandFailedException | org.eclipse.angus.mail.iap.BadCommandException refused) {
            Response r = refused.getResponse();
            throw new ProtocolException(dev.postern.backend.LoginRefusals.STARTTLS_REFUSED
                    + (r == null ? refused.getMessage() : r.getRest()), refused);
        }
    }
}
