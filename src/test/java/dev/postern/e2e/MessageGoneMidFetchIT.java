package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.app.Main;
import dev.postern.cli.PosternCommand;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message expunged by another client between postern's listing and its body fetch: the batch goes on past
 * it, stores the rest, exits 0 and names the message in {@code message_errors} (--json; on stderr otherwise). For
 * IMAP {@code fetch}, IMAP {@code sync} and POP3 {@code fetch}, against Dovecot, with a proxy that holds the
 * first body request until the other client's expunge is done (so the race happens every run).
 */
@Tag("e2e")
class MessageGoneMidFetchIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    @Test
    void imapFetchGoesOnPastAMessageExpungedBeforeItsBody() throws Exception {
        seed("alice", "INBOX", "imapfetch");
        try (HookProxy proxy = new HookProxy(DOVECOT.imapPort(), l -> l.contains("BODY.PEEK[]"),
                () -> expunge("alice", "INBOX", "imapfetch-2"))) {
            Out r = run(config("imap", proxy.port(), "alice"), "fetch", "--json");
            assertEquals(1, proxy.triggered.get(), "the body fetch was held for the expunge");
            assertEquals(0, r.code, r.describe());
            assertTrue(r.out.contains("\"ok\":true"), r.describe());
            assertTrue(r.out.contains("\"bodies\":2"), r.describe());
            assertTrue(r.out.matches("(?s).*\"message_errors\":\\[\"[^\"]*message \\d+[^\"]+\"\\].*"), r.describe());
        }
    }

    @Test
    void withoutJsonTheAccountLineCountsItAndStderrNamesIt() throws Exception {
        seed("alice", "INBOX", "imaptext");
        try (HookProxy proxy = new HookProxy(DOVECOT.imapPort(), l -> l.contains("BODY.PEEK[]"),
                () -> expunge("alice", "INBOX", "imaptext-2"))) {
            Out r = run(config("imap", proxy.port(), "alice"), "fetch");
            assertEquals(1, proxy.triggered.get(), "the body fetch was held for the expunge");
            assertEquals(0, r.code, r.describe());
            assertTrue(r.out.contains("1 could not be stored"), r.describe());
            assertTrue(r.err.matches("(?s)postern: account e2e: message \\d+ is no longer in 'INBOX' on the server.*"), r.describe());
        }
    }

    @Test
    void imapSyncGoesOnPastAMessageExpungedBeforeItsBody() throws Exception {
        seed("bob", "Sync", "imapsync");
        try (HookProxy proxy = new HookProxy(DOVECOT.imapPort(), l -> l.contains("BODY.PEEK[]"),
                () -> expunge("bob", "Sync", "imapsync-2"))) {
            Out r = run(config("imap", proxy.port(), "bob"), "sync", "--json", "-f", "Sync");
            assertEquals(1, proxy.triggered.get(), "the body fetch was held for the expunge");
            assertEquals(0, r.code, r.describe());
            assertTrue(r.out.contains("\"bodies_fetched\":2"), r.describe());
            assertTrue(r.out.matches("(?s).*\"message_errors\":\\[\"[^\"]*message \\d+[^\"]+\"\\].*"), r.describe());
        }
    }

    @Test
    void pop3FetchGoesOnPastAMessageGoneBeforeItsRetr() throws Exception {
        seed("bob", "INBOX", "popfetch");
        try (HookProxy proxy = new HookProxy(DOVECOT.pop3Port(), l -> l.startsWith("RETR "),
                () -> expunge("bob", "INBOX", "popfetch-2"))) {
            Out r = run(config("pop3", proxy.port(), "bob"), "fetch", "--json");
            assertEquals(1, proxy.triggered.get(), "the first RETR was held for the expunge");
            assertEquals(0, r.code, r.describe());
            assertTrue(r.out.contains("\"ok\":true"), r.describe());
            assertTrue(r.out.matches("(?s).*\"message_errors\":\\[\"[^\"]*message \\d+[^\"]+\"\\].*"), r.describe());
        }
    }

    // ---- harness -------------------------------------------------------------------------------

    private static void seed(String user, String folder, String tag) {
        for (int i = 1; i <= 3; i++) {
            String m = "From: <" + tag + "@x.test>\r\nTo: <" + user + "@postern.test>\r\nSubject: " + tag + "-" + i
                    + "\r\nMessage-ID: <" + tag + "-" + i + "@x.test>\r\nDate: Mon, 2 Jan 2023 08:00:0" + i + " +0000\r\n\r\n"
                    + "body of " + tag + "-" + i + "\r\n";
            DOVECOT.deliver(user, folder, m.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Another client deletes and expunges the message with this subject, as a second mail program would. */
    private static void expunge(String user, String folder, String subject) {
        try (Store st = DOVECOT.otherClient(user)) {
            Folder f = st.getFolder(folder);
            f.open(Folder.READ_WRITE);
            int n = 0;
            for (Message m : f.getMessages()) {
                if (subject.equals(m.getSubject())) {
                    m.setFlag(Flags.Flag.DELETED, true);
                    n++;
                }
            }
            f.close(true);
            if (n != 1) throw new AssertionError("expected one message '" + subject + "' to expunge, found " + n);
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError("expunge by another client failed", e);
        }
    }

    private Path config(String protocol, int port, String user) throws java.io.IOException {
        return PosternConfig.write(home.resolve(protocol + "-" + user + ".toml"), home.resolve("data-" + protocol + "-" + user),
                PosternConfig.account("e2e", protocol, "localhost", port, "plain", user, DOVECOT.user(user), 30, null)
                        // Plain text on the wire, so the proxy can see the body request.
                        + (protocol.equals("imap") ? "compress = false\n" : ""));
    }

    record Out(int code, String out, String err) {
        String describe() {
            return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private Out run(Path cfg, String... args) {
        String[] full = PosternConfig.argv(cfg, args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (Main.Session s = new Main.Session(Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                "POSTERN_LOG_LEVEL", "warn"), new PosternCommand.UiLauncher() {
                    @Override public void run(dev.postern.controller.MailController c, String account, String folder) {
                        throw new AssertionError("no reader in this test");
                    }
                })) {
            code = s.run(out, err, full);
        }
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
