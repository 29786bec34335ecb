package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code postern sync} reads bodies many to a FETCH: what a server's answers to it store, and what a fault costs. */
@Timeout(60)
class HostileImapSyncBatchTest {
    @TempDir
    Path dir;

    /** What the body FETCH of one set does: answers it, or breaks the session (after some of its bodies). */
    interface BodyAnswer {
        void answer(HostileImap s, HostileImap.Conn c, String tag, String args, String set) throws Exception;
    }

    private static HostileImap server(int messages, BodyAnswer bodies) throws Exception {
        HostileImap s = new HostileImap();
        s.uids = LongStream.rangeClosed(1, messages).toArray();
        s.on("UID FETCH", (c, tag, args) -> {
            String set = args.split(" ", 2)[0];
            if (args.toUpperCase(java.util.Locale.ROOT).contains("BODY.PEEK[]")) {
                bodies.answer(s, c, tag, args, set);
            } else {
                s.plainly(c, tag, "UID FETCH", args.replace("RFC822.SIZE", ""));
            }
        });
        return s;
    }

    /** The body FETCHes postern sent, in order, without their tags. */
    private static List<String> bodyFetches(HostileImap s) {
        return s.got.stream().filter(l -> l.toUpperCase(java.util.Locale.ROOT).contains("BODY.PEEK[]"))
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    private static void bye(HostileImap.Conn c) throws Exception {
        c.say("* BYE no");
        throw new java.io.EOFException("closed");
    }

    /** HostileImap answers a body with FLAGS and RFC822.SIZE beside it, unasked: the bodies are the server's all the same. */
    @Test
    void bodiesAnsweredWithItemsNotAskedForAreStored() throws Exception {
        try (HostileImap s = server(5, (srv, c, tag, args, set) -> srv.plainly(c, tag, "UID FETCH", args))) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "sync", "--json");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("\"bodies_fetched\":5"), r + " " + s.got);
            assertTrue(r.out().contains("\"message_errors\":[]"), r.toString());
            assertEquals(List.of("UID FETCH 1:5 (UID BODY.PEEK[])"), bodyFetches(s));
        }
    }
}
