package dev.postern.backend;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS socket factories. {@code tls_trust_cert}: trust exactly the certificates in one PEM file, nothing
 * else; otherwise the JDK's trust store. Either way the certificate must name the host: the mail session
 * asks for that (endpoint identification), and {@link HostCheckingTrustManager} does it with {@link
 * HostNames}.
 * <p>
 * Why not the JDK trust manager's own host check: in JDK 17 it first reads and fingerprints every
 * certificate of the JDK's {@code cacerts} (to know whether the chain ends at a public CA), a third of a
 * cold TLS handshake, even when a pinned certificate makes that question moot.
 */
public final class TlsTrust {
    private TlsTrust() {}

    public static SSLSocketFactory trustingOnly(String account, Path pem) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pem); // the certificate reader reads byte by byte: not from the disk
        } catch (IOException | RuntimeException e) {
            // The account's own matter (78), said when it connects: the other accounts go on (hunt 38-M, M16).
            throw new PosternException(ExitCode.CONFIG, "account " + account + ": tls_trust_cert " + pem + " cannot be read ("
                    + dev.postern.model.ReadFailure.why(e) + "); check the path in the config.", e);
        }
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(bytes));
            if (certs.isEmpty()) throw new GeneralSecurityException("no certificate in the file");
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) ks.setCertificateEntry("trusted-" + i++, c);
            return factory(ks);
        } catch (IOException | GeneralSecurityException e) {
            throw new PosternException(ExitCode.CONFIG, "account " + account + ": tls_trust_cert " + pem
                    + " is not a usable PEM certificate (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Initialises the JDK's TLS, certificate and trust-manager classes on a daemon thread (nothing of
     * postern's: no logging, no files), so that the first real TLS context costs little.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                SSLContext.getInstance("TLS");
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                CertificateFactory.getInstance("X.509");
                KeyStore.getInstance(KeyStore.getDefaultType()).load(null, null);
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                // the real set-up meets and reports the same problem
            }
        }, "postern-tls-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static SSLSocketFactory system;

    /** The JDK's trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}), read once per process. */
    public static synchronized SSLSocketFactory systemTrust() {
        if (system == null) {
            try {
                system = factory(null);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new PosternException(ExitCode.CONFIG, "the JDK's TLS trust store cannot be used (" + e.getMessage()
                        + "); check javax.net.ssl.trustStore, or set tls_trust_cert for the account.", e);
            }
        }
        return system;
    }

    private static SSLSocketFactory factory(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        X509TrustManager pkix = null;
        for (TrustManager tm : tmf.getTrustManagers()) if (tm instanceof X509TrustManager x) pkix = x;
        if (pkix == null) throw new GeneralSecurityException("no X.509 trust manager");
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new HostCheckingTrustManager(pkix, anchors != null)}, null);
        return ctx.getSocketFactory();
    }

    /**
     * The chain is validated by the JDK's PKIX trust manager (signatures, dates, constraints, the anchors),
     * without a socket, so without its host check; then the host is checked here when the connection asked
     * for it (its SSL parameters name an endpoint identification algorithm).
     */
    static final class HostCheckingTrustManager extends X509ExtendedTrustManager {
        private final X509TrustManager pkix;
        /** Trusting the account's pinned certificate(s) alone (tls_trust_cert), not the system's store. */
        private final boolean pinned;

        HostCheckingTrustManager(X509TrustManager pkix) {
            this(pkix, false);
        }

        HostCheckingTrustManager(X509TrustManager pkix, boolean pinned) {
            this.pkix = pkix;
            this.pinned = pinned;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkDates(chain);
            pkix.checkServerTrusted(chain, authType);
            checkAnchorDates(chain);
            if (socket instanceof SSLSocket s) {
                checkHost(s.getSSLParameters().getEndpointIdentificationAlgorithm(), s.getHandshakeSession(), chain);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkDates(chain);
            pkix.checkServerTrusted(chain, authType);
            checkAnchorDates(chain);
            if (engine != null) {
                checkHost(engine.getSSLParameters().getEndpointIdentificationAlgorithm(), engine.getHandshakeSession(), chain);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            checkDates(chain);
            pkix.checkServerTrusted(chain, authType);
            checkAnchorDates(chain);
        }

        /**
         * The server's own certificate is within its dates, checked before PKIX: its own failure for a date says
         * only that the path is not trusted (the advice then was to pin the certificate), and a pinned certificate is
         * a trust anchor whose dates PKIX never checks, so an expired one pinned was taken (hunt 32-V, E1). An expired
         * certificate is what its key's leak is bounded by: refused, pinned or not, saying when it ended.
         */
        static void checkDates(X509Certificate[] chain) throws CertificateException {
            if (chain.length > 0) checkDates(chain[0], 0);
        }

        /**
         * The rest of what the server sent is PKIX's to judge on the path it validates: a server may send more than the
         * path (an old cross-signed root, expired, beside the new one: Sectigo's AddTrust), and that must not refuse a
         * good path (hunt 32-W, W5). But a pinned certificate the path ends at is an anchor, whose dates PKIX never
         * checks: a pinned CA past its dates is refused here.
         */
        private void checkAnchorDates(X509Certificate[] chain) throws CertificateException {
            if (!pinned) return;
            java.util.List<X509Certificate> path = java.util.Arrays.asList(chain);
            X509Certificate last = chain[chain.length - 1];
            for (X509Certificate a : pkix.getAcceptedIssuers()) {
                // The anchor the path ends at: sent by the server, or the issuer of the last certificate it sent.
                int at = path.indexOf(a);
                if (at > 0 || at < 0 && a.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                    checkDates(a, at > 0 ? at : chain.length);
                }
            }
        }

        private static void checkDates(X509Certificate c, int position) throws CertificateException {
            java.util.Date now = new java.util.Date();
            if (now.after(c.getNotAfter())) throw new OutOfDate(c, position, true);
            if (now.before(c.getNotBefore())) throw new OutOfDate(c, position, false);
        }

        private static void checkHost(String algorithm, SSLSession session, X509Certificate[] chain) throws CertificateException {
            if (algorithm == null || algorithm.isEmpty()) return;
            if (session == null || chain.length == 0) throw new CertificateException("no session to check the host name in");
            HostNames.check(session.getPeerHost(), chain[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("postern does not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("postern does not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("postern does not accept TLS clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }

    /** A certificate of the server's chain outside its dates: {@code expired} (past notAfter) or not valid yet. */
    public static final class OutOfDate extends CertificateException {
        private final transient X509Certificate certificate;
        private final int position;
        private final boolean expired;

        OutOfDate(X509Certificate certificate, int position, boolean expired) {
            super((position == 0 ? "the server's certificate" : "certificate " + position + " of the server's chain")
                    + (expired ? " expired on " + certificate.getNotAfter().toInstant() : " is not valid until " + certificate.getNotBefore().toInstant()));
            this.certificate = certificate;
            this.position = position;
            this.expired = expired;
        }

        /** 0 for the server's own certificate, else its place in the chain it sent. */
        public int position() { return position; }

        public boolean expired() { return expired; }

        /** When it ended (expired) or begins (not valid yet). */
        public java.time.Instant when() {
            return (expired ? certificate.getNotAfter() : certificate.getNotBefore()).toInstant();
        }
    }
}
