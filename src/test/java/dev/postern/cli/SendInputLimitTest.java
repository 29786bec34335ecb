package dev.postern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.cli.CliRun.Result;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `send` reads to make a message is bounded (hunt 38-A, A5): `--attach /dev/zero` grew the process serving the
 * command (under an owner, the user's resident reader) to 5 GB and then "internal error: java.lang.OutOfMemoryError",
 * 70; a FIFO waited for ever. Now: not a regular file, 66; more than 64 MB, 65; each in one sentence, nothing sent.
 */
@Timeout(60)
class SendInputLimitTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.SMTP.dynamicPort()});

    @TempDir Path dir;
    private Path config;
    private Path body;

    @BeforeEach
    void setUp() throws Exception {
        greenMail.setUser("alice@localhost", "alice", "secret");
        greenMail.setUser("bob@localhost", "bob", "bob");
        config = CliRun.writeConfig(dir.resolve("config.toml"), dir.resolve("data"),
                CliRun.account("test", "imap", greenMail.getImap().getPort(), "alice", "secret"),
                "[accounts.test.smtp]\nhost = \"127.0.0.1\"\nport = " + greenMail.getSmtp().getPort()
                        + "\nsecurity = \"plain\"\nfrom = \"alice@localhost\"\n");
        body = Files.writeString(dir.resolve("body.txt"), "hello\n");
    }

    private Result send(String... more) {
        String[] args = new String[5 + more.length];
        System.arraycopy(new String[] {"send", "--to", "bob@localhost", "--subject", "x"}, 0, args, 0, 5);
        System.arraycopy(more, 0, args, 5, more.length);
        return CliRun.runWithStdin(dir, config, null, args);
    }

    private static void oneSentence(Result r, int code, String says) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().contains(says) && r.err().contains("nothing was sent"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(0, greenMail.getReceivedMessages().length, "nothing was sent");
    }

    @Test
    void aDeviceOrAPipeIsNotAttached() throws Exception {
        oneSentence(send("--file", body.toString(), "--attach", "/dev/zero"), 66,
                "the attachment /dev/zero is not a regular file (a device, a pipe or a socket)");
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        oneSentence(send("--file", body.toString(), "--attach", fifo.toString()), 66, "is not a regular file");
    }

    @Test
    void aFileTooBigToSendIsRefusedUnread() throws Exception {
        Path big = dir.resolve("big.iso");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(65L << 20); // sparse: 65 MB on paper
        }
        oneSentence(send("--file", body.toString(), "--attach", big.toString()), 65,
                "the attachment " + big + " is 65 MB, more than the 64 MB postern puts in a message");
    }

    @Test
    void aBodyFileIsReadUpToTheBound() {
        oneSentence(send("--file", "/dev/zero"), 65, "/dev/zero is more than 64 MB postern puts in a message");
    }
}
