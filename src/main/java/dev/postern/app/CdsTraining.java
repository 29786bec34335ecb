package dev.postern.app;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postern.app.demo.DemoServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The run the launchers record a class-data-sharing archive from (its class list, {@code
 * -XX:DumpLoadedClassList}, then dumped with {@code -Xshare:dump}), once per build: the batch commands people run from cron and scripts (fetch, sync, list, folders, help), each
 * run in this process and one sent to a resident owner,
 * a first time and again with nothing new, against the demo server on loopback, plus a TLS handshake. A
 * JVM started with the archive maps these classes instead of loading, parsing and verifying them, which
 * is most of a short command's start-up. Output is discarded; failures only make the archive smaller.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                return;
            }
            System.exit(1); // a hung server must not hang the launcher; the archive is still written
        }, "cds-training-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Path home = Files.createTempDirectory("postern-cds-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ServerSetup imaps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort();
        imaps.setServerStartupTimeout(DemoServer.STARTUP_TIMEOUT_MS);
        GreenMail tls = new GreenMail(imaps);
        try (DemoServer demo = DemoServer.start()) {
            tls.start();
            tls.setUser(DemoServer.USER + "@localhost", DemoServer.USER, DemoServer.PASSWORD);
            Path pem = home.resolve("greenmail.pem");
            Files.writeString(pem, greenMailCertificatePem());
            Path config = home.resolve("config.toml");
            String account = "host = \"127.0.0.1\"\nuser = \"" + DemoServer.USER + "\"\npassword = \""
                    + DemoServer.PASSWORD + "\"\ntimeout_seconds = 10\n";
            Files.writeString(config, "data_dir = \"" + home.resolve("data") + "\"\n"
                    + "[accounts.imap]\nprotocol = \"imap\"\nport = " + demo.imapPort() + "\nsecurity = \"plain\"\n" + account
                    + "[accounts.pop]\nprotocol = \"pop3\"\nport = " + demo.pop3Port() + "\nsecurity = \"plain\"\n" + account
                    + "[accounts.tls]\nprotocol = \"imap\"\nport = " + tls.getImaps().getPort() + "\nsecurity = \"tls\"\n"
                    + "tls_trust_cert = \"" + pem + "\"\n" + account);
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            Map<String, String> env = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                    "XDG_CONFIG_HOME", home.resolve("config").toString());
            String cfg = config.toString();
            List<List<String>> commands = List.of(
                    List.of("--help"), List.of("fetch", "--help"),
                    List.of("--config", cfg, "fetch", "-a", "pop"), List.of("--config", cfg, "fetch", "-a", "pop", "--quiet"),
                    List.of("--config", cfg, "-a", "imap", "sync"), List.of("--config", cfg, "-a", "imap", "sync", "--folder", "INBOX"),
                    List.of("--config", cfg, "-a", "imap", "folders"), List.of("--config", cfg, "-a", "imap", "list", "--limit", "5"),
                    List.of("--config", cfg, "-a", "imap", "list", "--cached", "--limit", "1"),
                    List.of("--config", cfg, "-a", "imap", "list", "--json", "--limit", "1"),
                    // The certificate is pinned but names no host, so this stops after a whole handshake.
                    List.of("--config", cfg, "-a", "tls", "sync", "--folder", "INBOX"),
                    List.of("--config", cfg, "fetch", "--quiet"),
                    // A bare first word opens the store (it may name a folder); the next is answered by the index
                    // alone, from the snapshot that search's close kept (cli/LocalSearchLine).
                    List.of("--config", cfg, "-a", "pop", "search", "--local", "--json", "hello"),
                    List.of("--config", cfg, "-a", "pop", "search", "--local", "--json", "body:hello"),
                    // Answered by the index alone, as a text listing and as JSON: the printing, the sort and their
                    // lambdas (a search that finds nothing goes to the store instead, and never printed from the index).
                    List.of("--config", cfg, "-a", "pop", "search", "--local", "subject:meeting"),
                    List.of("--config", cfg, "-a", "pop", "search", "--local", "--json", "subject:meeting"));
            PrintStream devNull = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            for (List<String> command : commands) {
                Main.run(command.toArray(String[]::new), env, OutputStream.nullOutputStream(), devNull, (c, a, f) -> { });
            }
            reader(cfg, env);
            // The thin client's path (a command sent to a resident owner), with the owner's side in this JVM too:
            // a client then maps its socket classes instead of loading them (see dev.postern.resident.Client).
            Postern.class.getName(); // the launchers' entry class (loaded, not run: it would exit)
            Main.TerminalUi.class.getName(); // inProcess's reader launcher, made for every command line
            dev.postern.store.StoreHolder.class.getName(); // inProcess names this process for the store's lock
            Main.zoneInBackground(); // and its warm-up thread
            try (AppContext owner = new AppContext(env, config)) {
                owner.controller();
                try (dev.postern.resident.Owner o = dev.postern.resident.Owner.start(owner, dev.postern.resident.Owner.Role.DAEMON)) {
                    dev.postern.resident.Client.run(new String[] {"--config", cfg, "-a", "imap", "list", "--cached", "--limit", "1"}, env, Postern.class.getName());
                }
            }
        } finally {
            tls.stop();
            try (var walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0); // past any non-daemon thread a library left behind
    }

    /**
     * The reader's path to its first screen (paint first, issue 16): the command line, its options, the
     * controller, Lanterna's screen, the views and their first frames, on a virtual terminal of 80x24 (the
     * training has no terminal), then 'q'. Without it the reader loaded some 170 classes from the jar (parsed
     * and verified) and made its lambdas and record methods on the way to its first screen. The classes of the
     * real terminal (which needs a tty to set up) and its key decoding are loaded by name.
     */
    private static void reader(String cfg, Map<String, String> env) throws Exception {
        for (String c : List.of("dev.postern.ui.ExactUnixTerminal", "com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal$CtrlCBehaviour",
                "com.googlecode.lanterna.terminal.MouseCaptureMode", "com.googlecode.lanterna.input.MouseActionType",
                "com.googlecode.lanterna.terminal.ansi.ANSITerminal$1")) {
            Class.forName(c);
        }
        // What a reader on a real terminal meets before its first screen and the virtual terminal below does not:
        // the password prompt made for a terminal's stdin, the owner's handle (Main.Serving), Lanterna's answer to
        // its size query, and the stty process that takes the terminal over (ExactUnixTerminal), whose
        // ProcessBuilder, ProcessImpl and their lambdas some twenty classes are.
        dev.postern.cli.TerminalPasswordPrompt.system();
        for (String c : List.of("org.jline.reader.UserInterruptException", "org.jline.reader.EndOfFileException",
                "dev.postern.app.Main$Serving", "dev.postern.app.Main$Serving$Start", "dev.postern.app.Main$ToTerminal",
                "com.googlecode.lanterna.input.ScreenInfoCharacterPattern$1")) {
            Class.forName(c);
        }
        // And those it read from the jar before its first frame (-Xlog:class+load, issue 16): the handover's place and
        // the hidden variables (Main.launchTui), the wait for an owner's store (ReaderClient), the log file's opening,
        // and the real terminal's cell writer (ExactUnixTerminal's flush). Loaded, not run (no terminal, no owner).
        ClassLoader loader = CdsTraining.class.getClassLoader();
        for (String c : List.of("dev.postern.resident.HandoverPlace", "dev.postern.model.SecretEnv", "dev.postern.resident.StoreWait",
                "dev.postern.app.LogSink", "dev.postern.model.OwnFiles", "dev.postern.model.OwnFiles$Kind",
                "dev.postern.model.OwnFiles$Uid", "dev.postern.model.OwnFiles$NotOwn", "dev.postern.ui.CellSync",
                "dev.postern.ui.CellSync$Text", "dev.postern.ui.CellSync$Move")) {
            Class.forName(c, false, loader);
        }
        Process sh = new ProcessBuilder("/bin/sh", "-c", "true").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        sh.getInputStream().readAllBytes();
        sh.waitFor();
        com.googlecode.lanterna.input.InputDecoder keys = new com.googlecode.lanterna.input.InputDecoder(new java.io.StringReader("q\u001b[A"));
        keys.addProfile(new com.googlecode.lanterna.input.DefaultKeyDecodingProfile());
        keys.getNextCharacter(false);
        keys.getNextCharacter(false);
        com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal terminal =
                new com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal(new com.googlecode.lanterna.TerminalSize(80, 24));
        Thread quit = new Thread(() -> {
            try {
                Thread.sleep(4_000); // its first screen, and what starts behind it
            } catch (InterruptedException e) {
                return;
            }
            terminal.addInput(new com.googlecode.lanterna.input.KeyStroke('q', false, false));
        }, "cds-training-reader-quit");
        quit.setDaemon(true);
        quit.start();
        PrintStream devNull = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Main.run(new String[] {"--config", cfg, "-a", "imap"}, env, OutputStream.nullOutputStream(), devNull,
                new dev.postern.cli.PosternCommand.UiLauncher() {
                    @Override
                    public void run(dev.postern.controller.MailController c, String account, String folder) {
                        run(dev.postern.ui.TuiOptions.defaults(env), c, account, folder);
                    }

                    @Override
                    public void run(dev.postern.ui.TuiOptions options, dev.postern.controller.MailController c, String account,
                                    String folder) {
                        dev.postern.ui.Tui.run(c, account, folder, terminal, options, java.time.Clock.systemDefaultZone());
                    }
                });
    }

    private static String greenMailCertificatePem() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = GreenMail.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate(ks.aliases().nextElement());
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
