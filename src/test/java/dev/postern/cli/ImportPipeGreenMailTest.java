package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hunt37-J J5: {@code import} of a pipe (a FIFO; {@code ... | postern import /dev/stdin}) said "there is no file or
 * directory", 66, of a path that was there. It says what the path is and to save it to a file first, 64, and nothing
 * reaches the server (the FIFO is never opened, so no writer is needed and nothing waits).
 */
class ImportPipeGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    @Test
    void aFifoIsSaidToBeAPipeNotMissing() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        Path cfg = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("work", "imap", greenMail.getImap().getPort(), "alice", "secret"));
        Path fifo = dir.resolve("mail.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());

        CliRun.Result r = CliRun.run(dir, cfg, "import", fifo.toString(), "--to", "Archive");
        assertEquals(64, r.code(), r.toString());
        assertEquals("postern: " + fifo + " is a pipe, not a file; import reads an mbox or message file, a Maildir or a directory"
                + " of .eml files: save it to a file first (e.g. `cat > mail.mbox`) and import that.", r.err().strip());
        assertFalse(r.err().contains("no file"), r.err());
        assertTrue(greenMail.getManagers().getImapHostManager()
                .getFolder(greenMail.getManagers().getUserManager().getUser("alice"), "Archive") == null, "no folder made");

        // Standard input is the caller's alone, the owner's when served: said as standard input either way.
        CliRun.Result stdin = CliRun.run(dir, cfg, "import", "/dev/stdin", "--to", "Archive");
        assertEquals(64, stdin.code(), stdin.toString());
        assertEquals("postern: /dev/stdin is standard input, which import does not read; save it to a file first"
                + " (e.g. `cat > mail.mbox`) and import that.", stdin.err().strip());

        CliRun.Result missing = CliRun.run(dir, cfg, "import", dir.resolve("nosuch").toString(), "--to", "Archive");
        assertEquals(66, missing.code(), missing.toString());
        assertTrue(missing.err().contains("there is no file or directory"), missing.err());
    }
}
