package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Folder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which folders sync takes and which it leaves out, with the reason: subscribed by default, else mbsync-style patterns. */
class SyncFoldersTest {
    private static Folder f(String name, String... attrs) {
        return new Folder("a", name, '/', 0, 0, Set.of(attrs));
    }

    private static final List<Folder> LISTED = List.of(f("INBOX"), f("Archive"), f("Archive/2019"), f("Lists"),
            f("Lists/java"), f("Spam"), f("Shared", "\\Noselect"), f("Trash"));

    @Test
    void patternWildcards() {
        assertTrue(SyncFolders.matches("*", "Archive/2019", '/'));
        assertTrue(SyncFolders.matches("%", "Archive", '/'));
        assertFalse(SyncFolders.matches("%", "Archive/2019", '/'), "% stops at the separator");
        assertTrue(SyncFolders.matches("Archive/%", "Archive/2019", '/'));
        assertFalse(SyncFolders.matches("Archive/%", "Archive", '/'));
        assertTrue(SyncFolders.matches("Arch*", "Archive/2019", '/'));
        assertTrue(SyncFolders.matches("%", "a.b", (char) 0), "no hierarchy: % is *");
        assertTrue(SyncFolders.matches("inbox", "INBOX", '/'), "INBOX is case-insensitive");
        assertTrue(SyncFolders.matches("inbox/*", "INBOX/x", '/'));
        assertFalse(SyncFolders.matches("spam", "Spam", '/'), "other names are case-sensitive");
        assertFalse(SyncFolders.matches("Spam", "Spam2", '/'));
    }

    @Test
    void hostileNamesDoNotBacktrackForever() {
        String name = "a".repeat(20_000) + "b";
        String pattern = "*a*a*a*a*a*a*a*a*a*a*c";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(SyncFolders.matches(pattern, name, '/')));
    }

    @Test
    void subscribedByDefaultInboxAlwaysNoselectNeverReported() {
        SyncFolders.Choice c = SyncFolders.subscribed(LISTED, List.of("Lists", "Trash"));
        assertEquals(List.of("INBOX", "Lists", "Trash"), c.synced());
        assertEquals(List.of(new SyncFolders.LeftOut("Archive", "not subscribed"),
                new SyncFolders.LeftOut("Archive/2019", "not subscribed"),
                new SyncFolders.LeftOut("Lists/java", "not subscribed"),
                new SyncFolders.LeftOut("Spam", "not subscribed")), c.leftOut());
    }

    /** Gmail's and Proton Bridge's "All Mail" is subscribed, and holds every message again: not taken by default. */
    @Test
    void aSubscribedAllMailIsLeftOutByDefaultAndTakenByPattern() {
        List<Folder> listed = List.of(f("INBOX"), f("[Gmail]/All Mail", "\\All", "\\HasNoChildren"), f("[Gmail]/Sent Mail", "\\Sent"));
        SyncFolders.Choice c = SyncFolders.subscribed(listed, List.of("INBOX", "[Gmail]/All Mail", "[Gmail]/Sent Mail"));
        assertEquals(List.of("INBOX", "[Gmail]/Sent Mail"), c.synced());
        assertEquals(List.of(new SyncFolders.LeftOut("[Gmail]/All Mail",
                "holds a copy of all mail (\\All); name it in sync_folders to take it")), c.leftOut());
        assertEquals(List.of("INBOX", "[Gmail]/All Mail", "[Gmail]/Sent Mail"), SyncFolders.byPatterns(listed, List.of("*")).synced());
    }

    @Test
    void lastMatchingPatternDecidesAndUnmatchedFoldersAreLeftOut() {
        SyncFolders.Choice c = SyncFolders.byPatterns(LISTED, List.of("*", "!Spam", "!Archive/*", "Archive/2019"));
        assertEquals(List.of("INBOX", "Archive", "Archive/2019", "Lists", "Lists/java", "Trash"), c.synced());
        assertEquals(List.of(new SyncFolders.LeftOut("Spam", "left out by sync_folders pattern \"!Spam\"")), c.leftOut());

        SyncFolders.Choice only = SyncFolders.byPatterns(LISTED, List.of("INBOX", "Lists/%"));
        assertEquals(List.of("INBOX", "Lists/java"), only.synced());
        assertTrue(only.leftOut().contains(new SyncFolders.LeftOut("Lists", "matches no sync_folders pattern")), only.toString());
        assertEquals(5, only.leftOut().size(), only.toString());
    }
}
