package dev.postern.app.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code postern demo}: an in-process GreenMail (IMAP, POP3, SMTP) on loopback with free ports, a seeded
 * mailbox, and a private config pointing at it, so a newcomer sees postern working with nothing set up.
 */
public final class DemoServer implements dev.postern.cli.DemoMail {
    public static final String USER = "demo";
    public static final String PASSWORD = "demo";
    /** GreenMail's default (2 s) is too short on a busy machine, e.g. the launcher's first run after a build. */
    public static final long STARTUP_TIMEOUT_MS = 30_000;

    private final GreenMail greenMail;
    private final Path dir;
    private final Path config;

    private DemoServer(GreenMail greenMail, Path dir, Path config) {
        this.greenMail = greenMail;
        this.dir = dir;
        this.config = config;
    }

    public static DemoServer start() throws IOException {
        ServerSetup[] setups = {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()};
        for (ServerSetup s : setups) s.setServerStartupTimeout(STARTUP_TIMEOUT_MS);
        GreenMail gm = new GreenMail(setups);
        gm.start();
        try {
            DemoMailbox.seed(gm, gm.setUser(USER + "@localhost", USER, PASSWORD));
            Path dir = Files.createTempDirectory(dev.postern.model.PrivateTemp.root(), "postern-demo-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path config = dir.resolve("config.toml");
            String toml = "# Written by `postern demo`: an account on the embedded demo server.\n"
                    + "data_dir = \"" + dir.resolve("data") + "\"\n\n"
                    + "[accounts.demo]\n"
                    + "protocol = \"imap\"\n"
                    + "host = \"127.0.0.1\"\n"
                    + "port = " + gm.getImap().getPort() + "\n"
                    + "security = \"plain\"   # loopback only\n"
                    + "user = \"" + USER + "\"\n"
                    + "password = \"" + PASSWORD + "\"\n"
                    + "timeout_seconds = 10\n\n"
                    + "# Sending goes to the same demo server: try r (reply) or m (new message) in the reader.\n"
                    + "[accounts.demo.smtp]\n"
                    + "host = \"127.0.0.1\"\n"
                    + "port = " + gm.getSmtp().getPort() + "\n"
                    + "security = \"plain\"   # loopback only\n"
                    + "from = \"Demo User <" + USER + "@localhost>\"\n";
            Files.writeString(config, toml, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            return new DemoServer(gm, dir, config);
        } catch (IOException | RuntimeException e) {
            gm.stop();
            throw e;
        }
    }

    public Path config() { return config; }

    public int imapPort() { return greenMail.getImap().getPort(); }

    public int pop3Port() { return greenMail.getPop3().getPort(); }

    public int smtpPort() { return greenMail.getSmtp().getPort(); }

    @Override
    public void close() {
        greenMail.stop();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless; the OS cleans it.
        }
    }
}
