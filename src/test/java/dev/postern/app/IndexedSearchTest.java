package dev.postern.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postern.app.CachedListLineTest.Run;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a plain {@code search --local} in a process of its own is answered by the search index alone, from the
 * snapshot the store kept at its last clean close ({@code search.snapshot}), without opening the store, and prints
 * exactly what the store's search prints. Which path ran is told by the snapshot file: the store's path deletes it at
 * the open and writes a new one at the close; the index's leaves it as it was (and the kept listing with it). A
 * snapshot is never believed once the store may have changed (a process that opened it, a store written by another
 * postern, a torn file) or the index moved on to another commit.
 */
class IndexedSearchTest {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir Path dir;
    private String cfg;
    private GreenMailUser alice;

    @BeforeEach
    void setUp() throws Exception {
        alice = greenMail.setUser("alice@localhost", "alice", "secret");
        deliver("Grace Hopper <grace@x>", "Invoice 17", "Mon, 2 Nov 2026 10:00:00 +0000", "The quick brown fox, caf\u00e9 r\u00e9sum\u00e9.");
        deliver("Bob <bob@x>", "Re: Invoice 17", "Tue, 3 Nov 2026 10:00:00 +0000", "Nachricht \u00fcber den Fuchs.");
        deliver("Grace Hopper <grace@x>", "Lunch", "Wed, 4 Nov 2026 10:00:00 +0000", "No fox here; a foxglove.");
        deliver("Ada <ada@x>", "Caf\u00e9 \u65e5\u672c", "Thu, 5 Nov 2026 10:00:00 +0000", "Invoice attached.");
        cfg = CachedListLineTest.config(dir, greenMail.getImap().getPort());
        Run synced = run(true, "sync");
        assertEquals(0, synced.code(), synced.toString());
    }

    private void deliver(String from, String subject, String date, String body) throws Exception {
        String raw = "From: " + from + "\r\nTo: alice@localhost\r\nSubject: " + subject + "\r\nDate: " + date
                + "\r\nMessage-ID: <" + date.hashCode() + "@x>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    private Path snapshot() {
        return dir.resolve("data").resolve("search.snapshot");
    }

    /** The snapshot file's identity (inode and time): a new one after every store open and clean close; "none" without. */
    private String kept() throws Exception {
        if (!Files.exists(snapshot())) return "none";
        BasicFileAttributes a = Files.readAttributes(snapshot(), BasicFileAttributes.class);
        return a.fileKey() + " " + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static final List<List<String>> LINES = List.of(
            List.of("search", "--local", "subject:invoice"),
            List.of("search", "--local", "--json", "from:grace", "body:fox"),
            List.of("search", "--json", "--local", "body:fox", "-seen"),
            List.of("search", "--local", "--folder", "INBOX", "caf\u00e9"),
            List.of("search", "--local", "--folder=INBOX", "--json", "--", "body:nachricht"),
            List.of("-a", "test", "search", "--local", "text:invoice", "or", "from:ada"),
            List.of("search", "--local", "--json", "subject:\"re: invoice\""));

    @Test
    void aSearchIsAnsweredByTheIndexAloneAndPrintsWhatTheStorePrints() throws Exception {
        for (List<String> line : LINES) {
            Run store = run(false, line.toArray(String[]::new)); // picocli's door: the store, which keeps the snapshot at its close
            String before = kept();
            assertNotEquals("none", before, "the store's search keeps a snapshot at its close: " + line);
            Run fast = run(true, line.toArray(String[]::new));
            assertEquals(before, kept(), "answered by the index, the store not opened: " + line);
            assertEquals(store, fast, String.join(" ", line));
            assertTrue(store.out().lines().count() > 0, store.toString());
        }
    }

    @Test
    void theNoteOfMessagesWithoutABodyIsTheStoresToo() throws Exception {
        deliver("Eve <eve@x>", "Fox news", "Fri, 6 Nov 2026 10:00:00 +0000", "A fox.");
        assertEquals(0, run(true, "list").code()); // headers only: the new message has no body stored
        Run store = run(false, "search", "--local", "body:fox");
        String before = kept();
        Run fast = run(true, "search", "--local", "body:fox");
        assertEquals(before, kept(), "answered by the index");
        assertEquals(store, fast);
        assertTrue(fast.err().contains("1 of 5 message(s) in INBOX have no body stored"), fast.toString());
    }

    @Test
    void aSnapshotIsNotBelievedOnceTheStoreOrTheIndexMayHaveChanged() throws Exception {
        Run whole = run(false, "search", "--local", "subject:invoice");
        assertEquals(2, whole.out().lines().count(), whole.toString());

        // A sync that brings mail: the store's open deleted the snapshot, its close kept a new one, which answers.
        deliver("Ada <ada@x>", "Invoice 18", "Sat, 7 Nov 2026 10:00:00 +0000", "More.");
        assertEquals(0, run(true, "sync").code());
        String afterSync = kept();
        Run three = run(true, "search", "--local", "subject:invoice");
        assertEquals(3, three.out().lines().count(), three.toString());
        assertEquals(afterSync, kept(), "the new snapshot answered");
        Path old = dir.resolve("snapshot.old");
        Files.copy(snapshot(), old, StandardCopyOption.COPY_ATTRIBUTES);

        // The store written by a postern that knows nothing of the snapshot: its files' stamp no longer matches.
        Path store = dir.resolve("data").resolve("store.db");
        Files.setLastModifiedTime(store, FileTime.fromMillis(Files.getLastModifiedTime(store).toMillis() + 1000));
        assertEquals(three, run(true, "search", "--local", "subject:invoice"));
        assertNotEquals(afterSync, kept(), "a changed store is opened");

        // A torn snapshot.
        String before = kept();
        byte[] all = Files.readAllBytes(snapshot());
        Files.write(snapshot(), java.util.Arrays.copyOf(all, all.length - 5));
        assertEquals(three, run(true, "search", "--local", "subject:invoice"));
        assertNotEquals(before, kept(), "a torn snapshot is not believed");

        // The index rebuilt since (another commit than the snapshot names), the store's files as they were.
        before = kept();
        Files.copy(snapshot(), old, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        assertEquals(0, run(true, "store", "reindex").code());
        Files.copy(old, snapshot(), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Files.readAllBytes(old).length, Files.size(snapshot()));
        String planted = kept();
        assertEquals(three, run(true, "search", "--local", "subject:invoice"));
        assertNotEquals(planted, kept(), "a snapshot naming another commit of the index is not believed");

        // A process that holds the store (or was killed holding it) leaves no snapshot behind its open.
        try (dev.postern.store.MapDbStore open = dev.postern.store.MapDbStore.open(dir.resolve("data"), () -> { })) {
            assertEquals("none", kept(), "the store's open deletes the snapshot before anything can change");
        }
    }

    @Test
    void aProcessThatReadsTheStoreWithoutTheIndexKeepsTheSnapshot() throws Exception {
        Run store = run(false, "search", "--local", "from:grace");
        // list --cached through picocli's door reads the store (its open sets the snapshot aside) and never the index.
        assertEquals(0, run(false, "list", "--cached").code());
        String kept = kept();
        assertNotEquals("none", kept, "kept at the close: the index is the one the snapshot named, the store's counter unmoved");
        assertTrue(Files.notExists(dir.resolve("data").resolve("search.snapshot.prior")), "what the open set aside is gone at the close");
        assertEquals(store, run(true, "search", "--local", "from:grace"));
        assertEquals(kept, kept(), "answered by the index");
        // With no snapshot to believe at the open, nothing is set aside for the close.
        Files.delete(dir.resolve("data").resolve("search.snapshot"));
        assertEquals("none", kept());
        try (dev.postern.store.MapDbStore open = dev.postern.store.MapDbStore.open(dir.resolve("data"), () -> { })) {
            assertTrue(Files.notExists(dir.resolve("data").resolve("search.snapshot.prior")), "nothing believed, nothing set aside");
        }
    }

    @Test
    void whatTheIndexAloneCannotSayGoesToTheStore() throws Exception {
        run(false, "search", "--local", "subject:invoice");
        String before = kept();
        // No match: the note of what the store knows of the folder needs the store.
        Run none = run(true, "search", "--local", "subject:nosuchword");
        assertEquals(run(false, "search", "--local", "subject:nosuchword"), none);
        assertNotEquals(before, kept());
        // A bare first word may name a folder (refused, 64, by picocli's door); a folder the store does not hold.
        for (List<String> line : List.of(List.of("search", "--local", "INBOX", "fox"), List.of("search", "--local", "--folder", "Archive", "fox"),
                List.of("search", "--local", "-h"), List.of("search", "--local", "subject:invoice", "--folder"))) {
            assertEquals(run(false, line.toArray(String[]::new)), run(true, line.toArray(String[]::new)), String.join(" ", line));
        }
    }

    private Run run(boolean plainLinesFirst, String... line) {
        List<String> args = new ArrayList<>(List.of("--config", cfg));
        args.addAll(List.of(line));
        return CachedListLineTest.run(dir, plainLinesFirst, args.toArray(String[]::new));
    }
}
