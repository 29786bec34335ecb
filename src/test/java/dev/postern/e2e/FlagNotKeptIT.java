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
 * hunt37-I, I7: a flag the folder does not keep (Dovecot with ACL {@code lrs}: {@code PERMANENTFLAGS (\Seen)}, a STORE
 * of \Flagged ignored as RFC 3501 allows) is refused (77, naming it), and neither the store nor the server has it;
 * \Seen, which the folder keeps, is changed as ever.
 */
@Tag("e2e")
class FlagNotKeptIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer().acl();

    @TempDir Path home;

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args).timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
    }

    @Test
    void aFlagTheFolderDoesNotKeepIsRefusedAndNotStored() throws Exception {
        DOVECOT.createFolder("bob", "Open");
        DOVECOT.deliver("bob", "Open", SyntheticMail.message(47_001, "bob@postern.test"));
        DOVECOT.rights("bob", "Open", "lrs");
        Path config = PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "e2e", "bob", DOVECOT.imapPort(), 10));
        postern(config, "sync").assertExitCode(0);
        PosternProcess.Result list = postern(config, "list", "Open").assertExitCode(0);
        String uid = list.stdout().lines().findFirst().orElseThrow().trim().split("\\s+")[0];

        PosternProcess.Result flag = postern(config, "flag", "Open", uid, "--set", "flagged").assertExitCode(77);
        assertTrue(flag.stderr().contains("does not let you set \\Flagged in 'Open'"), flag.describe());
        assertTrue(flag.stderr().contains("\\Seen"), "the flags it keeps are named: " + flag.describe());
        PosternProcess.Result cached = postern(config, "list", "--cached", "--json", "Open").assertExitCode(0);
        assertFalse(cached.stdout().contains("flagged"), "the store did not take it: " + cached.describe());

        postern(config, "flag", "Open", uid, "--set", "seen").assertExitCode(0);
        try (Store other = DOVECOT.otherClient("bob")) {
            Folder f = other.getFolder("Open");
            f.open(Folder.READ_ONLY);
            assertFalse(f.getMessage(1).isSet(Flags.Flag.FLAGGED), "not flagged on the server");
            assertTrue(f.getMessage(1).isSet(Flags.Flag.SEEN), "\\Seen, which it keeps, was set");
        }
        // Nothing queued to be tried again, and a sync leaves store and server agreeing.
        PosternProcess.Result again = postern(config, "sync").assertExitCode(0);
        assertFalse(again.stderr().contains("Flagged"), again.describe());
        cached = postern(config, "list", "--cached", "--json", "Open").assertExitCode(0);
        assertFalse(cached.stdout().contains("flagged"), cached.describe());
        assertEquals(1, cached.stdout().lines().count(), cached.describe());
    }
}
