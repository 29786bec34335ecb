package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt37-J J6: a UID above 4294967295 (RFC 3501 makes a UID 32-bit) went to the server, and Dovecot's BAD "Invalid
 * uidset" was reported as a faulty server, 75: a script retried it for ever. No server holds such a UID, so it is not
 * there (66), not asked, and nothing changes. (The store's own UIDs above it, of messages kept locally only, still
 * work: LocalOnlyUidValidityGreenMailTest.) GreenMail answers such a UID with nothing, so this runs on Dovecot.
 */
@Tag("e2e")
class UidBeyondThirtyTwoBitsIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    @TempDir Path home;

    private Path config() throws IOException {
        return PosternConfig.write(home.resolve("config.toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "e2e", "bob", DOVECOT.imapPort(), 10));
    }

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args).timeout(Duration.ofMinutes(2)).run().assertNoStackTrace();
    }

    @Test
    void aUidNoServerCanHoldIsNotThereAndNothingChanges() throws Exception {
        DOVECOT.deliver("bob", "INBOX", SyntheticMail.message(50_001, "bob@postern.test"));
        Path config = config();
        postern(config, "list").assertExitCode(0);
        for (String[] args : new String[][] {{"read", "INBOX", "4294967296"}, {"flag", "INBOX", "4294967296", "--set", "flagged"},
                {"flag", "INBOX", "1", "4294967296:4294967300", "--set", "flagged"}, {"delete", "INBOX", "4294967296"},
                {"move", "INBOX", "4294967296", "--to", "Archive"}}) {
            PosternProcess.Result r = postern(config, args).assertExitCode(66);
            assertFalse(r.stderr().contains("faulty") || r.stderr().contains("BAD"), r.describe());
            assertTrue(r.stderr().contains("4294967296"), r.describe());
        }
        PosternProcess.Result list = postern(config, "list", "--json", "INBOX").assertExitCode(0);
        assertFalse(list.stdout().contains("flagged"), "the message that is there was not flagged by the refused call: " + list.describe());
        assertEquals(1, list.stdout().lines().count(), list.describe());
    }
}
