package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.CachedListLineTest.Run;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a plain {@code list --cached} prints the listing the last process kept beside the store
 * ({@code listing.cache}) without opening the store, and prints exactly what the store would: after every change
 * to the store (a sync that brings new mail, a store written by a postern that knows nothing of the listing, a torn
 * listing file, a longer listing asked for than was kept) the store is read again. Which path ran is told by the
 * listing file: the store's path deletes it at the open and writes a new file at the close; the kept path leaves
 * it as it was.
 */
class KeptListingTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private String cfg;
    private GreenMailUser alice;

    @BeforeEach
    void setUp() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        deliver("<a@x>", "Lunch", "Mon, 2 Nov 2026 10:00:00 +0000");
        deliver("<b@x>", "Re: Lunch", "Tue, 3 Nov 2026 10:00:00 +0000");
        deliver("<c@x>", "Caf\u00e9 \u65e5\u672c", "Wed, 4 Nov 2026 10:00:00 +0000");
        cfg = CachedListLineTest.config(dir, greenMail.getImap().getPort());
        Run listed = run(true, "list");
        assertEquals(0, listed.code(), listed.toString());
    }

    private void deliver(String id, String subject, String date) throws Exception {
        CachedListLineTest.deliver(alice, id, null, subject, date);
    }

    private Path listing() {
        return dir.resolve("data").resolve("listing.cache");
    }

    /** The listing file's identity (inode and time): a new one after every store open and clean close. */
    private String kept() throws Exception {
        if (!Files.exists(listing())) return "none";
        BasicFileAttributes a = Files.readAttributes(listing(), BasicFileAttributes.class);
        return a.fileKey() + " " + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Test
    void aKeptListingIsPrintedWithoutTheStoreAndPrintsWhatTheStorePrints() throws Exception {
        List<List<String>> lines = List.of(List.of("list", "--cached"), List.of("list", "--cached", "--limit", "2"),
                List.of("list", "--limit=2", "--cached", "--json"), List.of("list", "--cached", "--limit", "0"),
                List.of("list", "--cached", "INBOX", "--json"), List.of("-a", "test", "list", "--cached", "--limit", "1"));
        for (List<String> line : lines) {
            Run store = run(false, line.toArray(String[]::new)); // picocli's door: always the store, and keeps the listing
            String before = kept();
            assertNotEquals("none", before, "the store's path keeps what it listed: " + line);
            Run fast = run(true, line.toArray(String[]::new));
            assertEquals(before, kept(), "printed from the kept listing, the store not opened: " + line);
            assertEquals(store, fast, String.join(" ", line));
        }
        assertTrue(run(true, "list", "--cached").out().contains("Caf\u00e9 \u65e5\u672c"));
    }

    @Test
    void aSyncThatBringsMailDropsTheListingAndTheNextListShowsIt() throws Exception {
        Run first = run(true, "list", "--cached");
        assertEquals(3, first.out().lines().count(), first.toString());
        deliver("<d@x>", "Fresh news", "Thu, 5 Nov 2026 10:00:00 +0000");
        assertEquals(0, run(true, "sync").code());
        assertEquals("none", kept(), "a process that wrote the store keeps no listing");
        Run after = run(true, "list", "--cached");
        assertEquals(4, after.out().lines().count(), after.toString());
        assertTrue(after.out().lines().findFirst().orElseThrow().contains("Fresh news"), after.out());
        assertNotEquals("none", kept());
        assertEquals(after, run(true, "list", "--cached"));
    }

    @Test
    void aChangedStoreATornListingOrALongerListingAskedForReadTheStore() throws Exception {
        Run whole = run(false, "list", "--cached");
        run(false, "list", "--cached", "--limit", "2"); // keeps two rows of three
        String two = kept();
        Run three = run(true, "list", "--cached", "--limit", "3");
        assertNotEquals(two, kept(), "three rows asked for, two kept: the store is read");
        assertEquals(whole, three);

        // A store written by a postern that knows nothing of the listing: its files' stamp no longer matches.
        Path store = dir.resolve("data").resolve("store.db");
        String before = kept();
        FileTime was = Files.getLastModifiedTime(store);
        Files.setLastModifiedTime(store, FileTime.fromMillis(was.toMillis() + 1000));
        assertEquals(whole, run(true, "list", "--cached"));
        assertNotEquals(before, kept(), "a changed store is read");

        before = kept();
        try (RandomAccessFile f = new RandomAccessFile(listing().toFile(), "rw")) {
            f.setLength(f.length() - 5);
        }
        assertEquals(whole, run(true, "list", "--cached"));
        assertNotEquals(before, kept(), "a torn listing is not believed");

        // A folder it does not hold, and the unified inbox's name, read the store as before.
        Run other = run(true, "list", "--cached", "Archive");
        assertEquals(run(false, "list", "--cached", "Archive"), other);
        assertFalse(other.err().isEmpty(), other.toString());
    }

    private Run run(boolean plainLinesFirst, String... line) {
        List<String> args = new ArrayList<>(List.of("--config", cfg));
        args.addAll(List.of(line));
        return CachedListLineTest.run(dir, plainLinesFirst, args.toArray(String[]::new));
    }
}
