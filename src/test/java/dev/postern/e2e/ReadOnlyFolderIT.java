package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt37-I, I1: a folder the server opens read-only (SELECT answered {@code OK [READ-ONLY]}: an ACL that gives
 * look-up and read rights only, as shared and public folders are given to readers) is listed, read and synced like
 * any other, and its sync does not fail the account's other folders; a change to it is the server's refusal that
 * stands (77, saying it is read-only), never "try again later" (75), and nothing is changed on the server.
 */
@Tag("e2e")
class ReadOnlyFolderIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer().acl();

    @TempDir Path home;

    private Path config() throws IOException {
        return PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "e2e", "bob", DOVECOT.imapPort(), 10));
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args).timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
    }

    @Test
    void aReadOnlyFolderIsReadAndSyncedAndAChangeToItIsRefused() throws Exception {
        DOVECOT.createFolder("bob", "News");
        for (int i = 1; i <= 3; i++) DOVECOT.deliver("bob", "News", SyntheticMail.message(40_000 + i, "bob@postern.test"));
        DOVECOT.deliver("bob", "INBOX", SyntheticMail.message(40_010, "bob@postern.test"));
        DOVECOT.rights("bob", "News", "lr");
        Path config = config();

        PosternProcess.Result sync = postern(config, "sync", "--json").assertExitCode(0);
        assertTrue(sync.stdout().contains("\"folder\":\"News\",\"total\":3"), sync.describe());
        assertTrue(sync.stdout().contains("\"folder\":\"INBOX\",\"total\":1"), sync.describe());

        PosternProcess.Result list = postern(config, "list", "News").assertExitCode(0);
        assertEquals(3, list.stdout().lines().count(), list.describe());
        long uid = firstUid(list.stdout());
        // Reading marks it read here alone, as mutt does in a read-only folder: not a failure, nothing said.
        PosternProcess.Result read = postern(config, "read", "News", Long.toString(uid)).assertExitCode(0);
        assertEquals("", read.stderr(), read.describe());

        PosternProcess.Result flag = postern(config, "flag", "News", Long.toString(uid), "--set", "flagged").assertExitCode(77);
        assertTrue(flag.stderr().contains("read-only"), flag.describe());
        PosternProcess.Result delete = postern(config, "delete", "News", Long.toString(uid)).assertExitCode(77);
        assertTrue(delete.stderr().contains("read-only"), delete.describe());
        PosternProcess.Result move = postern(config, "move", "News", Long.toString(uid), "--to", "Archive").assertExitCode(77);
        assertTrue(move.stderr().contains("read-only"), move.describe());

        try (Store other = DOVECOT.otherClient("bob")) {
            Folder f = other.getFolder("News");
            f.open(Folder.READ_ONLY);
            assertEquals(3, f.getMessageCount(), "nothing left the read-only folder");
            for (int i = 1; i <= 3; i++) assertFalse(f.getMessage(i).isSet(Flags.Flag.FLAGGED));
            Folder archive = other.getFolder("Archive");
            archive.open(Folder.READ_ONLY);
            assertEquals(0, archive.getMessageCount(), "nothing was copied out of it either");
        }
        PosternProcess.Result cached = postern(config, "list", "--cached", "News").assertExitCode(0);
        assertEquals(3, cached.stdout().lines().count(), "the refused delete and move took nothing out of the store: " + cached.describe());
        // Nothing of the refused changes stays queued to be tried again at every sync.
        PosternProcess.Result again = postern(config, "sync", "--json").assertExitCode(0);
        assertFalse(again.stderr().contains("read-only"), again.describe());
    }

    private static long firstUid(String listing) {
        String line = listing.lines().findFirst().orElseThrow().trim();
        return Long.parseLong(line.split("\\s+")[0]);
    }
}
