package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.PosternException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postern checks the server certificate's host name itself (the JDK's check reads all of cacerts first).
 * Real TLS handshakes against servers on loopback presenting keytool-made certificates, each host name
 * tried with postern's trust manager and with the JDK's own under the same pinned certificate and the
 * same endpoint identification Angus asks for ("LDAPS"): they must agree, except where postern is
 * deliberately stricter (wildcards), which is asserted separately.
 */
class TlsTrustTest {
    @TempDir
    static Path dir;

    private static final List<Server> servers = new ArrayList<>();
    private static Server plain;     // DNS:localhost, IP:127.0.0.1
    private static Server wildcard;  // DNS:*.example.test
    private static Server cnOnly;    // no SAN; CN=cn-only.example.test
    private static Server other;     // DNS:other.example.test
    private static Server wideWildcard; // DNS:*.test (keytool makes no partial wildcards: see namePatterns)

    @BeforeAll
    static void servers() throws Exception {
        plain = server("plain", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        wildcard = server("wild", "CN=wild", "SAN=dns:*.example.test");
        cnOnly = server("cn", "CN=cn-only.example.test", null);
        other = server("other", "CN=other", "SAN=dns:other.example.test");
        wideWildcard = server("wide", "CN=wide", "SAN=dns:*.test");
    }

    @AfterAll
    static void stop() throws IOException {
        for (Server s : servers) s.socket.close();
    }

    @Test
    void agreesWithTheJdkOnEveryHostAndCertificate() throws Exception {
        Object[][] cases = {
                {plain, "localhost", true},
                {plain, "LOCALHOST", true},
                {plain, "127.0.0.1", true},
                {plain, "imap.localhost", false},
                {plain, "other.example.test", false},
                {plain, "127.0.0.2", false},
                {wildcard, "imap.example.test", true},
                {wildcard, "IMAP.Example.Test", true},
                {wildcard, "example.test", false},
                {wildcard, "a.b.example.test", false},
                {wildcard, "imap.example.org", false},
                {wildcard, "127.0.0.1", false},
                {cnOnly, "cn-only.example.test", true},
                {cnOnly, "other.example.test", false},
                {other, "other.example.test", true},
                {other, "localhost", false},
        };
        for (Object[] c : cases) {
            Server s = (Server) c[0];
            String host = (String) c[1];
            boolean ok = (Boolean) c[2];
            Throwable ours = handshake(TlsTrust.trustingOnly("t", s.pem), s, host);
            Throwable jdks = handshake(jdkFactory(s.pem), s, host);
            assertEquals(ok, ours == null, s.name + " as " + host + ": postern " + ours);
            assertEquals(ok, jdks == null, s.name + " as " + host + ": JDK " + jdks);
            if (!ok) assertNotNull(mismatch(ours), s.name + " as " + host + " must fail on the name: " + ours);
        }
    }

    @Test
    void stricterThanTheJdkAboutWildcards() throws Exception {
        // The JDK's LDAP rules let "*" stand for a whole domain under a top-level one; RFC 6125 does not.
        for (String host : new String[] {"a.test"}) {
            assertNull(handshake(jdkFactory(wideWildcard.pem), wideWildcard, host), "the JDK accepts " + host);
            assertNotNull(mismatch(handshake(TlsTrust.trustingOnly("t", wideWildcard.pem), wideWildcard, host)),
                    "postern refuses " + host);
        }
    }

    @Test
    void aPinnedCertificateOutOfItsDatesIsRefusedAndSaidSo() throws Exception {
        // Hunt 32-V, E1: pinned, a certificate is PKIX's trust anchor, whose dates it never checks: an expired one was
        // taken; not pinned, its expiry was said as "not trusted; if you trust it, ... set tls_trust_cert".
        Server expired = server("expired", "CN=localhost", "SAN=dns:localhost", "-10d");
        Server early = server("early", "CN=localhost", "SAN=dns:localhost", "+10d");
        for (Server s : new Server[] {expired, early}) {
            Throwable t = handshake(TlsTrust.trustingOnly("t", s.pem), s, "localhost");
            assertNotNull(t, s.name + " was taken");
            PosternException p = ConnectionErrors.translate(account("localhost"),
                    new jakarta.mail.MessagingException("connect", (Exception) t));
            assertEquals(78, p.exitCode().code(), p.getMessage());
            assertTrue(p.getMessage().contains(s == expired ? "expired on " : "is not valid until "), p.getMessage());
            assertFalse(p.getMessage().contains("set tls_trust_cert to that file"), "no advice to pin it: " + p.getMessage());
        }
        assertNull(handshake(TlsTrust.trustingOnly("t", plain.pem), plain, "localhost"), "one within its dates is taken");
    }

    @Test
    void anExpiredCertificateBesideAGoodPathIsNotTheServersAndIsIgnored() throws Exception {
        // Hunt 32-W, W5: a server that sends, beside its good path, an old certificate past its dates (an expired
        // cross-signed root, as Sectigo's AddTrust was sent for years) was refused as expired; PKIX and openssl take it.
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path ks = dir.resolve("chain.p12");
        List<String> common = List.of("-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        java.util.function.Function<List<String>, List<String>> with = a -> {
            List<String> c = new ArrayList<>(List.of(keytool));
            c.addAll(a);
            c.addAll(common);
            return c;
        };
        run(with.apply(List.of("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test ca",
                "-ext", "bc:c", "-validity", "2")));
        run(with.apply(List.of("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2")));
        run(with.apply(List.of("-genkeypair", "-alias", "old", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=old root",
                "-ext", "bc:c", "-startdate", "-10d", "-validity", "2")));
        Path req = dir.resolve("leaf.csr");
        Path signed = dir.resolve("leaf.pem");
        Path ca = dir.resolve("ca.pem");
        run(with.apply(List.of("-certreq", "-alias", "leaf", "-file", req.toString())));
        run(with.apply(List.of("-gencert", "-alias", "ca", "-infile", req.toString(), "-outfile", signed.toString(), "-rfc",
                "-ext", "SAN=dns:localhost", "-validity", "2")));
        run(with.apply(List.of("-exportcert", "-rfc", "-alias", "ca", "-file", ca.toString())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate leaf;
        try (InputStream in = Files.newInputStream(signed)) {
            leaf = (X509Certificate) cf.generateCertificate(in);
        }
        X509Certificate old = (X509Certificate) store.getCertificate("old");
        // A key store refuses a chain that is not one path, so the server's key manager hands the chain out itself.
        java.security.PrivateKey key = (java.security.PrivateKey) store.getKey("leaf", "changeit".toCharArray());
        X509Certificate[] sent = {leaf, old};
        javax.net.ssl.X509ExtendedKeyManager km = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override public String[] getClientAliases(String type, java.security.Principal[] issuers) { return null; }
            @Override public String chooseClientAlias(String[] type, java.security.Principal[] issuers, Socket socket) { return null; }
            @Override public String[] getServerAliases(String type, java.security.Principal[] issuers) { return new String[] {"k"}; }
            @Override public String chooseServerAlias(String type, java.security.Principal[] issuers, Socket socket) { return "k"; }
            @Override public String chooseEngineServerAlias(String type, java.security.Principal[] issuers, javax.net.ssl.SSLEngine e) { return "k"; }
            @Override public X509Certificate[] getCertificateChain(String alias) { return sent.clone(); }
            @Override public java.security.PrivateKey getPrivateKey(String alias) { return key; }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(new javax.net.ssl.KeyManager[] {km}, null, null);
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (SSLSocket c = (SSLSocket) ss.accept()) {
                    c.setSoTimeout(10_000);
                    c.startHandshake();
                } catch (IOException e) {
                    // a refused client, or closing time
                }
            }
        }, "tls-test-extra");
        t.setDaemon(true);
        t.start();
        Server s = new Server("extra", ca, ss);
        servers.add(s);
        assertNull(handshake(TlsTrust.trustingOnly("t", ca), s, "localhost"), "a good path with an expired extra beside it is taken");
        assertNull(handshake(jdkFactory(ca), s, "localhost"), "as the JDK takes it");
    }

    @Test
    void aCertificateNotPinnedIsRefusedWhateverItsName() throws Exception {
        Throwable t = handshake(TlsTrust.trustingOnly("t", plain.pem), other, "other.example.test");
        assertNotNull(t);
        assertNull(mismatch(t), "refused as untrusted, before any name check: " + t);
        // And through the mail-facing translation: "not trusted", exit 78.
        dev.postern.config.AccountConfig a = account("other.example.test");
        PosternException p = ConnectionErrors.translate(a, new jakarta.mail.MessagingException("connect", (Exception) t));
        assertEquals(78, p.exitCode().code());
        assertTrue(p.getMessage().contains("not trusted"), p.getMessage());
    }

    @Test
    void aNameMismatchIsReportedWithTheNamesTheCertificateCarries() throws Exception {
        Throwable t = handshake(TlsTrust.trustingOnly("t", plain.pem), plain, "mail.example.test");
        dev.postern.config.AccountConfig a = account("mail.example.test");
        PosternException p = ConnectionErrors.translate(a, new jakarta.mail.MessagingException("connect", (Exception) t));
        assertEquals(78, p.exitCode().code());
        assertTrue(p.getMessage().contains("does not name host 'mail.example.test'")
                && p.getMessage().contains("localhost, 127.0.0.1"), p.getMessage());
    }

    @Test
    void withoutEndpointIdentificationOnlyTrustIsChecked() throws Exception {
        assertNull(handshake(TlsTrust.trustingOnly("t", plain.pem), plain, "any.example.test", null));
    }

    @Test
    void theSystemTrustStoreRefusesASelfSignedServer() throws Exception {
        Throwable t = handshake(TlsTrust.systemTrust(), plain, "localhost");
        assertNotNull(t, "a self-signed certificate is not in cacerts");
        assertNull(mismatch(t));
    }

    @Test
    void namePatterns() {
        assertTrue(HostNames.nameMatches("imap.example.org", "*.example.org"));
        assertTrue(HostNames.nameMatches("imap.example.org.", "*.EXAMPLE.org"));
        assertFalse(HostNames.nameMatches("example.org", "*.example.org"));
        assertFalse(HostNames.nameMatches(".example.org", "*.example.org"));
        assertFalse(HostNames.nameMatches("a.b.example.org", "*.example.org"));
        assertFalse(HostNames.nameMatches("a.org", "*.org"));
        assertFalse(HostNames.nameMatches("imap.example.org", "imap.*.org"));
        assertFalse(HostNames.nameMatches("foo.example.org", "f*.example.org"));
        assertFalse(HostNames.nameMatches("x", "*"));
        assertFalse(HostNames.nameMatches("", ""));
        assertTrue(HostNames.isIpLiteral("::1"));
        assertTrue(HostNames.isIpLiteral("10.0.0.1"));
        assertFalse(HostNames.isIpLiteral("10.0.0.1.example"));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static dev.postern.config.AccountConfig account(String host) {
        return new dev.postern.config.AccountConfig("t", dev.postern.model.Protocol.IMAP, host, 993,
                dev.postern.model.Security.TLS, "u", new dev.postern.config.PasswordSource.Literal("p"), null, false,
                java.time.Duration.ofSeconds(5), 1_000_000);
    }

    private static HostNames.Mismatch mismatch(Throwable t) {
        for (; t != null; t = t.getCause()) if (t instanceof HostNames.Mismatch m) return m;
        return null;
    }

    private static Throwable handshake(SSLSocketFactory f, Server s, String host) throws IOException {
        return handshake(f, s, host, "LDAPS");
    }

    /** A handshake with {@code s} on loopback, the client believing it talks to {@code host}; null when it succeeds. */
    private static Throwable handshake(SSLSocketFactory f, Server s, String host, String identification) throws IOException {
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.socket.getLocalPort()), 5000);
        raw.setSoTimeout(10_000);
        try (SSLSocket ssl = (SSLSocket) f.createSocket(raw, host, s.socket.getLocalPort(), true)) {
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm(identification);
            ssl.setSSLParameters(p);
            ssl.startHandshake();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static SSLSocketFactory jdkFactory(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("pinned", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    private record Server(String name, Path pem, SSLServerSocket socket) {}

    private static Server server(String name, String dname, String san) throws Exception {
        return server(name, dname, san, null);
    }

    /** {@code startDate}: keytool's -startdate ("-10d": valid from ten days ago, for two days), or null for now. */
    private static Server server(String name, String dname, String san, String startDate) throws Exception {
        Path p12 = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> gen = new ArrayList<>(List.of(keytool, "-genkeypair", "-alias", "k", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit"));
        if (san != null) gen.addAll(List.of("-ext", san));
        if (startDate != null) gen.addAll(List.of("-startdate", startDate));
        run(gen);
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "k", "-keystore", p12.toString(), "-storepass", "changeit",
                "-file", pem.toString()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (SSLSocket c = (SSLSocket) ss.accept()) {
                    c.setSoTimeout(10_000);
                    c.startHandshake();
                } catch (IOException e) {
                    // a refused client, or closing time
                }
            }
        }, "tls-test-" + name);
        t.setDaemon(true);
        t.start();
        Server s = new Server(name, pem, ss);
        servers.add(s);
        return s;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, p.exitValue(), "keytool failed: " + out);
    }

    @Test
    void certificatesAreReadFromThePemFile() throws Exception {
        X509Certificate c;
        try (InputStream in = Files.newInputStream(plain.pem)) {
            c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertInstanceOf(X509Certificate.class, c);
        assertTrue(HostNames.matches("localhost", c));
        assertEquals("localhost", HostNames.commonName(c.getSubjectX500Principal()));
    }
}
