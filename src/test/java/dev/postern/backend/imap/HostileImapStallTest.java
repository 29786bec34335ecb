package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that starts a message's body and then stalls (a literal announced longer than what comes) is said to have
 * stopped answering within timeout_seconds. Before, `read` called it a lost connection: Angus's body stream keeps
 * only "folder closed" of the failed read (CappedProtocol.readFailure keeps the rest).
 */
class HostileImapStallTest {
    @TempDir Path dir;

    @Test
    void aBodyThatStallsMidwayIsSaidOnceAsTooSlow() throws Exception {
        try (HostileImap s = new HostileImap()) {
            HostileImap.Answer stall = (c, tag, args) -> {
                if (!args.toUpperCase().contains("BODY.PEEK[]")) {
                    HostileImap.fetch(c, args.replace("RFC822.SIZE", ""));
                    c.say(tag + " OK done");
                    return;
                }
                c.raw("* 1 FETCH (UID 7 BODY[] {500}\r\nFrom: a\r\n".getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(60_000);
            };
            s.on("FETCH", stall).on("UID FETCH", stall);
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            s.got.clear();
            Run r = HostileImapAnswersTest.run(dir, s, "", "read", "7");
            assertEquals(75, r.code(), r.toString());
            assertTrue(r.err().contains("within 3 s"), "the time-out is named, not a lost connection: " + r);
            assertTrue(!r.err().contains("was lost"), r.toString());
            assertEquals(1, s.got.stream().filter(l -> l.toUpperCase().contains(" LOGIN ")).count(), "logins: " + s.got);
        }
    }
}
