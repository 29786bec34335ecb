package dev.postern.e2e;

import java.nio.file.Path;
import java.time.Duration;

/** Self-signed certificates from openssl, valid for localhost and 127.0.0.1. */
final class SelfSignedCert {

    private SelfSignedCert() {
    }

    static void generate(String openssl, Path certPem, Path keyPem) {
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
