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
 * An untagged answer that refuses nothing is not worded as a refusal (hunt33-X X13): a BYE (at the greeting, to the
 * login, to a SELECT) is the server closing the connection, 75 and try again; a line that is no IMAP status (`* O` as
 * greeting) is an answer postern cannot read. Before, both were "the server ... refused (server said: * BYE ...)".
 */
@Timeout(60)
class HostileImapUntaggedWordsTest {
    @TempDir Path dir;

    private static HostileImap.Answer bye() {
        return (c, tag, args) -> {
            c.say("* BYE shutting down");
            throw new java.io.EOFException("the server closes the connection");
        };
    }

    private static void endedTheConnection(Run r) {
        assertEquals(75, r.code(), r.toString());
        assertFalse(r.err().contains("refused"), r.toString());
        assertTrue(r.err().contains("ended the connection (server said: BYE "), r.toString());
    }

    @Test
    void aByeAsGreetingIsTheServerEndingTheConnection() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.greeting = "* BYE too many connections";
            endedTheConnection(HostileImapAnswersTest.run(dir, s, "", "list"));
        }
    }

    @Test
    void aByeToTheLoginIsTheServerEndingTheConnection() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("LOGIN", bye());
            endedTheConnection(HostileImapAnswersTest.run(dir, s, "", "list"));
        }
    }

    @Test
    void aByeToTheSelectIsTheServerEndingTheConnection() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("SELECT", bye());
            s.on("EXAMINE", bye());
            endedTheConnection(HostileImapAnswersTest.run(dir, s, "", "list"));
        }
    }

    @Test
    void aGreetingThatIsNoStatusIsAnAnswerPosternCannotRead() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.greeting = "* O";
            Run r = HostileImapAnswersTest.run(dir, s, "", "list");
            assertEquals(75, r.code(), r.toString());
            assertFalse(r.err().contains("refused"), r.toString());
            assertTrue(r.err().contains("sent an answer postern cannot read (server said: * O)"), r.toString());
            assertTrue(r.err().contains("the server is faulty"), r.toString());
        }
    }
}
