package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.config.AccountConfig;
import dev.postern.config.PasswordSource;
import dev.postern.model.Protocol;
import dev.postern.model.Security;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which UIDs a folder still holds (a sync's delta step) is read from the answer the server gives, whichever it is:
 * iCloud and Cyrus 2.4 offer ESEARCH and answer {@code UID SEARCH RETURN (ALL)} with a plain {@code * SEARCH}
 * (hunt 29-I, I1), which was read as "no message left" and emptied the folder in the store. An answer with no
 * result at all fails the step instead.
 */
@Timeout(30)
class SearchAnswerShapesTest {
    private static SortedSet<Long> uidsBelow(HostileImap server, long below) throws Exception {
        AccountConfig account = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", server.port(), Security.PLAIN, "b",
                new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(10), 0);
        try (ImapSession s = new ImapSession(account, () -> "pw")) {
            s.connect();
            return s.uidsBelow("INBOX", below);
        }
    }

    @Test
    void aPlainSearchAnswerToAnEsearchQuestionIsRead() throws Exception {
        try (HostileImap server = new HostileImap()) {
            server.capabilities = "IMAP4rev1 UIDPLUS ESEARCH CONDSTORE";
            server.uids = new long[] {3, 5, 9};
            assertEquals(List.of(3L, 5L), List.copyOf(uidsBelow(server, 9)));
            assertTrue(server.got.stream().anyMatch(l -> l.contains("UID SEARCH RETURN (ALL)")), server.got.toString());
        }
    }

    @Test
    void anEsearchAnswerIsRead() throws Exception {
        try (HostileImap server = new HostileImap()) {
            server.capabilities = "IMAP4rev1 UIDPLUS ESEARCH";
            server.uids = new long[] {3, 5, 6, 9}; // what the answer names, a folder can hold
            server.on("UID SEARCH", (c, tag, args) -> {
                c.say("* ESEARCH (TAG \"" + tag + "\") UID ALL 3,5:6");
                c.say(tag + " OK done");
            });
            assertEquals(List.of(3L, 5L, 6L), List.copyOf(uidsBelow(server, 9)));
        }
    }

    /**
     * Hunt 33 X9: {@code ALL 1:4294967295} was expanded one UID at a time (past every time-out, 2 GB). A set is
     * counted before it is expanded: more UIDs than the folder holds is the server's fault (75), nothing removed.
     */
    @Test
    void anEsearchSetWiderThanTheFolderIsTheServersFault() throws Exception {
        try (HostileImap server = new HostileImap()) {
            server.capabilities = "IMAP4rev1 UIDPLUS ESEARCH";
            server.uids = new long[] {3, 5, 9};
            server.on("UID SEARCH", (c, tag, args) -> {
                c.say("* ESEARCH (TAG \"" + tag + "\") UID ALL 1:4294967295");
                c.say(tag + " OK done");
            });
            PosternException e = assertThrows(PosternException.class, () -> uidsBelow(server, 9));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("with 8 UIDs for folder INBOX, which it said holds 3 messages"), e.getMessage());
        }
    }

    /** UIDs at or above what was asked are left out before they are expanded. */
    @Test
    void anEsearchSetIsReadOnlyBelowWhatWasAsked() throws Exception {
        try (HostileImap server = new HostileImap()) {
            server.capabilities = "IMAP4rev1 UIDPLUS ESEARCH";
            server.uids = new long[] {3, 5, 9};
            server.on("UID SEARCH", (c, tag, args) -> {
                c.say("* ESEARCH (TAG \"" + tag + "\") UID ALL 3,5,9:4294967295");
                c.say(tag + " OK done");
            });
            assertEquals(List.of(3L, 5L), List.copyOf(uidsBelow(server, 9)));
        }
    }

    /**
     * A server whose answer to "which of these do you still hold" leaves out what its SELECT counts: the stored copies
     * stay, and the sync says the server is at fault (exit 75), whichever question was asked.
     */
    @Test
    void aListingThatLosesMessagesTheFolderCountsRemovesNothing(@TempDir Path dir) throws Exception {
        try (HostileImap server = new HostileImap()) {
            server.uids = new long[] {3, 5, 9};
            HostileImapAnswersTest.Run first = HostileImapAnswersTest.run(dir, server, "", "list");
            assertEquals(0, first.code(), first.toString());
            server.on("UID FETCH", (c, tag, args) -> {
                if (args.contains("(UID FLAGS)")) c.say(tag + " OK done"); // the flags of none of them
                else server.plainly(c, tag, "UID FETCH", args);
            });
            HostileImapAnswersTest.Run again = HostileImapAnswersTest.run(dir, server, "", "list");
            assertEquals(75, again.code(), again.toString());
            assertTrue(again.err().contains("the server at 127.0.0.1:" + server.port() + " listed 0 message(s) of INBOX where it said the folder holds 3"), again.toString());
            HostileImapAnswersTest.Run cached = HostileImapAnswersTest.run(dir, server, "", "list", "--cached");
            assertEquals(3, cached.out().strip().lines().count(), cached.toString());
        }
    }

    @Test
    void anAnswerWithoutAResultFailsTheStepRatherThanEmptyingTheFolder() throws Exception {
        try (HostileImap server = new HostileImap()) {
            server.capabilities = "IMAP4rev1 UIDPLUS ESEARCH";
            server.on("UID SEARCH", (c, tag, args) -> c.say(tag + " OK done"));
            PosternException e = assertThrows(PosternException.class, () -> uidsBelow(server, 9));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode());
            assertTrue(e.getMessage().contains("without a search result"), e.getMessage());
        }
    }

    private static SortedSet<Long> search(HostileImap server, String query) throws Exception {
        AccountConfig account = new AccountConfig("t", Protocol.IMAP, "127.0.0.1", server.port(), Security.PLAIN, "b",
                new PasswordSource.Literal("pw"), null, false, Duration.ofSeconds(10), 0);
        try (ImapSession s = new ImapSession(account, () -> "pw")) {
            s.connect();
            return s.search("INBOX", dev.postern.model.QueryParser.parse(query));
        }
    }

    /**
     * Hunt 39-I, I10: a server that refuses SEARCH CHARSET UTF-8 (NO [BADCHARSET]) made Angus search on the client,
     * fetching every message of the folder for one search (a whole mailbox on a slow link), silently. It is said now,
     * and nothing is fetched.
     */
    @Test
    void aRefusedCharsetIsSaidAndNothingIsDownloaded() throws Exception {
        try (HostileImap server = new HostileImap()) {
            server.uids = new long[] {1, 2, 3};
            server.on("SEARCH", (c, tag, args) -> c.say(tag + " NO [BADCHARSET (US-ASCII)] unsupported charset"));
            PosternException e = assertThrows(PosternException.class, () -> search(server, "body:groß"));
            assertEquals(ExitCode.UNAVAILABLE, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("the server at 127.0.0.1:" + server.port() + " cannot search for text that is"
                    + " not ASCII (it refused the search in UTF-8)."), e.getMessage());
            assertTrue(server.got.stream().anyMatch(l -> l.contains("SEARCH CHARSET UTF-8")), server.got.toString());
            assertTrue(server.got.stream().noneMatch(l -> l.contains("FETCH")), "fetched for a search: " + server.got);
        }
    }

    /** The command: the store answers, and the user is told why; nothing but the listing is fetched. */
    @Test
    void aRefusedCharsetIsAnsweredByTheStore(@TempDir Path dir) throws Exception {
        try (HostileImap server = new HostileImap()) {
            server.uids = new long[] {1, 2, 3};
            HostileImapAnswersTest.Run first = HostileImapAnswersTest.run(dir, server, "", "list");
            assertEquals(0, first.code(), first.toString());
            server.on("SEARCH", (c, tag, args) -> c.say(tag + " NO [BADCHARSET (US-ASCII)] unsupported charset"));
            int before = server.got.size();
            HostileImapAnswersTest.Run run = HostileImapAnswersTest.run(dir, server, "", "search", "body:groß");
            assertTrue(run.err().contains("cannot search for text that is not ASCII (it refused the search in UTF-8)."
                    + " Searching the store instead."), run.toString());
            java.util.List<String> asked = List.copyOf(server.got.subList(before, server.got.size()));
            int searched = asked.indexOf(asked.stream().filter(l -> l.contains(" SEARCH ")).findFirst().orElseThrow());
            assertTrue(asked.subList(searched, asked.size()).stream().noneMatch(l -> l.contains("FETCH")),
                    "fetched after the refused search: " + asked);
        }
    }

    /** The same path reads a server's answer: message numbers, then their UIDs. */
    @Test
    void aSearchTheServerAnswersGivesItsMessagesUids() throws Exception {
        try (HostileImap server = new HostileImap()) {
            server.uids = new long[] {1, 2, 3};
            server.on("SEARCH", (c, tag, args) -> {
                if (args.endsWith("}")) { // the text as a literal: take it
                    c.say("+ go ahead");
                    dev.postern.backend.link.ScriptedServer.line(c.in());
                }
                c.say("* SEARCH 1 3");
                c.say(tag + " OK done");
            });
            assertEquals(List.of(1L, 3L), List.copyOf(search(server, "body:groß")));
            assertTrue(server.got.stream().anyMatch(l -> l.contains("SEARCH CHARSET UTF-8 BODY")), server.got.toString());
        }
    }
}
