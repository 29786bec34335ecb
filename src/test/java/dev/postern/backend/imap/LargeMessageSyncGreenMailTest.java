package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.icegreen.greenmail.user.GreenMailUser;
import dev.postern.e2e.InProcessRun;
import dev.postern.e2e.PosternConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message larger than one IMAP answer may be (the cap, 256 MiB; 4 MiB here) with fetch_whole_below above it: a
 * sync leaves its body for reading (which fetches it in parts) instead of asking for it whole, which ended the
 * connection at the cap and failed every sync after it, blaming the server ("sent an answer larger than ...").
 * {@code export --from-server} takes such a message alone, in parts, where it failed the same way.
 */
class LargeMessageSyncGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;

    private InProcessRun.Result run(String... args) throws Exception {
        return InProcessRun.run(dir, PosternConfig.account("t", "imap", "127.0.0.1", greenMail.getImap().getPort(), "plain", "alice", "secret", 10, null)
                + "fetch_whole_below = 67108864\n", args);
    }

    @Test
    void aMessageLargerThanAnAnswerMayBeIsLeftForReadingAndTheSyncSucceeds() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        InProcessRun.deliver(alice, "<small@x>", "Small", "hello\r\n");
        InProcessRun.deliver(alice, "<big@x>", "Big", InProcessRun.bigBody(5 << 20, "the end of the big one"));
        int was = CappedProtocol.cap;
        CappedProtocol.cap = 4 << 20;
        try {
            InProcessRun.Result sync = run("sync");
            assertEquals(0, sync.code(), sync.toString());
            assertFalse(sync.err().contains("larger than"), sync.toString());
            InProcessRun.Result again = run("sync");
            assertEquals(0, again.code(), "and every sync after it: " + again);
            InProcessRun.Result listed = run("list", "--cached", "--json");
            String bigRow = listed.out().lines().filter(l -> l.contains("\"subject\":\"Big\"")).findFirst().orElseThrow();
            String smallRow = listed.out().lines().filter(l -> l.contains("\"subject\":\"Small\"")).findFirst().orElseThrow();
            assertTrue(bigRow.contains("\"cached\":false"), "the big one's body is left for reading: " + bigRow);
            assertTrue(smallRow.contains("\"cached\":true"), "the small one's body was stored by the sync: " + smallRow);
            // Export from the server (before anything caches the big body) takes it alone and in parts.
            Path out = dir.resolve("out");
            InProcessRun.Result export = run("export", "--from-server", "--format", "eml", "-o", out.toString(), "INBOX");
            assertEquals(0, export.code(), export.toString());
            long written;
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(out)) {
                written = files.filter(java.nio.file.Files::isRegularFile).filter(f -> {
                    try {
                        return java.nio.file.Files.readString(f, StandardCharsets.ISO_8859_1).contains("the end of the big one");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).count();
            }
            assertEquals(1, written, "the big message exported whole");
            InProcessRun.Result read = run("read", "2");
            assertEquals(0, read.code(), "read fetches it in parts: " + read.code() + " " + read.err());
            assertTrue(read.out().contains("0123456789abcdefghij"), "its text is shown");
        } finally {
            CappedProtocol.cap = was;
        }
    }
}
