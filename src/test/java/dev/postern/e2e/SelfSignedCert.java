package dev.postern.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Self-signed certificates from openssl, valid for localhost and 127.0.0.1. Each role ({@code "trusted"},
 * {@code "untrusted"}) is made once per test JVM and written again for every server that asks: an RSA key costs
 * openssl 0.1-0.5 s of CPU (seconds of wall on a loaded CI machine), and every Dovecot class made two. A server
 * never learns whether its pair is new; what tells the roles apart (one pinned, the other refused) holds as before.
 */
final class SelfSignedCert {
    /** The files openssl made for a role: their bytes and permissions (the key is the owner's only). */
    private record Made(byte[] cert, Set<PosixFilePermission> certMode, byte[] key, Set<PosixFilePermission> keyMode) {}

    private static final Map<String, Made> MADE = new HashMap<>();

    private SelfSignedCert() {
    }

    /** Writes the JVM's certificate and key for {@code role} to {@code certPem} and {@code keyPem}, made on first use. */
    static synchronized void write(String openssl, String role, Path certPem, Path keyPem) {
        try {
            Made m = MADE.get(role);
            if (m == null) {
                generate(openssl, certPem, keyPem);
                m = new Made(Files.readAllBytes(certPem), Files.getPosixFilePermissions(certPem),
                        Files.readAllBytes(keyPem), Files.getPosixFilePermissions(keyPem));
                MADE.put(role, m);
                return;
            }
            Files.write(certPem, m.cert());
            Files.setPosixFilePermissions(certPem, m.certMode());
            Files.createFile(keyPem, PosixFilePermissions.asFileAttribute(m.keyMode()));
            Files.write(keyPem, m.key());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test certificate " + certPem, e);
        }
    }

    private static void generate(String openssl, Path certPem, Path keyPem) {
        PosternProcess.Result r = PosternProcess.command(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", keyPem.toString(), "-out", certPem.toString(), "-days", "7",
                        "-subj", "/CN=localhost/O=postern test",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .timeout(Duration.ofSeconds(60))
                .run();
        if (r.exitCode() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate\n" + r.describe());
        }
    }
}
