package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt37-I, I9: a folder the server lists but will not open for you (Dovecot ACL {@code l}: SELECT answered
 * {@code NO [NOPERM]}) is that folder's refusal, not a refusal of CONDSTORE: the rest of the connection keeps CONDSTORE
 * and the log does not say the server refused it. I8: a move or copy to a folder that only holds other folders
 * (\\Noselect) says so, as {@code list} does, not "there is no folder".
 */
@Tag("e2e")
class ForbiddenFolderIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer().acl();

    @TempDir Path home;

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args).timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
    }

    @Test
    void aForbiddenFolderLeavesCondstoreOn() throws Exception {
        DOVECOT.createFolder("bob", "Secret");
        DOVECOT.deliver("bob", "Secret", SyntheticMail.message(49_001, "bob@postern.test"));
        DOVECOT.deliver("bob", "INBOX", SyntheticMail.message(49_002, "bob@postern.test"));
        DOVECOT.rights("bob", "Secret", "l");
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "e2e", "bob", DOVECOT.imapPort(), 10) + "sync_folders = [\"*\"]\n");

        PosternProcess.Result sync = postern(config, "sync", "--json").assertExitCode(0);
        assertTrue(sync.stdout().contains("NOPERM"), "the folder's own refusal is said: " + sync.describe());
        PosternProcess.Result list = postern(config, "list", "Secret").assertExitCode(77);
        assertTrue(list.stderr().contains("NOPERM"), list.describe());

        String log = Files.readString(home.resolve("state").resolve("postern").resolve("postern.log"));
        assertTrue(log.contains("connected to"), "the log has the sync: " + log);
        assertFalse(log.contains("refused it"), "a folder's NO is not CONDSTORE refused: " + log);
    }

    @Test
    void aMoveToAFolderThatOnlyHoldsFoldersSaysSo() throws Exception {
        DOVECOT.createFolder("bob", "Depot/2026");
        DOVECOT.deliver("bob", "INBOX", SyntheticMail.message(49_010, "bob@postern.test"));
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "e2e", "bob", DOVECOT.imapPort(), 10));
        PosternProcess.Result folders = postern(config, "folders").assertExitCode(0);
        assertTrue(folders.stdout().contains("Depot  (only holds other folders)"), folders.describe());
        PosternProcess.Result list = postern(config, "list", "INBOX").assertExitCode(0);
        String uid = list.stdout().lines().findFirst().orElseThrow().trim().split("\\s+")[0];
        for (String verb : new String[] {"move", "copy"}) {
            PosternProcess.Result r = postern(config, verb, "INBOX", uid, "--to", "Depot").assertExitCode(66);
            assertTrue(r.stderr().contains("folder 'Depot' only holds other folders, no messages; " + verb
                    + " to one of the folders under it."), r.describe());
        }
        assertTrue(postern(config, "list", "INBOX").assertExitCode(0).stdout().contains(uid), "the message stayed");
    }
}
