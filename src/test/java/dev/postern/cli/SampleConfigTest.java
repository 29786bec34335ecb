package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample config the Debian package installs (/usr/share/doc/postern/config.toml.example, from
 * packaging/) is one postern reads as it is: a key the config reader stops accepting fails here, not on a
 * user's first try.
 */
class SampleConfigTest {
    @TempDir Path home;

    @Test
    void theSampleConfigReadsWithItsTwoAccounts() {
        CliRun.Result r = CliRun.run(home, Path.of("packaging/config.toml.example"), "complete", "accounts");
        assertEquals(0, r.code, r.err);
        assertEquals(List.of("work", "home"), r.out.lines().toList());
    }
}
