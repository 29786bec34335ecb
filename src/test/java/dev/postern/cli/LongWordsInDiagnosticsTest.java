package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a diagnostic quotes (a config key, an argument) can be megabytes long: the sentence on stderr stays readable,
 * its advice kept, the long word shown by its ends.
 */
class LongWordsInDiagnosticsTest {
    @TempDir Path home;

    @Test
    void aMegabyteKeyInTheConfigGivesAShortSentence() throws Exception {
        Path config = home.resolve("config.toml");
        // Just under the 1 MiB a config may hold (ConfigFileLimitsTest has a larger one refused whole).
        Files.writeString(config, "a".repeat(1_000_000) + "z = 1\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        CliRun.Result r = CliRun.run(home, config, "list", "--cached");
        assertEquals(78, r.code, r.err().substring(0, Math.min(400, r.err().length())));
        assertTrue(r.err().length() < 2_000, "stderr is " + r.err().length() + " characters");
        assertTrue(r.err().contains("unknown key 'aaaa"), r.err());
        assertTrue(r.err().contains("[999804 characters left out]…" + "a".repeat(97) + "z';"), r.err());
        assertTrue(r.err().contains("known keys are abort_nosubject, accounts"), r.err());
    }

    @Test
    void aMegabyteArgumentGivesAShortSentence() throws Exception {
        Path config = home.resolve("config.toml");
        Files.writeString(config, "[accounts.a]\nprotocol = \"imap\"\nhost = \"127.0.0.1\"\nsecurity = \"plain\"\nuser = \"u\"\npassword_env = \"X\"\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        CliRun.Result r = CliRun.run(home, config, "list", "--limit", "9".repeat(1_000_000));
        assertEquals(64, r.code, r.err().substring(0, Math.min(400, r.err().length())));
        assertTrue(r.err().length() < 2_000, "stderr is " + r.err().length() + " characters");
        assertTrue(r.err().contains("--help"), r.err());
    }
}
