package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.ConnectionErrors;
import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import dev.postern.model.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refusal whose response code says it stands (RFC 5530: NOPERM, CANNOT...) is exit 77, the man page's "the server
 * refused", without "try again later"; one without a code, or with a passing one (INUSE), stays 75.
 */
class HostileImapRefusalsTest {
    @TempDir Path dir;

    @Test
    void aFlagChangeRefusedWithNopermIs77AndNotQueued() throws Exception {
        try (HostileImap s = new HostileImap()) {
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            HostileImap.Answer no = (c, tag, args) -> c.say(tag + " NO [NOPERM] permission denied");
            s.on("STORE", no).on("UID STORE", no);
            Run r = HostileImapAnswersTest.run(dir, s, "", "flag", "INBOX", "7", "--set", "flagged");
            assertEquals(77, r.code(), r.toString());
            assertTrue(r.err().contains("server said: NO [NOPERM] permission denied"), r.toString());
            assertFalse(r.err().contains("try again later"), r.toString());
            Run queue = HostileImapAnswersTest.run(dir, s, "", "queue", "--json");
            assertFalse(queue.out().contains("flagged"), "a refusal is not queued: " + queue);
        }
    }

    @Test
    void theCodeDecidesTheExit() {
        assertEquals(ExitCode.NOPERM, ConnectionErrors.refusal("NO [NOPERM] permission denied"));
        assertEquals(ExitCode.NOPERM, ConnectionErrors.refusal("NO [CANNOT] not here"));
        assertEquals(ExitCode.NOINPUT, ConnectionErrors.refusal("NO [NONEXISTENT] gone"));
        assertEquals(ExitCode.TEMPFAIL, ConnectionErrors.refusal("NO [INUSE] busy"));
        assertEquals(ExitCode.TEMPFAIL, ConnectionErrors.refusal("NO permission denied"));
        assertEquals(ExitCode.TEMPFAIL, ConnectionErrors.refusal("NO [NOPERM"));
        assertEquals(ExitCode.TEMPFAIL, ConnectionErrors.refusal("NO it says [NOPERM] later"));
    }

    /**
     * A faulty answer under a flag change queues the change (the server may have made it), and the note says what
     * happened in the failure's own words: before, it said the account was unreachable.
     */
    @Test
    void aChangeQueuedAfterAFaultyAnswerSaysWhyNotUnreachable() throws Exception {
        try (HostileImap s = new HostileImap()) {
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            HostileImap.Answer faulty = (c, tag, args) -> {
                c.say("* VANISHED 1:3");
                c.say(tag + " OK done");
            };
            s.on("STORE", faulty).on("UID STORE", faulty);
            Run r = HostileImapAnswersTest.run(dir, s, "", "flag", "INBOX", "7", "--set", "flagged");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.err().contains("VANISHED") && r.err().contains("queued (1 pending)"), r.toString());
            assertFalse(r.err().contains("is unreachable"), r.toString());
        }
    }
}
