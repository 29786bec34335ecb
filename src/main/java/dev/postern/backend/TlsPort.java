package dev.postern.backend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

/**
 * Whether a port speaks TLS from the start (hunt37-I I5): a server that took a connection and sent no greeting at all
 * to a client that sent nothing is, in practice, an implicit-TLS port (993, 995, 465) waiting for the client's hello,
 * which security = "plain" or "starttls" never sends. Told as "no answer ... try again later or raise timeout_seconds",
 * advice that can never help; a TLS handshake on a second connection tells the two apart. Nothing but the TLS hello
 * goes out on it: no command, no credentials; it is closed at once.
 */
final class TlsPort {
    private TlsPort() {}

    /** The longest the probe waits, for the connection and for the server's hello each. */
    static final Duration MOST = Duration.ofSeconds(2);

    /**
     * Whether {@code host}:{@code port} answers a TLS hello with its own (a handshake that completes, or fails on its
     * certificate or with an alert the server sent: a TLS server either way), within {@code limit} (at most {@link #MOST}).
     */
    static boolean speaksTls(String host, int port, Duration limit) {
        int ms = (int) Math.max(1, Math.min(limit.toMillis(), MOST.toMillis()));
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), ms);
            plain.setSoTimeout(ms);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, null, null); // the system's trust: a certificate it does not trust still shows a TLS server
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, false)) {
                tls.startHandshake();
                return true;
            }
        } catch (SSLHandshakeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof CertificateException) return true;
            return String.valueOf(e.getMessage()).contains("Received fatal alert");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false; // no answer, another protocol's bytes, a closed connection: not a TLS port
        }
    }
}
