package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar against Dovecot: changes made while the server is unreachable are queued in the store,
 * survive the process ending, and are replayed in order by the next process that connects.
 */
@Tag("e2e")
class OfflineQueueIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Path config(int port) throws IOException {
        Path p = home.resolve("config-" + port + ".toml");
        Files.writeString(p, "data_dir = \"" + home.resolve("data") + "\"\n"
                + "[accounts.e2e]\nprotocol = \"imap\"\nhost = \"localhost\"\nport = " + port + "\n"
                + "security = \"starttls\"\nuser = \"alice\"\npassword = \"" + DOVECOT.user("alice") + "\"\n"
                + "timeout_seconds = 10\ntls_trust_cert = \"" + DOVECOT.certPem() + "\"\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private PosternProcess.Result postern(Path config, String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--config";
        full[1] = config.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return PosternProcess.postern(full)
                .env(Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString()))
                .timeout(Duration.ofMinutes(2))
                .run()
                .assertNoStackTrace();
    }

    private static Store otherClient() throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.ssl.socketFactory", PinnedTrust.socketFactory(DOVECOT.certPem()));
        props.put("mail.imap.starttls.enable", "true");
        props.put("mail.imap.starttls.required", "true");
        Store s = Session.getInstance(props).getStore("imap");
        s.connect("localhost", DOVECOT.imapPort(), "alice", DOVECOT.user("alice"));
        return s;
    }

    @Test
    void aQueueMadeOfflineSurvivesTheProcessAndIsReplayedInOrder() throws Exception {
        for (int i = 1; i <= 3; i++) DOVECOT.deliver("alice", "INBOX", SyntheticMail.message(930_000 + i, "alice@postern.test"));
        DOVECOT.createFolder("alice", "Archive");
        Path online = config(DOVECOT.imapPort());
        postern(online, "sync", "--headers-only").assertExitCode(0);

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path offline = config(closed);
        PosternProcess.Result flagged = postern(offline, "flag", "INBOX", "1", "--set", "flagged").assertExitCode(0);
        assertTrue(flagged.stderr().contains("queued"), flagged.stderr());
        postern(offline, "move", "INBOX", "2", "--to", "Archive").assertExitCode(0);
        postern(offline, "delete", "INBOX", "3").assertExitCode(0);
        String queue = postern(offline, "queue", "--json").assertExitCode(0).stdout();
        assertEquals(3, queue.lines().count(), queue);
        String cached = postern(offline, "list", "--cached", "--json").assertExitCode(0).stdout();
        assertEquals(1, cached.lines().count(), "moved and deleted at once in the store: " + cached);

        PosternProcess.Result replay = postern(online, "sync", "--headers-only").assertExitCode(0);
        assertTrue(replay.stderr().contains("replayed 3 queued action(s)"), replay.stderr());
        assertFalse(replay.stderr().contains("dropped"), replay.stderr());
        assertEquals("nothing queued", postern(online, "queue").assertExitCode(0).stdout().strip());

        try (Store other = otherClient()) {
            Folder inbox = other.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(1, inbox.getMessageCount());
            assertEquals(1, ((UIDFolder) inbox).getUID(inbox.getMessage(1)));
            assertTrue(inbox.getMessage(1).isSet(Flags.Flag.FLAGGED));
            inbox.close(false);
            Folder archive = other.getFolder("Archive");
            archive.open(Folder.READ_ONLY);
            assertEquals(1, archive.getMessageCount());
            archive.close(false);
            Folder trash = other.getFolder("Trash");
            trash.open(Folder.READ_ONLY);
            assertEquals(1, trash.getMessageCount());
            trash.close(false);
        }
    }
}
