package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.cli.CliRun.Result;
import dev.postern.e2e.PosternConfig;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer caps under TLS (pop3s, a keytool-made certificate the account pins): the socket under TLS sees only
 * records, so the caps must count the plain text above it. A greeting line without end is refused there as on a
 * plain connection; a whole message with a 1 MiB line in it is fetched.
 */
class HostilePop3TlsTest {
    @TempDir Path dir;

    /** A pop3s server on loopback playing {@code script} on each connection (its certificate made once). */
    private SSLServerSocket server(Script script) throws Exception {
        Path p12 = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        if (!java.nio.file.Files.exists(p12)) run(List.of(keytool, "-genkeypair", "-alias", "k", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass",
                "changeit", "-ext", "SAN=dns:localhost,ip:127.0.0.1"));
        if (!java.nio.file.Files.exists(pem)) run(List.of(keytool, "-exportcert", "-rfc", "-alias", "k", "-keystore", p12.toString(), "-storepass", "changeit",
                "-file", pem.toString()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (SSLSocket c = (SSLSocket) ss.accept()) {
                    c.setSoTimeout(10_000);
                    script.play(c.getInputStream(), c.getOutputStream());
                } catch (Exception e) {
                    // the client went away, or closing time
                }
            }
        }, "pop3s-test");
        t.setDaemon(true);
        t.start();
        return ss;
    }

    interface Script {
        void play(InputStream in, OutputStream out) throws Exception;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, p.exitValue(), "keytool failed: " + out);
    }

    private Path config(int port) throws IOException {
        return CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"), PosternConfig.account("home", "pop3",
                "localhost", port, "tls", "alice", "secret", 5, dir.resolve("server.pem")));
    }

    private static void say(OutputStream out, String s) throws IOException {
        out.write((s + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void capsCountThePlainTextAboveTls() throws Exception {
        try (SSLServerSocket ss = server((in, out) -> {
            out.write("+OK ".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "g".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10; i++) out.write(chunk);
            out.flush();
        })) {
            Result r = CliRun.run(dir, config(ss.getLocalPort()), "fetch");
            assertEquals(75, r.code, r.err);
            assertTrue(r.err.contains("sent more than 64 KiB in one line"), r.err);
        }
        String message = "From: bob@localhost\r\nSubject: long line\r\nMessage-ID: <l@localhost>\r\n\r\n" + "z".repeat(1 << 20) + "\r\n";
        try (SSLServerSocket ss = server((in, out) -> {
            say(out, "+OK fine");
            String line;
            while ((line = dev.postern.backend.link.ScriptedServer.line(in)) != null) {
                String cmd = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
                switch (cmd) {
                    case "STAT" -> say(out, "+OK 1 " + message.length());
                    case "UIDL" -> say(out, "+OK\r\n1 long-1\r\n.");
                    case "LIST" -> say(out, "+OK\r\n1 " + message.length() + "\r\n.");
                    case "RETR" -> say(out, "+OK\r\n" + message + ".");
                    case "CAPA" -> say(out, "-ERR");
                    case "QUIT" -> {
                        say(out, "+OK");
                        return;
                    }
                    default -> say(out, "+OK");
                }
            }
        })) {
            Result r = CliRun.run(dir, config(ss.getLocalPort()), "fetch");
            assertEquals(0, r.code, r.err);
            assertTrue(r.out.startsWith("home: 1 new"), r.out);
        }
    }
}
