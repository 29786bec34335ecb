package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that answers one command with data answers without end, quickly: an endless LIST, FETCH flag updates
 * after SELECT, the same message's FETCH again and again in a listing. Each kept postern busy until it was killed
 * (LIST and SELECT also filled the heap, 1.7 GB in two minutes: Angus keeps a command's answers until its end), since
 * every KiB lengthened the answer's deadline. Each is now the server's fault, exit 75, well within the time-out.
 */
@org.junit.jupiter.api.Timeout(value = 90, unit = java.util.concurrent.TimeUnit.SECONDS) // before: for ever
class HostileImapFloodTest {
    @TempDir Path dir;

    private static void flood(HostileImap.Conn c, String line) throws Exception {
        while (true) c.say(line); // ends when postern closes the connection
    }

    private Run run(HostileImap s, String... args) throws Exception {
        return HostileImapAnswersTest.run(dir, s, "", args);
    }

    private static void faulty(Run r, HostileImap s, String what) {
        assertEquals(75, r.code(), r.toString());
        assertTrue(r.err().contains("the server at 127.0.0.1:" + s.port() + " " + what), r.err());
    }

    @Test
    void anEndlessFolderListIsCutOff() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("LIST", (c, tag, args) -> {
                for (int i = 0; ; i++) c.say("* LIST () \"/\" \"F" + i + "\"");
            });
            faulty(run(s, "folders"), s, "sent more than " + AnswerGuards.MAX_DATA + " answers (LIST, STATUS");
        }
    }

    @Test
    void flagUpdatesWithoutEndAfterSelectAreCutOff() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("SELECT", (c, tag, args) -> {
                c.say("* 1 EXISTS");
                c.say("* OK [UIDVALIDITY 42] ok");
                flood(c, "* 1 FETCH (FLAGS (\\Seen))");
            });
            faulty(run(s, "list"), s, "sent more than " + (2 + AnswerGuards.MAX_UNASKED_FETCHES) + " FETCH or EXPUNGE answers");
        }
    }

    @Test
    void aListingThatRepeatsOneMessageForEverIsCutOff() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("UID FETCH", (c, tag, args) -> flood(c, "* 1 FETCH (UID 7 FLAGS (\\Seen))"))
                    .on("FETCH", (c, tag, args) -> flood(c, "* 1 FETCH (UID 7 FLAGS (\\Seen))"));
            faulty(run(s, "list"), s, "sent more than " + (2 + AnswerGuards.MAX_UNASKED_FETCHES) + " FETCH or EXPUNGE answers");
        }
    }

    @Test
    void anEndlessRunOfExistsIsCutOff() throws Exception {
        try (HostileImap s = new HostileImap()) {
            s.on("SELECT", (c, tag, args) -> flood(c, "* 1 EXISTS"));
            faulty(run(s, "list"), s, "sent more than " + AnswerGuards.MAX_DATA + " answers");
        }
    }
}
