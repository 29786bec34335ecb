package dev.postern.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change to more messages at once than one command line may name (hunt 39-S, S6): Angus wrote the UIDs of a
 * look-up one by one, "UID FETCH 1,2,3,...,13000 (UID)", 71 KB, and Dovecot refuses a line over 64 KB with BAD, which
 * postern took for a faulty server (exit 75); a queued change of as many was dropped at its replay. Here 13,000
 * messages are flagged, 6,500 scattered ones (every other UID: no range shortens their set) cleared, and 13,000
 * copied, each in one command.
 */
@Tag("e2e")
class ManyMessagesAtOnceIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static final int COUNT = 13_000;

    @TempDir Path home;

    private PosternProcess.Result postern(Path config, String... args) {
        return PosternProcess.withConfig(home, config, args)
                .timeout(Duration.ofMinutes(4))
                .run()
                .assertNoStackTrace();
    }

    private Path config(int port) throws IOException {
        return PosternConfig.write(home.resolve("config-" + port + ".toml"), home.resolve("data"),
                PosternConfig.dovecot(DOVECOT, "e2e", "bob", port, 60));
    }

    private static int flagged(String folder) throws Exception {
        try (Store other = DOVECOT.otherClient("bob")) {
            Folder f = other.getFolder(folder);
            f.open(Folder.READ_ONLY);
            int n = f.search(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true)).length;
            f.close(false);
            return n;
        }
    }

    private static int count(String folder) throws Exception {
        try (Store other = DOVECOT.otherClient("bob")) {
            Folder f = other.getFolder(folder);
            f.open(Folder.READ_ONLY);
            int n = f.getMessageCount();
            f.close(false);
            return n;
        }
    }

    @Test
    void flagsAndCopiesThirteenThousandMessagesInOneCommand() throws Exception {
        DOVECOT.seedBulk("bob", "Many", COUNT);
        DOVECOT.createFolder("bob", "Copies");
        Path online = config(DOVECOT.imapPort());

        postern(online, "flag", "Many", "1:" + COUNT, "--set", "flagged").assertExitCode(0);
        assertEquals(COUNT, flagged("Many"), "every message flagged on the server");

        String[] everyOther = new String[3 + COUNT / 2];
        everyOther[0] = "flag";
        everyOther[1] = "Many";
        for (int i = 0; i < COUNT / 2; i++) everyOther[2 + i] = Integer.toString(1 + 2 * i);
        everyOther[everyOther.length - 1] = "--clear=flagged";
        postern(online, everyOther).assertExitCode(0);
        assertEquals(COUNT - COUNT / 2, flagged("Many"), "the odd UIDs cleared, the even ones still flagged");

        postern(online, "copy", "--to", "Copies", "Many", "1:" + COUNT).assertExitCode(0);
        assertEquals(COUNT, count("Copies"), "every message copied");
        assertEquals(COUNT, count("Many"), "the source left as it was");
    }

    @Test
    void aQueuedChangeOfThirteenThousandMessagesIsReplayedNotDropped() throws Exception {
        DOVECOT.seedBulk("bob", "Queued", COUNT);
        Path online = config(DOVECOT.imapPort());
        postern(online, "sync", "--folder", "Queued").assertExitCode(0);
        int before = flagged("Queued");

        Path offline = config(dev.postern.ClosedPort.take());
        postern(offline, "flag", "Queued", "1:" + COUNT, "--set", "flagged").assertExitCode(0);
        assertEquals(before, flagged("Queued"), "nothing reached the server while it was unreachable");

        PosternProcess.Result replay = postern(online, "sync", "--folder", "INBOX").assertExitCode(0);
        assertEquals(COUNT, flagged("Queued"), "the queued change arrived: " + replay.describe());
        assertEquals("nothing queued", postern(online, "queue").assertExitCode(0).stdout().strip());
    }
}
