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

/**
 * {@code postern sync} reads bodies many to a FETCH; when one breaks the session (hunt 38-L, L7), the rest of the
 * batch is read in bulk again, not one message a round trip, and a message that breaks every read it is in is found by
 * halving and named.
 */
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

    /**
     * A BYE in the middle of a batch's answer: the bodies before it are kept, the rest asked in bulk again; when that
     * breaks on its first message at once, that message is read alone and named, the others in bulk.
     */
    @Test
    void aMessageThatBreaksTheAnswerIsReadAloneTheRestInBulk() throws Exception {
        try (HostileImap s = server(20, (srv, c, tag, args, set) -> {
            for (long u : srv.uids) {
                if (!HostileImap.in(set, u, 20)) continue;
                if (u == 7) bye(c);
                HostileImap.fetch(c, args, "()", (int) u, u);
            }
            c.say(tag + " OK done");
        })) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "sync", "--json");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("\"bodies_fetched\":19"), r + " " + s.got);
            assertTrue(r.out().contains("message 7 in 'INBOX' could not be fetched"), r.toString());
            assertEquals(1, r.out().split("could not be fetched|sent no body", -1).length - 1, r.toString());
            assertEquals(List.of("UID FETCH 1:20 (UID BODY.PEEK[])", "UID FETCH 7:20 (UID BODY.PEEK[])",
                    "UID FETCH 7 (UID BODY.PEEK[]<0.1048576>)", "UID FETCH 8:20 (UID BODY.PEEK[])"), bodyFetches(s));
        }
    }

    /**
     * A message whose every read breaks the session before any body comes (the bodies before it lost with the link):
     * found by halving the batch, a few reads, not one a message; every other body is stored, each its own.
     */
    @Test
    void aMessageThatBreaksEveryReadBeforeAnyBodyIsFoundByHalving() throws Exception {
        int messages = 64;
        try (HostileImap s = server(messages, (srv, c, tag, args, set) -> {
            if (HostileImap.in(set, 37, messages)) bye(c);
            srv.plainly(c, tag, "UID FETCH", args);
        })) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "sync", "--json");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("\"bodies_fetched\":63"), r + " " + s.got);
            assertTrue(r.out().contains("message 37 in 'INBOX' could not be fetched"), r.toString());
            assertEquals(1, r.out().split("could not be fetched|sent no body", -1).length - 1, r.toString());
            // log2(64) = 6 halvings, each a failed read and the read of its other half, and the one read alone.
            assertTrue(bodyFetches(s).size() <= 2 * 6 + 2, bodyFetches(s).toString());
            Run cached = HostileImapAnswersTest.run(dir, s, "", "list", "--cached", "--json");
            assertEquals(63, cached.out().split("\"cached\":true", -1).length - 1, cached.toString());
            // Each stored body is its own message's (HostileImap makes each Message-ID its UID's).
            for (long u : new long[] {1, 36, 38, 64}) {
                Run read = HostileImapAnswersTest.run(dir, s, "", "read", "--raw", "--preview", "INBOX", Long.toString(u));
                assertTrue(read.out().contains("Message-ID: <m" + u + "@x>"), read.toString());
            }
        }
    }

    /** A link lost after two bodies at every answer: kept bodies, and the run ends after the fourth drop (75). */
    @Test
    void aLinkThatKeepsDroppingEndsTheRunKeepingWhatCame() throws Exception {
        try (HostileImap s = server(30, (srv, c, tag, args, set) -> {
            int sent = 0;
            for (long u : srv.uids) {
                if (!HostileImap.in(set, u, 30)) continue;
                if (sent++ == 2) throw new java.io.EOFException("cut");
                HostileImap.fetch(c, args, "()", (int) u, u);
            }
            c.say(tag + " OK done");
        })) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "sync", "--json");
            assertEquals(75, r.code(), r + " " + s.got);
            assertEquals(4, bodyFetches(s).size(), bodyFetches(s).toString());
            Run cached = HostileImapAnswersTest.run(dir, s, "", "list", "--cached", "--json");
            assertEquals(8, cached.out().split("\"cached\":true", -1).length - 1, cached.toString());
        }
    }

    /**
     * A bulk answer that gives one message twice, the second time another text: neither is stored from it (the fault is
     * the server's, known only once the answer is whole), and read again the message is stored as sent alone.
     */
    @Test
    void aMessageAnsweredTwiceDifferentlyIsStoredOnlyFromAnAnswerOfItsOwn() throws Exception {
        try (HostileImap s = server(8, (srv, c, tag, args, set) -> {
            for (long u : srv.uids) {
                if (!HostileImap.in(set, u, 8)) continue;
                HostileImap.fetch(c, args, "()", (int) u, u);
                if (u == 4 && !set.equals("4")) HostileImap.fetch(c, args, "()", (int) u, u, "Tue, 2 Jan 2024 10:00:00 +0000");
            }
            c.say(tag + " OK done");
        })) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "sync", "--json");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("\"bodies_fetched\":8"), r + " " + s.got);
            Run read = HostileImapAnswersTest.run(dir, s, "", "read", "--raw", "--preview", "INBOX", "4");
            assertTrue(read.out().contains("Date: Mon, 1 Jan 2024 10:00:00 +0000"), read.toString());
        }
    }
}
