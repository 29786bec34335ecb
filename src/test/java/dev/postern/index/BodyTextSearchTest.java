package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Query;
import dev.postern.model.Query.Contains;
import dev.postern.model.Query.Field;
import dev.postern.store.MapDbStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code body:} finds what a person reads in a message, as an IMAP server's SEARCH BODY does: the decoded text of
 * its text parts (quoted-printable, base64, charsets, HTML), and not its headers, boundaries or attachments' data.
 * Through the index and through the scan of the store alike ({@link EncodedMail}'s cases).
 */
class BodyTextSearchTest {
    @TempDir static Path dir;
    static MapDbStore store;
    static MailIndex index;
    static List<EncodedMail.Case> cases;
    static IndexedMail.Scan scan;

    @BeforeAll
    static void fill() {
        store = MapDbStore.open(dir);
        index = MailIndex.attach(dir, store);
        cases = EncodedMail.cases();
        List<byte[]> raws = new ArrayList<>();
        for (EncodedMail.Case c : cases) raws.add(c.raw());
        // Every body cached (UIDs 1...n, none a multiple of 5 would be left out: store them one by one from UID 1).
        for (int i = 0; i < raws.size(); i++) IndexedMail.store(store, List.of(raws.get(i)), uid(i), 1);
        assertTrue(index.awaitCurrent(60_000), "the index follows the store's commits");
        scan = new IndexedMail.Scan(store);
    }

    /** UIDs that are not multiples of 5 (IndexedMail.store leaves those bodies out). */
    private static long uid(int i) {
        return i + 1 + i / 4;
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static List<Long> viaIndex(Query q) {
        var found = index.search(IndexedMail.ACCOUNT, IndexedMail.FOLDER, IndexedMail.UIDVALIDITY, q);
        assertTrue(found.isPresent(), "the index answers " + q);
        return IndexedMail.sorted(found.get());
    }

    private static void finds(EncodedMail.Case c, long uid, Field field, String word, boolean expected) {
        Query q = new Contains(field, word);
        List<Long> indexed = viaIndex(q);
        List<Long> scanned = scan.find(q);
        assertEquals(expected, indexed.contains(uid), c.name() + ": the index, " + field + " '" + word + "' -> " + indexed);
        assertEquals(expected, scanned.contains(uid), c.name() + ": the scan, " + field + " '" + word + "' -> " + scanned);
    }

    private void each(java.util.function.BiConsumer<EncodedMail.Case, Long> check) {
        for (int i = 0; i < cases.size(); i++) check.accept(cases.get(i), uid(i));
    }

    static Stream<String> names() {
        return EncodedMail.cases().stream().map(EncodedMail.Case::name);
    }

    private static int at(String name) {
        for (int i = 0; i < cases.size(); i++) if (cases.get(i).name().equals(name)) return i;
        throw new AssertionError(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void wordsOfTheDecodedTextAreFound(String name) {
        EncodedMail.Case c = cases.get(at(name));
        for (String w : c.found()) finds(c, uid(at(name)), Field.BODY, w, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void headersBoundariesAndAttachmentDataAreNotBodyText(String name) {
        EncodedMail.Case c = cases.get(at(name));
        for (String w : c.notFound()) finds(c, uid(at(name)), Field.BODY, w, false);
    }

    @Test
    void textIsTheHeaderFieldsAndTheSameBodyText() {
        each((c, uid) -> {
            for (String w : c.found()) finds(c, uid, Field.TEXT, w, true);
        });
        EncodedMail.Case head = cases.get(7);
        assertEquals("headers-boundaries-attachments", head.name());
        finds(head, uid(7), Field.TEXT, "xylophone", true);   // the subject
        finds(head, uid(7), Field.TEXT, "sender@example", true); // from
        // Not cc: text: is from, subject, to and body, as the server search sends it (backend/imap/ImapSearch's OR).
        finds(head, uid(7), Field.TEXT, "carol", false);
        finds(head, uid(7), Field.TEXT, "platypus", false);    // an attachment's name is neither
    }

    /** Phrases, punctuation and case: the needles the index cannot answer alone, confirmed on the same text. */
    @Test
    void theIndexAndTheScanAgreeOnEveryNeedle() {
        List<String> needles = new ArrayList<>(List.of("quarterly forecast", "grüße aus", "café ", "=\r\n", "--", "<p>",
                "\"", "&eacute;", "€ 5", "日本語の", "ÖLN,", "\r\n", "base64", "the"));
        for (EncodedMail.Case c : cases) {
            needles.addAll(c.found());
            needles.addAll(c.notFound());
        }
        for (String n : needles) {
            for (Field f : List.of(Field.BODY, Field.TEXT)) {
                Query q = new Contains(f, n);
                assertEquals(scan.find(q), viaIndex(q), q.toString());
            }
        }
        Query mixed = new Query.And(List.of(new Contains(Field.BODY, "itinerary"), new Query.Not(new Contains(Field.BODY, "plan x"))));
        assertEquals(scan.find(mixed), viaIndex(mixed));
        assertFalse(viaIndex(mixed).isEmpty());
    }
}
