package dev.postern.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the postern config files the end-to-end tests run against: one owner-only file with a
 * {@code data_dir}, then account tables (see {@link #account} and {@link #dovecot}) and any extra TOML.
 */
public final class PosternConfig {
    private PosternConfig() {}

    /** Writes {@code file} (rw-------) as {@code data_dir = "<dataDir>"} followed by {@code parts}. */
    /** {@code --config CONFIG ARGS...}: a command line against {@code config}. */
    public static String[] argv(Path config, String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--config";
        full[1] = config.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return full;
    }

    public static Path write(Path file, Path dataDir, String... parts) throws IOException {
        StringBuilder toml = new StringBuilder("data_dir = \"" + dataDir + "\"\n");
        for (String part : parts) {
            toml.append(part);
        }
        Files.writeString(file, toml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /**
     * One {@code [accounts.<name>]} table; {@code password} null leaves the password source out,
     * {@code trust} null leaves tls_trust_cert out.
     */
    public static String account(String name, String protocol, String host, int port, String security,
            String user, String password, int timeoutSeconds, Path trust) {
        return "[accounts." + name + "]\nprotocol = \"" + protocol + "\"\nhost = \"" + host + "\"\nport = " + port + "\n"
                + "security = \"" + security + "\"\nuser = \"" + user + "\"\n"
                + (password == null ? "" : "password = \"" + password + "\"\n")
                + "timeout_seconds = " + timeoutSeconds + "\n"
                + (trust == null ? "" : "tls_trust_cert = \"" + trust + "\"\n");
    }

    /**
     * {@code [accounts.<name>]} for a Dovecot user over IMAP with STARTTLS on localhost:{@code port},
     * trusting the fixture's certificate.
     */
    public static String dovecot(DovecotServer dovecot, String name, String user, int port, int timeoutSeconds) {
        return account(name, "imap", "localhost", port, "starttls", user, dovecot.user(user), timeoutSeconds,
                dovecot.certPem());
    }

    /** {@link #dovecot} on the fixture's IMAP port as account {@code e2e}. */
    public static String dovecot(DovecotServer dovecot, String user, int timeoutSeconds) {
        return dovecot(dovecot, "e2e", user, dovecot.imapPort(), timeoutSeconds);
    }
}
