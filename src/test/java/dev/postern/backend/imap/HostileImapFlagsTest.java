package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FLAGS list that Angus's parser refuses (a list inside it; found by a hostile-server hunt) made the listing drop
 * the message silently, and the sync position moved past it, so it never showed even once the server mended. The
 * message is now listed: read from its header without the flags, or (this server sends the broken list in every
 * answer) kept as a placeholder, never left out.
 */
class HostileImapFlagsTest {
    @TempDir Path dir;

    @Test
    void aMessageWhoseFlagsCannotBeParsedIsStillListed() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.flags = "(\\Seen (nested))";
            Run r = HostileImapAnswersTest.run(dir, s, "", "list", "--json");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("\"uid\":7"), r.toString());
            s.flags = "(\\Seen)";
            Run again = HostileImapAnswersTest.run(dir, s, "", "list", "--cached", "--json");
            assertTrue(again.out().contains("\"uid\":7"), again.toString());
        }
    }
}
