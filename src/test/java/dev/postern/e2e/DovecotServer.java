package dev.postern.e2e;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Dovecot 2.3 (IMAP, IMAPS, POP3, POP3S) in a private temporary directory, for tests that
 * are about what a server does.
 *
 * <p>Use it as an extension, which starts it before the class's tests and stops it after:
 * <pre>{@code @RegisterExtension static final DovecotServer DOVECOT = new DovecotServer();}</pre>
 * or by hand: {@code try (DovecotServer d = DovecotServer.started()) { ... }}.
 *
 * <p>Users {@code alice} and {@code bob} have Maildir++ homes and the special-use folders Sent,
 * Drafts, Trash, Archive and Junk. Listeners are on 127.0.0.1 and free high ports; the plain
 * ports allow LOGIN without TLS (loopback) and offer STARTTLS.
 */
public final class DovecotServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String NOT_INSTALLED =
            "Dovecot is not installed: run .ci/run (it installs dovecot-imapd and dovecot-pop3d)";

    /** Mail may not be owned by root; as root the fixture stores it as this system user. */
    static final String MAIL_USER = "postern-test";

    private static final Duration READY_DEADLINE = Duration.ofSeconds(20);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final AtomicLong seedCounter = new AtomicLong();
    private Path dir;
    private Path conf;
    private int imapPort;
    private int imapsPort;
    private int pop3Port;
    private int pop3sPort;
    private boolean root;
    private String currentUser;
    private String currentGroup;
    private String mailUid;
    private String mailGid;
    private String dovecot;
    private String doveadm;
    private Thread shutdownHook;
    private boolean running;
    private Duration startupTime = Duration.ZERO;

    /** Set by {@link #oauth2} before start: the token mechanisms offered and where tokens are checked. */
    private String oauth2Mechanisms;
    private String introspectionUrl;

    /**
     * Makes the server take OAuth2 tokens by {@code mechanisms} ("xoauth2 oauthbearer", "xoauth2" or "oauthbearer"),
     * checking each against {@code introspectionUrl} (RFC 7662); call before {@link #start}.
     */
    public DovecotServer oauth2(String mechanisms, String introspectionUrl) {
        this.oauth2Mechanisms = mechanisms;
        this.introspectionUrl = introspectionUrl;
        return this;
    }

    /** Set by {@link #submission} before start: where Dovecot's submission service relays to. */
    private int relayPort;
    private String relayUser;
    private int submissionPort;

    /**
     * Also runs Dovecot's submission service (package dovecot-submissiond), relaying accepted mail to
     * 127.0.0.1:{@code relayPort} logged in as {@code relayUser} (for {@link SmtpToDovecot}); call before {@link #start}.
     */
    public DovecotServer submission(int relayPort, String relayUser) {
        this.relayPort = relayPort;
        this.relayUser = relayUser;
        return this;
    }

    /** Set by {@link #acl} before start. */
    private boolean acl;

    /**
     * Access rights per folder (Dovecot's acl plugin, rights in a folder's {@code dovecot-acl} file: see
     * {@link #rights}); call before {@link #start}.
     */
    public DovecotServer acl() {
        this.acl = true;
        return this;
    }

    /**
     * Sets the owner's own rights on one of the user's folders ({@code "lr"}: look up and read, no writes), as a
     * shared or public folder given to readers is: Dovecot then answers its SELECT with {@code [READ-ONLY]}.
     */
    public void rights(String user, String folder, String rights) throws IOException {
        Files.writeString(maildir(user, folder).resolve("dovecot-acl"), "owner " + rights + "\n");
    }

    /** Set by {@link #authMechanisms} and {@link #maxUserIpConnections} before start; null and 0: Dovecot's defaults here. */
    private String authMechanisms;
    private int maxUserIpConnections;

    /** The only login mechanisms offered ("cram-md5": no PLAIN or LOGIN, so LOGINDISABLED); call before {@link #start}. */
    public DovecotServer authMechanisms(String mechanisms) {
        this.authMechanisms = mechanisms;
        return this;
    }

    /** At most {@code n} IMAP (and POP3) connections per user and address ({@code mail_max_userip_connections}). */
    public DovecotServer maxUserIpConnections(int n) {
        this.maxUserIpConnections = n;
        return this;
    }

    /** The submission port (plain with STARTTLS), when {@link #submission} was asked for. */
    public int submissionPort() {
        return submissionPort;
    }

    public DovecotServer() {
        passwords.put("alice", "alice-Pw-4h7Q");
        passwords.put("bob", "bob-Pw-9Xz2");
    }

    /** One more mail user, {@code name} with {@code password} (any letters: the passwd file is UTF-8); call before start. */
    public DovecotServer withUser(String name, String password) {
        passwords.put(name, password);
        return this;
    }

    /** A started server; close it to stop Dovecot and delete its directory. */
    public static DovecotServer started() {
        DovecotServer server = new DovecotServer();
        server.start();
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("Dovecot already running in " + dir);
        }
        dovecot = findBinary("dovecot");
        doveadm = findBinary("doveadm");
        String openssl = findBinary("openssl");
        if (dovecot == null || doveadm == null) {
            throw new IllegalStateException(NOT_INSTALLED);
        }
        if (openssl == null) {
            throw new IllegalStateException("openssl is not installed: run .ci/run (it installs it)");
        }
        long t0 = System.nanoTime();
        try {
            dir = Files.createTempDirectory("postern-dovecot-");
            // Mail processes run as the mail user and must reach the homes and sockets inside.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            resolveMailUser();
            SelfSignedCert.write(openssl, "trusted", dir.resolve("cert.pem"), dir.resolve("key.pem"));
            SelfSignedCert.write(openssl, "untrusted", dir.resolve("untrusted-cert.pem"), dir.resolve("untrusted-key.pem"));
            writeUsers();
            shutdownHook = new Thread(this::stopDovecot, "stop dovecot " + dir);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            launchWithFreePorts();
            running = true;
            startupTime = Duration.ofNanos(System.nanoTime() - t0);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot set up Dovecot in " + dir, e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Stops Dovecot (gracefully, then by killing its master) and deletes its directory. */
    @Override
    public synchronized void close() {
        stopDovecot();
        running = false;
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or has run; it did the same work.
            }
            shutdownHook = null;
        }
        if (dir != null) {
            deleteTree(dir);
        }
    }

    public int imapPort() {
        return imapPort;
    }

    public int imapsPort() {
        return imapsPort;
    }

    public int pop3Port() {
        return pop3Port;
    }

    public int pop3sPort() {
        return pop3sPort;
    }

    /** The certificate the server presents (self-signed for localhost and 127.0.0.1). */
    public Path certPem() {
        return dir.resolve("cert.pem");
    }

    /** An unrelated certificate for the same names: trusting it instead must fail the handshake. */
    public Path untrustedCertPem() {
        return dir.resolve("untrusted-cert.pem");
    }

    /** The password of a configured user. */
    public String user(String name) {
        String password = passwords.get(name);
        if (password == null) {
            throw new IllegalArgumentException("no such test user " + name + "; there are " + passwords.keySet());
        }
        return password;
    }

    public List<String> users() {
        return List.copyOf(passwords.keySet());
    }

    public Path logPath() {
        return dir.resolve("dovecot.log");
    }

    public Path dir() {
        return dir;
    }

    /** How long {@link #start()} took, certificates included: for reports, not assertions. */
    public Duration startupTime() {
        return startupTime;
    }

    public Path configPath() {
        return conf;
    }

    /** The user's Maildir++ directory for a folder ("INBOX", "Archive", "Lists/java"). */
    public Path maildir(String user, String folder) {
        user(user);
        Path root = dir.resolve("home").resolve(user).resolve("Maildir");
        return folder.equalsIgnoreCase("INBOX") ? root : root.resolve("." + folder.replace('/', '.'));
    }

    /** Creates and subscribes a folder through Dovecot itself; an existing folder is fine. */
    public void createFolder(String user, String folder) {
        requireRunning();
        user(user);
        PosternProcess.Result r = doveadm("mailbox", "create", "-s", "-u", user, folder).run();
        if (r.exitCode() != 0 && !r.stderr().contains("already exists")) {
            throw new IllegalStateException("cannot create folder " + folder + " for " + user + "\n" + r.describe());
        }
        // Special-use folders count as existing before anything is stored in them; opening one
        // makes Dovecot create its directory, which direct Maildir seeding needs.
        // (A name that is not ASCII has a directory in modified UTF-7, which maildir() does not spell.)
        if (folder.chars().allMatch(c -> c < 0x80) && !Files.isDirectory(maildir(user, folder))) {
            PosternProcess.Result status = doveadm("mailbox", "status", "-u", user, "messages", folder).run();
            if (status.exitCode() != 0 || !Files.isDirectory(maildir(user, folder))) {
                throw new IllegalStateException("folder " + folder + " of " + user + " has no directory at "
                        + maildir(user, folder) + "\n" + status.describe());
            }
        }
    }

    /**
     * Delivers one message through Dovecot ({@code doveadm save}), exactly as a delivery agent
     * would. About 15 ms a message: fine for a few; use {@link #seedBulk} for many.
     */
    public void deliver(String user, String folder, byte[] rfc822) {
        requireRunning();
        if (!folder.equalsIgnoreCase("INBOX")) {
            createFolder(user, folder);
        }
        PosternProcess.Result r = doveadm("save", "-u", user, "-m", folder).stdin(rfc822).run();
        if (r.exitCode() != 0) {
            throw new IllegalStateException("doveadm save to " + user + "/" + folder + " failed\n" + r.describe());
        }
    }

    /**
     * Gives a folder a new UIDVALIDITY in place ({@code doveadm mailbox update --uid-validity}): to a client it
     * looks exactly like a folder deleted and recreated with the same messages, at any size, in milliseconds.
     */
    public void setUidValidity(String user, String folder, long uidValidity) {
        requireRunning();
        PosternProcess.Result r = doveadm("mailbox", "update", "-u", user, "--uid-validity", Long.toString(uidValidity), folder).run();
        if (r.exitCode() != 0) throw new IllegalStateException("doveadm mailbox update failed\n" + r.describe());
    }

    /** The Subject lines of the messages in the user's folder on the server (read from its Maildir), sorted. */
    public List<String> subjects(String user, String folder) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        Path md = maildir(user, folder);
        for (String sub : List.of("cur", "new")) {
            if (!Files.isDirectory(md.resolve(sub))) continue;
            try (java.util.stream.Stream<Path> files = Files.list(md.resolve(sub))) {
                for (Path f : files.toList()) {
                    for (String line : Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                        if (line.startsWith("Subject: ")) out.add(line.substring(9).strip());
                        if (line.isEmpty()) break;
                    }
                }
            }
        }
        return out.stream().sorted().toList();
    }

    /** Removes every message of the user's folder through Dovecot ({@code doveadm expunge}). */
    public void expungeAll(String user, String folder) {
        requireRunning();
        PosternProcess.Result r = doveadm("expunge", "-u", user, "mailbox", folder, "all").run();
        if (r.exitCode() != 0) throw new IllegalStateException("doveadm expunge failed\n" + r.describe());
    }

    /** Drops every IMAP and POP3 connection of {@code user} ({@code doveadm kick}): a link that dies under a client. */
    public void kick(String user) {
        requireRunning();
        PosternProcess.Result r = doveadm("kick", user).run();
        if (r.exitCode() != 0) throw new IllegalStateException("doveadm kick " + user + " failed\n" + r.describe());
    }

    /** What {@link #seedBulk} stored: message numbers {@code first..first+count-1} of {@link SyntheticMail}. */
    public record Seeded(String user, String folder, long first, int count, int unread, int flagged) {
        public long last() {
            return first + count - 1;
        }
    }

    /**
     * Stores {@code count} varied messages ({@link SyntheticMail}) by writing Maildir files
     * directly, as a delivery agent does (tmp/, then rename into new/ or cur/). Dovecot indexes
     * them on the next access. Measured at about 0.1 ms a message where {@code doveadm save}
     * takes 15 ms, which is what makes 10,000-message folders cheap enough for tests.
     *
     * <p>Each message's Date and file time (IMAP INTERNALDATE) rise with its number, and the file
     * names sort the same way, so Dovecot assigns UIDs in seeding order. Unread messages go to
     * new/ (unless flagged), the others to cur/ with their flags in the name.
     */
    public Seeded seedBulk(String user, String folder, int count) {
        requireRunning();
        createFolder(user, folder);
        Path maildir = maildir(user, folder);
        Path tmp = maildir.resolve("tmp");
        long first = seedCounter.get() + 1;
        int unread = 0;
        int flagged = 0;
        try {
            for (Path sub : List.of(tmp, maildir.resolve("new"), maildir.resolve("cur"))) {
                Files.createDirectories(sub);
            }
            String to = user + "@postern.test";
            for (int i = 0; i < count; i++) {
                long n = seedCounter.incrementAndGet();
                byte[] bytes = SyntheticMail.message(n, to);
                long seconds = SyntheticMail.date(n).toEpochSecond();
                // S= and W= (size with CRLF line ends) spare Dovecot a stat and a read per message.
                String base = seconds + ".M" + (n % 1_000_000) + "P" + ProcessHandle.current().pid() + "Q" + n
                        + ".postern-seed,S=" + bytes.length + ",W=" + (bytes.length + countLf(bytes));
                boolean seen = SyntheticMail.seen(n);
                boolean flag = SyntheticMail.flagged(n);
                unread += seen ? 0 : 1;
                flagged += flag ? 1 : 0;
                Path target = !seen && !flag
                        ? maildir.resolve("new").resolve(base)
                        : maildir.resolve("cur").resolve(base + ":2," + (flag ? "F" : "") + (seen ? "S" : ""));
                Path staged = tmp.resolve(base);
                Files.write(staged, bytes);
                Files.setLastModifiedTime(staged, FileTime.from(SyntheticMail.date(n).toInstant()));
                try {
                    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IllegalStateException("Maildir tmp/ and cur/ on different file systems", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("seeding " + maildir, e);
        }
        chownToMailUser(maildir);
        return new Seeded(user, folder, first, count, unread, flagged);
    }

    /** Every ended IMAP/POP3 session so far, with the bytes Dovecot counted each way. */
    public List<SessionBytes> sessionBytes() {
        try {
            return SessionBytes.parse(Files.readAllLines(logPath(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for an ended session that matches, and returns the last such one. Dovecot writes the
     * logout line through its log process, a moment after the client saw the connection close.
     * To pick out "the session I just ran", take {@link #sessionBytes()} before and match
     * {@code s -> !before.contains(s) && ...}.
     */
    public SessionBytes awaitSession(Predicate<SessionBytes> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<SessionBytes> found = sessionBytes().stream().filter(match).toList();
            if (!found.isEmpty()) {
                return found.get(found.size() - 1);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching session end in the Dovecot log within " + timeout + "\n"
                        + logTail(30));
            }
            sleep(50);
        }
    }

    /**
     * Bytes Dovecot sent to every IMAP session of {@code user} that ended since {@code before}, once
     * the log has settled (Angus keeps one connection for the account and one per open folder, and
     * both count).
     */
    public long imapBytesOutSince(String user, List<SessionBytes> before) {
        awaitSession(s -> s.user().equals(user) && s.protocol().equals("imap") && !before.contains(s),
                Duration.ofSeconds(10));
        List<SessionBytes> settled;
        List<SessionBytes> now = sessionBytes();
        do {
            settled = now;
            sleep(500);
            now = sessionBytes();
        } while (now.size() != settled.size());
        return now.stream().filter(s -> s.user().equals(user) && s.protocol().equals("imap") && !before.contains(s))
                .mapToLong(SessionBytes::out).sum();
    }

    /**
     * Another IMAP client (Jakarta Mail) logged in as {@code user}: STARTTLS required on the plain
     * port, the fixture's certificate pinned and the server name checked.
     */
    public Store otherClient(String user) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.imap.ssl.socketFactory", PinnedTrust.socketFactory(certPem()));
        props.put("mail.imap.starttls.enable", "true");
        props.put("mail.imap.starttls.required", "true");
        props.put("mail.imap.ssl.checkserveridentity", "true");
        Store s = Session.getInstance(props).getStore("imap");
        s.connect("localhost", imapPort(), user, user(user));
        return s;
    }

    /** The last lines of Dovecot's log and of its startup output, for error messages. */
    public String logTail(int lines) {
        StringBuilder out = new StringBuilder();
        for (Path file : List.of(logPath(), dir.resolve("dovecot.stderr"))) {
            try {
                List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
                out.append("--- ").append(file).append(" (last ").append(lines).append(" lines) ---\n");
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("--- ").append(file).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    // ---- setup ---------------------------------------------------------------------------

    private void resolveMailUser() {
        String uid = idOf("-u");
        root = uid.equals("0");
        currentUser = idOf("-un");
        currentGroup = idOf("-gn");
        if (root) {
            ensureMailUserExists();
            mailUid = idOf("-u", MAIL_USER);
            mailGid = idOf("-g", MAIL_USER);
        } else {
            mailUid = uid;
            mailGid = idOf("-g");
        }
    }

    private static void ensureMailUserExists() {
        if (PosternProcess.command("id", MAIL_USER).timeout(TOOL_TIMEOUT).run().exitCode() == 0) {
            return;
        }
        PosternProcess.Result add = PosternProcess.command(
                "useradd", "-r", "-M", "-s", "/usr/sbin/nologin", MAIL_USER).timeout(TOOL_TIMEOUT).run();
        // Another test JVM may have created it in the meantime; only its absence is an error.
        if (add.exitCode() != 0 && PosternProcess.command("id", MAIL_USER).timeout(TOOL_TIMEOUT).run().exitCode() != 0) {
            throw new IllegalStateException("cannot create system user " + MAIL_USER + " for the test mail\n"
                    + add.describe());
        }
    }

    private static String idOf(String... args) {
        List<String> argv = new ArrayList<>(List.of("id"));
        argv.addAll(List.of(args));
        PosternProcess.Result r = PosternProcess.command(argv.toArray(String[]::new)).timeout(TOOL_TIMEOUT).run();
        if (r.exitCode() != 0) {
            throw new IllegalStateException("id failed\n" + r.describe());
        }
        return r.stdout().trim();
    }

    private void writeUsers() throws IOException {
        StringBuilder passwd = new StringBuilder();
        for (Map.Entry<String, String> u : passwords.entrySet()) {
            Path home = dir.resolve("home").resolve(u.getKey());
            Files.createDirectories(home);
            passwd.append(u.getKey()).append(":{PLAIN}").append(u.getValue()).append(':')
                    .append(mailUid).append(':').append(mailGid).append("::").append(home).append("::\n");
        }
        Files.writeString(dir.resolve("passwd"), passwd.toString());
        chownToMailUser(dir.resolve("home"));
    }

    /**
     * Picks free ports and starts Dovecot. A port found free can be taken by another process
     * before Dovecot binds it (other test JVMs run beside this one), so a bind failure is retried
     * with new ports.
     */
    private void launchWithFreePorts() throws IOException {
        String lastFailure = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            int[] ports = freePorts(relayPort > 0 ? 5 : 4);
            imapPort = ports[0];
            imapsPort = ports[1];
            pop3Port = ports[2];
            pop3sPort = ports[3];
            String submission = null;
            if (relayPort > 0) {
                submissionPort = ports[4];
                submission = "hostname = localhost\nsubmission_relay_host = 127.0.0.1\nsubmission_relay_port = "
                        + relayPort + "\nsubmission_relay_user = " + relayUser + "\nsubmission_relay_password = "
                        + user(relayUser) + "\nsubmission_relay_ssl = no\nservice submission-login {\n"
                        + (root ? "" : "  chroot =\n") + "  inet_listener submission {\n    port = " + submissionPort
                        + "\n  }\n}\n";
            }
            conf = dir.resolve("dovecot.conf");
            if (oauth2Mechanisms != null) {
                Files.writeString(dir.resolve("oauth2.conf.ext"), "introspection_mode = post\nintrospection_url = "
                        + introspectionUrl + "\nusername_attribute = username\nactive_attribute = active\n"
                        + "active_value = true\n");
            }
            String text = DovecotConfig.render(dir, mailUid, root ? null : currentUser + ":" + currentGroup,
                    imapPort, imapsPort, pop3Port, pop3sPort, oauth2Mechanisms, submission);
            if (acl) text = DovecotConfig.withAcl(text);
            if (authMechanisms != null) text = DovecotConfig.withAuthMechanisms(text, authMechanisms);
            if (maxUserIpConnections > 0) text = DovecotConfig.withMaxUserIpConnections(text, maxUserIpConnections);
            Files.writeString(conf, text);
            Path stderr = dir.resolve("dovecot.stderr");
            // Dovecot daemonizes but keeps the stdio it is given: a pipe would keep a reader
            // waiting forever, so its output goes to a file (startup errors such as a config
            // syntax error or a taken port are printed there before the log file is opened).
            Process launch = new ProcessBuilder(dovecot, "-c", conf.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stderr.toFile())
                    .redirectErrorStream(true)
                    .start();
            int exit;
            try {
                if (!launch.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    launch.destroyForcibly();
                    throw new IllegalStateException("`dovecot -c " + conf + "` did not return\n" + logTail(30));
                }
                exit = launch.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Dovecot", e);
            }
            String output = Files.readString(stderr);
            if (exit == 0) {
                awaitReady();
                return;
            }
            lastFailure = "`dovecot -c " + conf + "` exited with " + exit + "\n" + logTail(30);
            if (!output.contains("Address already in use")) {
                break;
            }
        }
        throw new IllegalStateException(lastFailure);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        // The plain ports must greet: that proves a login process runs, not just that the master
        // has bound the socket. The TLS ports can only be checked for accepting connections.
        awaitPort(imapPort, "* OK", deadline);
        awaitPort(pop3Port, "+OK", deadline);
        awaitPort(imapsPort, null, deadline);
        awaitPort(pop3sPort, null, deadline);
        if (relayPort > 0) awaitPort(submissionPort, "220", deadline);
    }

    private void awaitPort(int port, String greeting, long deadline) {
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                if (greeting == null) {
                    return;
                }
                s.setSoTimeout(2000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                if (line != null && line.startsWith(greeting)) {
                    return;
                }
                last = "greeting was " + line;
            } catch (IOException e) {
                last = e.toString();
            }
            sleep(50);
        }
        throw new IllegalStateException("Dovecot did not accept connections on 127.0.0.1:" + port + " within "
                + READY_DEADLINE + " (" + last + ")\n" + logTail(30));
    }

    private synchronized void stopDovecot() {
        if (conf == null || !Files.exists(dir.resolve("run").resolve("master.pid"))) {
            return;
        }
        ProcessHandle master = masterProcess();
        PosternProcess.command(dovecot, "-c", conf.toString(), "stop").timeout(Duration.ofSeconds(20)).run();
        if (master != null) {
            try {
                master.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                master.destroyForcibly();
            }
        }
    }

    private ProcessHandle masterProcess() {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("run").resolve("master.pid")).trim());
            return ProcessHandle.of(pid).orElse(null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private PosternProcess doveadm(String... args) {
        List<String> argv = new ArrayList<>(List.of(doveadm, "-c", conf.toString()));
        argv.addAll(List.of(args));
        return PosternProcess.command(argv.toArray(String[]::new)).timeout(TOOL_TIMEOUT);
    }

    private void chownToMailUser(Path path) {
        if (!root) {
            return;
        }
        PosternProcess.Result r = PosternProcess.command("chown", "-R", mailUid + ":" + mailGid, path.toString())
                .timeout(TOOL_TIMEOUT).run();
        if (r.exitCode() != 0) {
            throw new IllegalStateException("cannot hand " + path + " to " + MAIL_USER + "\n" + r.describe());
        }
    }

    private void requireRunning() {
        if (!running) {
            throw new IllegalStateException("Dovecot is not running: call start() first (or register the extension)");
        }
    }

    private static int[] freePorts(int count) throws IOException {
        // All sockets stay open until every port is chosen, so the four are distinct.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    static String findBinary(String name) {
        // Debian keeps dovecot in /usr/sbin, which a non-root PATH usually lacks.
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        return null;
    }

    private static int countLf(byte[] bytes) {
        int n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    // Dovecot removes its sockets while it shuts down; a vanished file is fine.
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Dovecot[%s imap=%d imaps=%d pop3=%d pop3s=%d]",
                dir, imapPort, imapsPort, pop3Port, pop3sPort);
    }
}
