package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Flag;
import dev.postern.model.Query;
import dev.postern.model.Query.Contains;
import dev.postern.model.Query.Field;
import dev.postern.model.QueryParser;
import dev.postern.store.MapDbStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index finds exactly what a scan of the store finds, for every kind of query, on the public
 * corpora (malformed and real mail, many charsets) and on generated mail.
 */
class MailIndexEquivalenceTest {
    @TempDir static Path dir;
    static MapDbStore store;
    static MailIndex index;
    static List<byte[]> messages;
    static IndexedMail.Scan scan;

    @BeforeAll
    static void fill() throws Exception {
        store = MapDbStore.open(dir);
        index = MailIndex.attach(dir, store);
        messages = new ArrayList<>(IndexedMail.corpora());
        messages.addAll(IndexedMail.generated(300));
        IndexedMail.store(store, messages, 1, 40);
        assertTrue(index.awaitCurrent(60_000), "the index follows the store's commits");
        scan = new IndexedMail.Scan(store);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static void same(Query q) {
        var found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, q);
        assertTrue(found.isPresent(), "the index answers " + q);
        // The envelopes too (flags, dates, sizes as the store holds them): they come from the index, not the store.
        assertEquals(scan.found(q), IndexedMail.byUid(found.get()), q.toString());
    }

    @Test
    void wordsInEveryFieldMatchAsTheScanDoes() {
        for (String word : List.of("the", "e", "ex", "postern", "alice", "invoice", "report", "example", "html", "utf",
                "charset", "boundary", "zzzznotthere", "1", "2023", "report", "ünïcode", "Συνάντηση", "日本")) {
            for (Field f : Field.values()) same(new Contains(f, word));
        }
    }

    @Test
    void needlesWithSpacesAndPunctuationMatchAsTheScanDoes() {
        for (String needle : List.of("@", " ", "re: ", "@example.org", ".org>", "<a", "a@", "content-type: text/plain",
                "\r\n\r\n", "=?utf-8?", "--", "weekly report", "hello, world", "e.", ".e", "İ", "ß", "")) {
            for (Field f : Field.values()) same(new Contains(f, needle));
        }
    }

    /** Random pieces of the stored messages, cut anywhere: the strongest check that nothing is missed. */
    @Test
    void randomPiecesOfTheMailMatchAsTheScanDoes() {
        Random r = new Random(16);
        for (int i = 0; i < 150; i++) {
            String text = new String(messages.get(r.nextInt(messages.size())), StandardCharsets.UTF_8);
            int len = 1 + r.nextInt(14);
            int start = r.nextInt(Math.max(1, text.length() - len));
            String piece = text.substring(start, Math.min(text.length(), start + len));
            Field f = Field.values()[r.nextInt(Field.values().length)];
            same(new Contains(f, r.nextBoolean() ? piece : piece.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void combinationsFlagsDatesAndSizesMatchAsTheScanDoes() {
        Query body = new Contains(Field.BODY, "the");
        Query subject = new Contains(Field.SUBJECT, "report");
        Query from = new Contains(Field.FROM, "example");
        same(new Query.And(List.of(body, subject)));
        same(new Query.Or(List.of(subject, from, new Contains(Field.TO, "reader"))));
        same(new Query.Not(body));
        same(new Query.Not(new Contains(Field.BODY, "a b")));
        same(new Query.And(List.of(body, new Query.Not(new Query.HasFlag(Flag.SEEN)))));
        same(new Query.Or(List.of(new Query.HasFlag(Flag.FLAGGED), new Contains(Field.CC, "team"))));
        same(new Query.And(List.of(new Query.OnDay(LocalDate.of(2023, 1, 5), true), new Query.Size(2000, true))));
        same(new Query.Not(new Query.Or(List.of(new Query.Not(subject), new Contains(Field.BODY, ": ")))));
        for (String text : List.of("from:alice body:invoice", "subject:\"weekly report\" -seen", "text:postern since:2023-01-03",
                "from:example or subject:report", "body:html -body:charset", "to:reader larger:3000 flagged")) {
            same(QueryParser.parse(text));
        }
    }

    @Test
    void theIndexIsPrivateToItsOwner() throws Exception {
        Path idx = dir.resolve(MailIndex.DIR);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(idx)));
        try (var files = Files.list(idx)) {
            for (Path f : files.toList()) {
                String mode;
                try {
                    mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // a commit's pending_segments_N, renamed by the index worker since the listing
                }
                assertEquals("rw-------", mode, f.toString());
            }
        }
    }

    @Test
    void verifyFindsTheIndexInAgreementWithTheStore() {
        MailIndex.Verification v = index.verify();
        assertTrue(v.current() && v.agrees(), v.toString());
        assertEquals(messages.size(), v.indexed());
    }
}
