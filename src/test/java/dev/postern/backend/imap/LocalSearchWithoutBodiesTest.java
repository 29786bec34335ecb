package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `search --local` with a body term over a store that holds headers only found nothing and said nothing (hunt33-Z
 * Z17): it now says on stderr how many messages have no body stored and how to get them; only when there are some.
 */
@Timeout(60)
class LocalSearchWithoutBodiesTest {
    @TempDir Path dir;

    private static final String NOTE = "1 of 1 message(s) in INBOX have no body stored";

    @Test
    void aBodyTermOnHeadersOnlySaysHowManyBodiesAreMissing() throws Exception {
        try (HostileImap s = new HostileImap()) {
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "list").code());
            Run body = HostileImapAnswersTest.run(dir, s, "", "search", "--local", "body:body");
            assertEquals(0, body.code(), body.toString());
            assertTrue(body.out().isBlank(), body.toString());
            assertEquals(1, body.err().lines().filter(l -> l.contains(NOTE) && l.contains("`postern sync -a t`")).count(),
                    body.toString());
            Run bare = HostileImapAnswersTest.run(dir, s, "", "search", "--local", "--json", "body");
            assertTrue(bare.err().contains(NOTE) && !bare.out().contains("no body"), bare.toString());
            // A query without a body term is not told about bodies.
            Run from = HostileImapAnswersTest.run(dir, s, "", "search", "--local", "from:a");
            assertFalse(from.err().contains("no body"), from.toString());
            assertTrue(from.out().contains("hello"), from.toString());
            // Once the body is stored (read caches it), the body term finds the message, and nothing is said.
            assertEquals(0, HostileImapAnswersTest.run(dir, s, "", "read", "INBOX", "7").code());
            Run after = HostileImapAnswersTest.run(dir, s, "", "search", "--local", "body:body");
            assertTrue(after.out().contains("hello"), after.toString());
            assertFalse(after.err().contains("no body"), after.toString());
        }
    }
}
