package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code postern fetch} over IMAP when one message's body read breaks the session (a BYE, the link closed
 * mid-literal, BAD to its FETCH): that message is named in message_errors, the bodies read before it are kept,
 * postern connects again and fetches the others (exit 0); a fourth such message ends the run (75), keeping what
 * came before it.
 */
@Timeout(60)
class HostileImapFetchFaultsTest {
    @TempDir
    Path dir;

    /** Does to a body read of a UID in {@code bad} what {@code breaks} says. */
    interface Breaks {
        void on(HostileImap.Conn c, String tag) throws Exception;
    }

    private static HostileImap server(Set<Long> bad, Breaks breaks, long... uids) throws Exception {
        HostileImap s = new HostileImap();
        s.uids = uids;
        HostileImap.Answer a = (c, tag, args) -> {
            String up = args.toUpperCase();
            boolean body = up.contains("BODY.PEEK[]");
            String set = args.split(" ", 2)[0];
            if (body && set.matches("\\d+") && bad.contains(Long.parseLong(set))) {
                breaks.on(c, tag);
                return;
            }
            // HostileImap sends the whole message with any answer that names RFC822 (RFC822.SIZE too).
            s.plainly(c, tag, "UID FETCH", body ? args : args.replace("RFC822.SIZE", ""));
        };
        s.on("UID FETCH", a);
        return s;
    }

    private Run fetch(HostileImap s) throws Exception {
        return HostileImapAnswersTest.run(dir, s, "", "fetch", "--json");
    }

    private void oneBadMessageIsPassed(Breaks breaks) throws Exception {
        try (HostileImap s = server(Set.of(3L), breaks, 1, 2, 3, 4, 5)) {
            Run r = fetch(s);
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("\"ok\":true"), r.toString());
            assertTrue(r.out().contains("\"bodies\":4"), r.toString());
            assertTrue(r.out().contains("message 3 in 'INBOX' could not be fetched"), r.toString());
            assertEquals(2, s.got.stream().filter(l -> l.contains(" LOGIN ")).count(), s.got.toString());
            // The next run asks for that one only, and stores it once the server sends it.
            Run again = fetch(s);
            assertTrue(again.out().contains("\"bodies\":0"), again.toString());
            assertTrue(again.out().contains("message 3 in 'INBOX'"), again.toString());
        }
    }

    @Test
    void aByeToOneBodyReadFailsThatMessageOnly() throws Exception {
        oneBadMessageIsPassed((c, tag) -> {
            c.say("* BYE no");
            throw new java.io.EOFException("closed");
        });
    }

    @Test
    void aLinkClosedMidLiteralFailsThatMessageOnly() throws Exception {
        oneBadMessageIsPassed((c, tag) -> {
            c.raw("* 3 FETCH (UID 3 BODY[] {4294967296}\r\nab".getBytes(StandardCharsets.US_ASCII));
            throw new java.io.EOFException("closed");
        });
    }

    @Test
    void badToOneBodyReadFailsThatMessageOnly() throws Exception {
        oneBadMessageIsPassed((c, tag) -> c.say(tag + " BAD cannot"));
    }

    @Test
    void theFourthBrokenMessageEndsTheRunKeepingWhatCameBefore() throws Exception {
        try (HostileImap s = server(Set.of(1L, 2L, 3L, 4L), (c, tag) -> {
            c.say("* BYE no");
            throw new java.io.EOFException("closed");
        }, 1, 2, 3, 4, 5, 6)) {
            Run r = fetch(s);
            assertEquals(75, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("\"ok\":false"), r.toString());
            assertTrue(r.out().contains("\"bodies\":2"), r.toString());
            Run cached = HostileImapAnswersTest.run(dir, s, "", "list", "--cached", "--json");
            assertEquals(2, cached.out().split("\"cached\":true", -1).length - 1, cached.toString());
        }
    }

    /** sync reads bodies many to a FETCH: a BYE at UID 3 in the middle of one is UID 3's, once read alone. */
    @Test
    void syncPassesTheMessageWhoseBodyBreaksABatch() throws Exception {
        try (HostileImap s = new HostileImap()) {
            long[] uids = {1, 2, 3, 4, 5};
            s.uids = uids;
            s.on("UID FETCH", (c, tag, args) -> {
                String set = args.split(" ", 2)[0];
                if (!args.toUpperCase().contains("BODY.PEEK[]")) {
                    s.plainly(c, tag, "UID FETCH", args.replace("RFC822.SIZE", ""));
                    return;
                }
                for (int i = 0; i < uids.length; i++) {
                    if (!HostileImap.in(set, uids[i], 5)) continue;
                    if (uids[i] == 3) {
                        c.say("* BYE no");
                        throw new java.io.EOFException("closed");
                    }
                    HostileImap.fetch(c, args, "()", i + 1, uids[i]);
                }
                c.say(tag + " OK done");
            });
            Run r = HostileImapAnswersTest.run(dir, s, "", "sync", "--json");
            assertEquals(0, r.code(), r + " " + s.got);
            assertTrue(r.out().contains("\"bodies_fetched\":4"), r.toString());
            assertTrue(r.out().contains("message 3 in 'INBOX' could not be fetched"), r.toString());
        }
    }
}
