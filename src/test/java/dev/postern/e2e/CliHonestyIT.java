package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The finished jar against Dovecot: {@code sync} over every account naming the folders it leaves out
 * (Dovecot's own subscriptions), and {@code folder delete} of a folder with children quoting Dovecot's
 * refusal instead of a bare "server refused".
 */
@Tag("e2e")
class CliHonestyIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Path config(String... accounts) throws IOException {
        return PosternConfig.write(home.resolve("config.toml"), home.resolve("data"), accounts);
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args).timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
    }

    /** Creates {@code name} through another client, which (unlike doveadm -s) leaves it unsubscribed. */
    private static void unsubscribedFolderWith(String user, String name, String subject) throws Exception {
        try (Store s = DOVECOT.otherClient(user)) {
            Folder f = s.getFolder(name);
            if (!f.exists()) f.create(Folder.HOLDS_MESSAGES);
            f.setSubscribed(false);
            f.appendMessages(new Message[] {message(subject)});
        }
    }

    private static MimeMessage message(String subject) throws Exception {
        String raw = "From: Bob <bob@example.org>\r\nTo: x@example.org\r\nSubject: " + subject
                + "\r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\nMessage-ID: <" + subject.hashCode() + "@t>\r\n\r\nbody\r\n";
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes()));
    }

    @Test
    void syncTakesEveryAccountAndNamesTheUnsubscribedFoldersOnce() throws Exception {
        DOVECOT.deliver("alice", "INBOX", SyntheticMail.message(971_001, "alice@postern.test"));
        DOVECOT.deliver("bob", "INBOX", SyntheticMail.message(971_002, "bob@postern.test"));
        DOVECOT.createFolder("alice", "Lists"); // subscribed
        DOVECOT.deliver("alice", "Lists", SyntheticMail.message(971_003, "alice@postern.test"));
        unsubscribedFolderWith("alice", "Junk2", "unsubscribed junk");
        Path cfg = config(PosternConfig.dovecot(DOVECOT, "al", "alice", DOVECOT.imapPort(), 10),
                PosternConfig.dovecot(DOVECOT, "bo", "bob", DOVECOT.imapPort(), 10));

        PosternProcess.Result first = postern(cfg, "sync").assertExitCode(0);
        assertTrue(first.stdout().lines().anyMatch(l -> l.startsWith("al  INBOX")), first.describe());
        assertTrue(first.stdout().lines().anyMatch(l -> l.startsWith("al  Lists")), first.describe());
        assertTrue(first.stdout().lines().anyMatch(l -> l.startsWith("bo  INBOX")), "every account: " + first.describe());
        assertTrue(first.stderr().contains("al: 1 folder not synced: Junk2 (not subscribed)"), first.describe());
        assertFalse(first.stderr().contains("Lists (not subscribed)"), "Lists is subscribed: " + first.describe());

        java.util.List<SessionBytes> before = DOVECOT.sessionBytes();
        PosternProcess.Result second = postern(cfg, "sync").assertExitCode(0);
        long noChange = DOVECOT.imapBytesOutSince("alice", before);
        System.out.println("no-change sync of alice's " + second.stdout().lines().filter(l -> l.startsWith("al ")).count()
                + " folders (LIST + LSUB + a SELECT each): " + noChange + " bytes from Dovecot");
        assertTrue(noChange < 8_000, "choosing the folders costs one LIST and one LSUB, not a STATUS each: " + noChange);
        assertFalse(second.stderr().contains("not synced"), "said once: " + second.describe());

        PosternProcess.Result listed = postern(cfg, "list", "--cached", "Junk2").assertExitCode(0);
        assertTrue(listed.stderr().contains("Junk2 of al has not been synced (sync leaves it out: not subscribed)"),
                listed.describe());
        postern(cfg, "list", "--cached", "NoSuchFolder").assertExitCode(66);
    }

    @Test
    void deletingAFolderWithChildrenAsksThenQuotesDovecot() throws Exception {
        DOVECOT.createFolder("bob", "Parent");
        DOVECOT.createFolder("bob", "Parent/Child");
        DOVECOT.deliver("bob", "Parent", SyntheticMail.message(972_001, "bob@postern.test"));
        Path cfg = config(PosternConfig.dovecot(DOVECOT, "bo", "bob", DOVECOT.imapPort(), 10));

        PosternProcess.Result asked = postern(cfg, "folder", "delete", "Parent").assertExitCode(64);
        assertTrue(asked.stderr().contains("folder Parent of bo is deleted with the 1 message in it, and there is no terminal"
                + " to ask on; nothing was deleted; add --yes"), asked.describe());
        postern(cfg, "folder", "delete", "--yes", "Parent").assertExitCode(0);
        // Maildir++: Dovecot deletes the messages and keeps the name for its child; deleting it again is refused,
        // and the refusal is Dovecot's own sentence, not a bare "server refused".
        PosternProcess.Result unsure = postern(cfg, "folder", "delete", "Parent").assertExitCode(64);
        assertTrue(unsure.stderr().contains("whatever it holds (the server would not count it)"), unsure.describe());
        PosternProcess.Result again = postern(cfg, "folder", "delete", "--yes", "Parent");
        assertEquals(66, again.exitCode(), again.describe());
        assertTrue(again.stderr().contains("the server refused to delete 'Parent' (server said: [NONEXISTENT] Mailbox doesn't exist"),
                again.describe());
        try (Store s = DOVECOT.otherClient("bob")) {
            assertTrue(s.getFolder("Parent/Child").exists(), "the child is still there");
        }
    }
}
