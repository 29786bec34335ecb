package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.e2e.InProcessRun;
import dev.postern.e2e.PosternConfig;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt37-I I5: security = "plain" or "starttls" against a port that speaks TLS from the start (993, 995) waited the
 * time-out and said 75 "no answer ... try again later or raise timeout_seconds", which can never help. A greeting that
 * never came on a connection where nothing passed, from a port that answers a TLS hello, is 78 naming security = "tls".
 * A plain server that is silent stays 75: the probe finds no TLS there.
 */
@Timeout(120)
class TlsPortTest {
    @TempDir Path dir;

    /** A TLS server socket on loopback (a keytool-made certificate) whose connections only shake hands, then wait. */
    private SSLServerSocket tlsServer() throws Exception {
        Path p12 = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "k", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit", "-ext", "SAN=dns:localhost,ip:127.0.0.1"))
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        serve(ss, c -> {
            ((SSLSocket) c).startHandshake(); // waits for the client's hello, as an imaps or pop3s port does
            c.getInputStream().read();
        });
        return ss;
    }

    interface Conversation {
        void play(Socket c) throws Exception;
    }

    /** Each connection on its own thread (postern's, then its probe's), until the socket is closed. */
    private static void serve(ServerSocket ss, Conversation each) {
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket c = ss.accept();
                    Thread one = new Thread(() -> {
                        try (c) {
                            c.setSoTimeout(30_000);
                            each.play(c);
                        } catch (Exception e) {
                            // the client went away
                        }
                    }, "tls-port-conn");
                    one.setDaemon(true);
                    one.start();
                } catch (Exception e) {
                    // closing time
                }
            }
        }, "tls-port-accept");
        t.setDaemon(true);
        t.start();
    }

    private InProcessRun.Result run(String protocol, int port, String security, String... args) throws Exception {
        InProcessRun.Result r = InProcessRun.run(dir, PosternConfig.account("t", protocol, "127.0.0.1", port, security,
                "alice", "secret", 2, null), args);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "stack trace on stderr: " + r);
        return r;
    }

    @Test
    void aPortThatSpeaksTlsFromTheStartIsTheConfigsNamingSecurityTls() throws Exception {
        try (SSLServerSocket ss = tlsServer()) {
            for (String[] c : new String[][] {{"imap", "starttls", "list"}, {"imap", "plain", "list"}, {"pop3", "plain", "fetch"}}) {
                InProcessRun.Result r = run(c[0], ss.getLocalPort(), c[1], c[2]);
                assertEquals(78, r.code(), String.join(" ", c) + ": " + r);
                assertTrue(r.err().contains("sent no greeting within 2 s, and it answers TLS: this port speaks TLS from the"
                        + " start"), r.toString());
                assertTrue(r.err().contains("set security = \"tls\""), r.toString());
                assertFalse(r.err().contains("try again later"), r.toString());
            }
        }
    }

    @Test
    void aSilentPlainServerIsStillNoAnswerForNow() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            serve(ss, c -> c.getInputStream().readAllBytes()); // takes what comes, says nothing
            InProcessRun.Result r = run("imap", ss.getLocalPort(), "plain", "list");
            assertEquals(75, r.code(), r.toString());
            assertTrue(r.err().contains("no answer from 127.0.0.1:" + ss.getLocalPort() + " within 2 s"), r.toString());
        }
    }
}
