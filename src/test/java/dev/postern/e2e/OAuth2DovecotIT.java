package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.auth.TestAuthServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built program signs in by OAuth2 and reads mail from a real Dovecot that takes only tokens for the account's
 * mechanisms (passdb oauth2), checking each token against our loopback authorization server's introspection
 * endpoint: device-flow login, IMAP and POP3 runs with OAUTHBEARER or XOAUTH2 as the server offers, silent refresh
 * with rotation, a revoked sign-in, a server with neither mechanism; and no token byte in the log, stdout or stderr
 * of any run. Four Dovecots (both mechanisms, XOAUTH2 only, OAUTHBEARER only, none) start once for the class.
 */
@Tag("e2e")
class OAuth2DovecotIT {
    static TestAuthServer auth;
    static DovecotServer both;
    static DovecotServer xoauth2Only;
    static DovecotServer bearerOnly;
    static DovecotServer passwordsOnly;
    static SmtpToDovecot relay;

    @TempDir Path home;
    private final List<PosternProcess.Result> runs = new ArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        auth = new TestAuthServer("alice");
        String introspect = auth.url("/introspect").toString();
        both = new DovecotServer().oauth2("xoauth2 oauthbearer", introspect);
        relay = new SmtpToDovecot(both); // Dovecot's submission service relays what it accepted to this
        both.submission(relay.port(), "bob");
        xoauth2Only = new DovecotServer().oauth2("xoauth2", introspect);
        bearerOnly = new DovecotServer().oauth2("oauthbearer", introspect).submission(relay.port(), "bob");
        passwordsOnly = new DovecotServer().submission(relay.port(), "bob"); // takes only passwords there too
        for (DovecotServer d : List.of(both, xoauth2Only, bearerOnly, passwordsOnly)) d.start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (DovecotServer d : new DovecotServer[] {both, xoauth2Only, bearerOnly, passwordsOnly}) if (d != null) d.close();
        if (auth != null) auth.close();
        if (relay != null) relay.close();
    }

    private Path config(DovecotServer d, String protocol) throws Exception {
        int port = protocol.equals("imap") ? d.imapPort() : d.pop3Port();
        return PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("work", protocol, "localhost", port, "starttls", "alice", null, 20, d.certPem())
                        + "auth = \"oauth2\"\n" + auth.configTable("work"));
    }

    private PosternProcess.Result postern(Path config, String... args) {
        PosternProcess.Result r = PosternProcess.withConfig(home, config, args).timeout(Duration.ofMinutes(2)).run();
        runs.add(r);
        return r.assertNoStackTrace();
    }

    private void login(Path config) {
        auth.devicePolls("authorization_pending");
        PosternProcess.Result r = postern(config, "auth", "login", "work");
        r.assertExitCode(0);
        assertTrue(r.stdout().contains("on any device and enter the code WDJB-MJHT"), r.describe());
        assertTrue(r.stdout().contains("signed in work"), r.describe());
    }

    /** No token, refresh token, code or device code this server ever issued appears in any output or the log. */
    private void assertNoTokenLeaked() throws Exception {
        StringBuilder all = new StringBuilder();
        for (PosternProcess.Result r : runs) all.append(r.stdout()).append('\n').append(r.stderr()).append('\n');
        Path log = home.resolve("state").resolve("postern").resolve("postern.log");
        assertTrue(Files.exists(log), "the runs wrote a log file");
        all.append(Files.readString(log, StandardCharsets.UTF_8));
        List<String> issued = auth.issued();
        assertFalse(issued.isEmpty());
        for (String t : issued) {
            // a token's last 16 characters are enough to find it even cut or wrapped
            String tail = t.substring(Math.max(3, t.length() - 16));
            assertFalse(all.indexOf(tail) >= 0, "a token issued by the server appears in a run's output or the log");
        }
    }

    @Test
    void deviceLoginThenImapAndPop3WithOauthbearerAndNoTokenAnywhere() throws Exception {
        both.deliver("alice", "INBOX", "From: bob@localhost\r\nTo: alice@localhost\r\nSubject: over oauth\r\n\r\nhi\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        Path config = config(both, "imap");
        login(config);
        int refreshed = auth.refreshes(); // the server counts for the whole class, whatever order the tests run in
        PosternProcess.Result status = postern(config, "auth", "status", "--json");
        status.assertExitCode(0);
        assertTrue(status.stdout().contains("\"signed_in\":true"), status.describe());
        assertTrue(status.stdout().contains("\"refresh_token\":true"), status.describe());

        PosternProcess.Result list = postern(config, "list", "INBOX", "--json");
        list.assertExitCode(0);
        assertTrue(list.stdout().contains("over oauth"), list.describe());
        String dovecotLog = Files.readString(both.logPath());
        assertTrue(dovecotLog.contains("user=<alice>, method=OAUTHBEARER"), both.logTail(20));

        Path pop = config(both, "pop3");
        PosternProcess.Result fetch = postern(pop, "fetch");
        fetch.assertExitCode(0);
        assertTrue(Files.readString(both.logPath()).contains("pop3-login: Info: Login: user=<alice>, method=OAUTHBEARER"),
                both.logTail(20));
        assertEquals(refreshed, auth.refreshes(), "an hour-long token is used as it is");
        assertNoTokenLeaked();
    }

    /**
     * The reader, started before any sign-in: the failed connection offers :sign-in; it runs the device flow on
     * the terminal (address, code, QR code), returns to the reader, and the reader's next sync logs in with the
     * new token. Run in tmux as a person would.
     */
    @Test
    void theReaderSignsInWithoutLeavingAndThenSyncsWithTheNewToken() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        both.deliver("alice", "INBOX", "From: bob@localhost\r\nTo: alice@localhost\r\nSubject: read after sign-in\r\n\r\nhi\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        Path config = config(both, "imap");
        auth.devicePolls("authorization_pending", "authorization_pending");
        try (Tmux t = Tmux.start("postern-signin-" + ProcessHandle.current().pid(), 100, 40, "env HOME=" + home
                + " XDG_STATE_HOME=" + home.resolve("state") + " " + PosternProcess.launcherJava() + " -jar "
                + PosternProcess.jar() + " --config " + config + "; echo EXIT=$?; sleep 60")) {
            t.await("not signed in; type :sign-in (or run `postern auth login work`).", 90);
            t.keys(":sign-in", "Enter");
            String flow = t.await("Waiting for the approval", 30);
            assertTrue(flow.contains("enter the code WDJB-MJHT"), flow);
            assertTrue(flow.contains("Or scan this with a phone:") && flow.contains("█"), "a QR code is drawn:\n" + flow);
            t.await("signed in work", 60);
            t.keys(":sync", "Enter");
            t.await("read after sign-in", 60);
            t.keys("q");
            t.await("EXIT=0", 10);
        }
        Path tokens = home.resolve("data").resolve("oauth2").resolve("work.json");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)));
        assertTrue(Files.readString(both.logPath()).contains("user=<alice>, method="), both.logTail(20));
    }

    /**
     * A revoked sign-in met by the reader: the one sentence on the status line offers :sign-in, which mends it
     * without leaving; the next sync logs in with the new token. No token byte on the terminal, scrollback included.
     */
    @Test
    void theReaderOffersSignInForARevokedSignInAndNoTokenReachesTheTerminal() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        Path config = config(both, "imap");
        login(config);
        auth.revokeAll(); // the saved access token and refresh token both stop working
        auth.devicePolls("authorization_pending");
        String screen;
        try (Tmux t = Tmux.start("postern-revoked-" + ProcessHandle.current().pid(), 200, 40, "env HOME=" + home
                + " XDG_STATE_HOME=" + home.resolve("state") + " " + PosternProcess.launcherJava() + " -jar "
                + PosternProcess.jar() + " --config " + config + "; echo EXIT=$?; sleep 60")) {
            String pane = t.await("the provider no longer accepts the saved sign-in (it expired or was revoked); type"
                    + " :sign-in (or run `postern auth login work`).", 90);
            Path tokens = home.resolve("data").resolve("oauth2").resolve("work.json");
            String revoked = Files.readString(tokens);
            t.keys(":sign-in", "Enter");
            t.await("Waiting for the approval", 30);
            // A job that failed with the old sign-in meanwhile does not overwrite the flow's notice (SignInNeeded).
            t.await("signed in work", 60);
            assertNotEquals(revoked, Files.readString(tokens), "the sign-in from the reader saved new tokens");
            t.await(" work: INBOX", 30); // the reader is back
            both.deliver("alice", "INBOX", "From: bob@localhost\r\nTo: alice@localhost\r\nSubject: mended in the reader\r\n\r\nhi\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            t.keys(":sync", "Enter");
            t.await("mended in the reader", 60);
            screen = pane + t.scrollback();
            t.keys("q");
            t.await("EXIT=0", 10);
        }
        for (String token : auth.issued()) {
            assertFalse(screen.contains(token.substring(Math.max(3, token.length() - 16))), "a token reached the terminal");
        }
        assertNoTokenLeaked();
    }

    @Test
    void anExpiredTokenIsRefreshedSilentlyTheRotatedOneSavedAndARevokedOneSaysToLogIn() throws Exception {
        Path config = config(xoauth2Only, "imap");
        // 30 s: good at the server while the run uses it, but inside postern's one-minute margin, so each run refreshes
        auth.accessTtl(30);
        try {
            login(config);
            Path tokens = home.resolve("data").resolve("oauth2").resolve("work.json");
            String before = Files.readString(tokens);
            int refreshed = auth.refreshes();
            postern(config, "folders").assertExitCode(0);
            String after = Files.readString(tokens);
            assertEquals(refreshed + 1, auth.refreshes(), "the run refreshed the expired token itself");
            assertNotEquals(before, after, "the rotated refresh token replaced the old one");
            postern(config, "folders").assertExitCode(0); // with the rotated refresh token
            assertEquals(refreshed + 2, auth.refreshes());
            assertTrue(Files.readString(xoauth2Only.logPath()).contains("user=<alice>, method=XOAUTH2"));
            postern(config(xoauth2Only, "pop3"), "fetch").assertExitCode(0);
            assertTrue(Files.readString(xoauth2Only.logPath()).contains("pop3-login: Info: Login: user=<alice>, method=XOAUTH2"),
                    xoauth2Only.logTail(20));

            auth.revokeAll();
            PosternProcess.Result revoked = postern(config, "folders");
            revoked.assertExitCode(78);
            // The store's folders, as list shows its rows when the server cannot be asked (hunt 39-Y, Y12).
            assertEquals("postern: account work: the provider no longer accepts the saved sign-in (it expired or was"
                    + " revoked); run `postern auth login work`. Showing the cached folders.", revoked.stderr().strip(),
                    revoked.describe());
            assertTrue(revoked.stdout().contains("INBOX"), revoked.describe());
        } finally {
            auth.accessTtl(3600);
        }
        assertNoTokenLeaked();
    }

    @Test
    void sendSubmitsThroughDovecotSubmissionWithTheToken() throws Exception {
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("work", "imap", "localhost", both.imapPort(), "starttls", "alice", null, 20,
                        both.certPem()) + "auth = \"oauth2\"\n"
                        + "[accounts.work.smtp]\nhost = \"localhost\"\nport = " + both.submissionPort()
                        + "\nsecurity = \"starttls\"\nfrom = \"alice@localhost\"\ntls_trust_cert = \"" + both.certPem() + "\"\n"
                        + auth.configTable("work"));
        login(config);
        int before = relay.received.size();
        PosternProcess.Result sent = PosternProcess.withConfig(home, config, "send", "--to", "bob@localhost",
                "--subject", "token-signed submission").stdin("hello over submission\n").timeout(Duration.ofMinutes(2)).run();
        runs.add(sent);
        sent.assertNoStackTrace().assertExitCode(0);
        assertEquals(before + 1, relay.received.size(), sent.describe());
        assertEquals("alice@localhost", relay.received.get(before).from());
        assertTrue(Files.readString(both.logPath()).contains("submission-login: Info: Login: user=<alice>, method=OAUTHBEARER"),
                both.logTail(20));
        assertNoTokenLeaked();
    }

    @Test
    void anAccessTokenTheServerRefusesBeforeItsExpiryIsRenewedOnceAndTheRunSucceeds() throws Exception {
        Path config = config(both, "imap");
        login(config);
        int refreshed = auth.refreshes();
        auth.forgetAccessTokens(); // as when the provider cuts a token short
        PosternProcess.Result r = postern(config, "folders");
        r.assertExitCode(0);
        assertEquals(refreshed + 1, auth.refreshes(), r.describe());
        // POP3 too: the server's OAUTHBEARER error challenge is answered, the -ERR taken as a refusal, renewed once
        auth.forgetAccessTokens();
        PosternProcess.Result pop = postern(config(both, "pop3"), "fetch");
        pop.assertExitCode(0);
        assertEquals(refreshed + 2, auth.refreshes(), pop.describe());
        assertNoTokenLeaked();
    }

    @Test
    void aServerWithOnlyOauthbearerTakesItOverImapPop3AndSmtp() throws Exception {
        bearerOnly.deliver("alice", "INBOX", "From: bob@localhost\r\nTo: alice@localhost\r\nSubject: bearer only\r\n\r\nhi\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        Path pop = config(bearerOnly, "pop3");
        login(pop);
        postern(pop, "fetch").assertExitCode(0);
        assertTrue(Files.readString(bearerOnly.logPath()).contains("pop3-login: Info: Login: user=<alice>, method=OAUTHBEARER"),
                bearerOnly.logTail(20));
        PosternProcess.Result list = postern(pop, "list", "INBOX", "--json");
        list.assertExitCode(0);
        assertTrue(list.stdout().contains("bearer only"), "the message came over the signed-in POP3 link: " + list.describe());
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("work", "imap", "localhost", bearerOnly.imapPort(), "starttls", "alice", null, 20,
                        bearerOnly.certPem()) + "auth = \"oauth2\"\n"
                        + "[accounts.work.smtp]\nhost = \"localhost\"\nport = " + bearerOnly.submissionPort()
                        + "\nsecurity = \"starttls\"\nfrom = \"alice@localhost\"\ntls_trust_cert = \"" + bearerOnly.certPem()
                        + "\"\n" + auth.configTable("work"));
        postern(config, "folders").assertExitCode(0);
        assertTrue(Files.readString(bearerOnly.logPath()).contains("imap-login: Info: Login: user=<alice>, method=OAUTHBEARER"));
        int before = relay.received.size();
        PosternProcess.Result sent = PosternProcess.withConfig(home, config, "send", "--to", "bob@localhost",
                "--subject", "bearer-only submission").stdin("hi\n").timeout(Duration.ofMinutes(2)).run();
        runs.add(sent);
        sent.assertNoStackTrace().assertExitCode(0);
        assertEquals(before + 1, relay.received.size(), sent.describe());
        assertTrue(Files.readString(bearerOnly.logPath()).contains("submission-login: Info: Login: user=<alice>, method=OAUTHBEARER"),
                bearerOnly.logTail(20));
        assertNoTokenLeaked();
    }

    @Test
    void aServerWithNeitherMechanismGetsNoTokenAndAClearSentence() throws Exception {
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.account("work", "imap", "localhost", passwordsOnly.imapPort(), "starttls", "alice", null, 20,
                        passwordsOnly.certPem()) + "auth = \"oauth2\"\n"
                        + "[accounts.work.smtp]\nhost = \"localhost\"\nport = " + passwordsOnly.submissionPort()
                        + "\nsecurity = \"starttls\"\nfrom = \"alice@localhost\"\ntls_trust_cert = \"" + passwordsOnly.certPem()
                        + "\"\n" + auth.configTable("work"));
        login(config);
        int refreshed = auth.refreshes();
        PosternProcess.Result sent = PosternProcess.withConfig(home, config, "send", "--to", "bob@localhost",
                "--subject", "never sent").stdin("x\n").timeout(Duration.ofMinutes(2)).run();
        runs.add(sent);
        sent.assertNoStackTrace().assertExitCode(78);
        assertTrue(sent.stderr().contains("offers neither OAUTHBEARER nor XOAUTH2, so no token was sent"), sent.describe());
        assertEquals(refreshed, auth.refreshes(), "nothing was refused, so nothing was renewed: " + sent.describe());
        PosternProcess.Result r = postern(config, "folders");
        r.assertExitCode(78);
        assertTrue(r.stderr().contains("offers neither OAUTHBEARER nor XOAUTH2, so no token was sent"), r.describe());
        PosternProcess.Result pop = postern(config(passwordsOnly, "pop3"), "fetch");
        pop.assertExitCode(78);
        assertTrue(pop.stderr().contains("offers neither OAUTHBEARER nor XOAUTH2, so no token was sent"), pop.describe());
        String log = Files.readString(passwordsOnly.logPath());
        assertFalse(log.contains("user=<alice>"), "no login was even tried: " + passwordsOnly.logTail(10));
        assertNoTokenLeaked();
    }

    /** A terminal as a person has one: a tmux session running a command, read with capture-pane. */
    private static final class Tmux implements AutoCloseable {
        private final String session;

        private Tmux(String session) {
            this.session = session;
        }

        static boolean available() {
            try {
                return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
            } catch (Exception e) {
                return false;
            }
        }

        static Tmux start(String session, int columns, int rows, String command) throws Exception {
            sh("tmux", "new-session", "-d", "-s", session, "-x", String.valueOf(columns), "-y", String.valueOf(rows), command);
            return new Tmux(session);
        }

        void keys(String... keys) throws Exception {
            for (String k : keys) {
                if (k.equals("Enter")) sh("tmux", "send-keys", "-t", session, "Enter");
                else sh("tmux", "send-keys", "-t", session, "-l", k);
            }
        }

        /** Everything the pane has shown, its scrollback included. */
        String scrollback() throws Exception {
            return sh("tmux", "capture-pane", "-p", "-J", "-S", "-", "-t", session);
        }

        String await(String text, int seconds) throws Exception {
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
            String pane = "";
            while (System.nanoTime() < end) {
                pane = sh("tmux", "capture-pane", "-p", "-J", "-t", session);
                if (pane.contains(text)) return pane;
                Thread.sleep(100);
            }
            throw new AssertionError("the terminal never showed '" + text + "':\n" + pane);
        }

        private static String sh(String... argv) throws Exception {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            sh("tmux", "kill-session", "-t", session);
        }
    }
}
