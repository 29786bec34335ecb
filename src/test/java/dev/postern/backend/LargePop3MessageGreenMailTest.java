package dev.postern.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.icegreen.greenmail.user.GreenMailUser;
import dev.postern.e2e.InProcessRun;
import dev.postern.e2e.PosternConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP3: a message larger than one answer may be (256 MiB; 4 MiB here) with no max_message_bytes is stored
 * header-only, and the fetch succeeds; asked for with RETR it ended the connection at the cap and failed that fetch
 * and every one after it (from cron: forever), blaming the server. Read explicitly, it is refused as postern's own
 * limit (65), not as the server's fault.
 */
class LargePop3MessageGreenMailTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.POP3.dynamicPort());

    @TempDir Path dir;

    private InProcessRun.Result run(String... args) throws Exception {
        return InProcessRun.run(dir, PosternConfig.account("p", "pop3", "127.0.0.1", greenMail.getPop3().getPort(), "plain", "alice", "secret", 10, null)
                + "[accounts.p.pop3]\nkeep_on_server = true\n", args);
    }

    @Test
    void aMessageLargerThanAnAnswerMayBeIsStoredHeaderOnlyAndTheFetchSucceeds() throws Exception {
        GreenMailUser alice = greenMail.setUser("alice@localhost", "alice", "secret");
        InProcessRun.deliver(alice, "<small@x>", "Small", "hello\r\n");
        InProcessRun.deliver(alice, "<big@x>", "Big", InProcessRun.bigBody(5 << 20, "the end of the big one"));
        long was = SessionProperties.pop3MessageCap;
        SessionProperties.pop3MessageCap = 4 << 20;
        try {
            InProcessRun.Result fetch = run("fetch", "--json");
            assertEquals(0, fetch.code(), fetch.toString());
            assertFalse(fetch.err().contains("larger than"), fetch.toString());
            assertTrue(fetch.out().contains("\"header_only\":1"), fetch.toString());
            InProcessRun.Result again = run("fetch");
            assertEquals(0, again.code(), "and every fetch after it: " + again);
            InProcessRun.Result listed = run("list", "--cached", "--json");
            assertTrue(listed.out().contains("\"subject\":\"Big\""), listed.toString());
            String smallRow = listed.out().lines().filter(l -> l.contains("\"subject\":\"Small\"")).findFirst().orElseThrow();
            assertTrue(smallRow.contains("\"cached\":true"), smallRow);
            // Asked for explicitly, it is refused as postern's own limit, before any RETR: not blamed on the server.
            String bigRow = listed.out().lines().filter(l -> l.contains("\"subject\":\"Big\"")).findFirst().orElseThrow();
            java.util.regex.Matcher uid = java.util.regex.Pattern.compile("\"uid\":(\\d+)").matcher(bigRow);
            assertTrue(uid.find(), bigRow);
            InProcessRun.Result read = run("read", uid.group(1));
            assertEquals(65, read.code(), read.toString());
            assertTrue(read.err().contains("more than postern reads from a POP3 server"), read.toString());
            assertFalse(read.err().contains("fault"), read.toString());
            assertEquals(1, read.err().strip().lines().count(), read.toString());
        } finally {
            SessionProperties.pop3MessageCap = was;
        }
    }
}
