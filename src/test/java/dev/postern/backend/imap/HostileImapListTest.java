package dev.postern.backend.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.backend.imap.HostileImapAnswersTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** LIST answers a real server would not give, whose folders must still be usable. */
@Timeout(60)
class HostileImapListTest {
    @TempDir
    Path dir;

    private static HostileImap listing(String... lines) throws Exception {
        return new HostileImap().on("LIST", (c, tag, args) -> {
            if (args.contains("\"\" \"\"")) c.say("* LIST (\\Noselect) \"/\" \"\"");
            else for (String l : lines) c.say(l);
            c.say(tag + " OK done");
        });
    }

    /** RFC 3501 allows a one-character delimiter or NIL; "::" made every folder one named " ". */
    @Test
    void aDelimiterOfTwoCharactersKeepsEveryFolderWhole() throws Exception {
        try (HostileImap s = listing("* LIST () \"::\" INBOX", "* LIST () \"::\" \"Work::Sub\"", "* LIST () \"::\" Work")) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "folders", "--json");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("\"folder\":\"Work::Sub\""), r.toString());
            assertTrue(r.out().contains("\"folder\":\"Work\""), r.toString());
            assertFalse(r.out().contains("\"folder\":\" \""), r.toString());
            Run list = HostileImapAnswersTest.run(dir, s, "", "list", "Work::Sub");
            assertEquals(0, list.code(), list.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.endsWith("SELECT Work::Sub") || l.endsWith("SELECT \"Work::Sub\"")),
                    s.got.toString());
        }
    }

    /** Angus took "trail/" for a namespace and asked for "trail", which the server does not have. */
    @Test
    void aFolderNamedWithATrailingDelimiterIsAskedForAsListed() throws Exception {
        try (HostileImap s = listing("* LIST () \"/\" INBOX", "* LIST () \"/\" \"trail/\"")) {
            Run r = HostileImapAnswersTest.run(dir, s, "", "folders", "--json");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("\"folder\":\"trail/\""), r.toString());
            Run list = HostileImapAnswersTest.run(dir, s, "", "list", "trail/");
            assertEquals(0, list.code(), list.toString());
            assertTrue(s.got.stream().anyMatch(l -> l.endsWith("SELECT trail/") || l.endsWith("SELECT \"trail/\"")),
                    s.got.toString());
        }
    }

    /**
     * Hunt 41-H, H2: a LIST answered OK with no INBOX (here with nothing, then with one other folder) dropped every stored
     * folder and its cached mail, exit 0 and not a word. Every server has an INBOX: such a list drops nothing.
     */
    @Test
    void aListWithoutInboxDropsNoStoredFolder() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.util.List<String>> lines = new java.util.concurrent.atomic.AtomicReference<>(
                java.util.List.of("* LIST () \"/\" INBOX", "* LIST () \"/\" Work"));
        try (HostileImap s = new HostileImap().on("LIST", (c, tag, args) -> {
            if (args.contains("\"\" \"\"")) c.say("* LIST (\\Noselect) \"/\" \"\"");
            else for (String l : lines.get()) c.say(l);
            c.say(tag + " OK done");
        })) {
            String all = "sync_folders = [\"*\"]\n";
            Run first = HostileImapAnswersTest.run(dir, s, all, "sync");
            assertEquals(0, first.code(), first.toString());
            assertTrue(cached(s, all).contains("\"uid\":7"), "INBOX's message and its body are stored");
            lines.set(java.util.List.of());
            assertEquals(0, HostileImapAnswersTest.run(dir, s, all, "sync").code());
            lines.set(java.util.List.of("* LIST () \"/\" Work"));
            assertEquals(0, HostileImapAnswersTest.run(dir, s, all, "folders").code());
            String after = cached(s, all);
            assertTrue(after.contains("\"uid\":7") && after.contains("\"cached\":true"), "still stored, body and all: " + after);
            Run work = HostileImapAnswersTest.run(dir, s, all, "list", "--cached", "Work");
            assertEquals(0, work.code(), "Work is still a stored folder: " + work);
        }
    }

    /**
     * fix42-M, item 2: a folder the server lists twice (the same name twice, INBOX in another case) was counted (STATUS),
     * listed and synced (SELECT) once for each line. One folder is one folder: listed, counted and synced once.
     */
    @Test
    void aFolderListedTwiceIsListedCountedAndSyncedOnce() throws Exception {
        try (HostileImap s = listing("* LIST () \"/\" INBOX", "* LIST () \"/\" Inbox", "* LIST () \"/\" Work",
                "* LIST (\\HasNoChildren) \"/\" Work")) {
            String all = "sync_folders = [\"*\"]\n";
            Run r = HostileImapAnswersTest.run(dir, s, all, "folders", "--json");
            assertEquals(0, r.code(), r.toString());
            assertEquals(1, s.got.stream().filter(l -> l.matches("\\S+ STATUS \"?Work\"? .*")).count(), s.got.toString());
            assertEquals(1, s.got.stream().filter(l -> l.matches("(?i)\\S+ STATUS \"?INBOX\"? .*")).count(), s.got.toString());
            assertEquals(1, count(r.out(), "\"folder\":\"Work\""), r.toString());
            assertEquals(1, count(r.out(), "\"folder\":\"INBOX\""), r.toString());
            assertEquals(0, count(r.out(), "\"folder\":\"Inbox\""), r.toString());
            s.got.clear();
            Run sync = HostileImapAnswersTest.run(dir, s, all, "sync", "--json");
            assertEquals(0, sync.code(), sync.toString());
            assertEquals(1, s.got.stream().filter(l -> l.matches("\\S+ SELECT \"?Work\"?")).count(), s.got.toString());
            assertEquals(1, s.got.stream().filter(l -> l.matches("(?i)\\S+ SELECT \"?INBOX\"?")).count(), s.got.toString());
            assertEquals(1, count(sync.out(), "\"folder\":\"Work\""), sync.toString());
            assertEquals(1, count(sync.out(), "\"folder\":\"INBOX\""), sync.toString());
        }
    }

    private static long count(String text, String what) {
        long n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }

    private String cached(HostileImap s, String extra) throws Exception {
        Run r = HostileImapAnswersTest.run(dir, s, extra, "list", "--cached", "--json", "INBOX");
        assertEquals(0, r.code(), r.toString());
        return r.out();
    }

    @Test
    void flatDelimiterLeavesAOneCharacterOrNilDelimiterAlone() {
        assertEquals(null, MailboxNames.flatDelimiter("* LIST () \"/\" INBOX"));
        assertEquals(null, MailboxNames.flatDelimiter("* LIST () \"\\\\\" INBOX"));
        assertEquals(null, MailboxNames.flatDelimiter("* LIST () NIL INBOX"));
        assertEquals("* LIST (\\HasNoChildren) NIL \"a::b\"", MailboxNames.flatDelimiter("* LIST (\\HasNoChildren) \"::\" \"a::b\""));
    }
}
