package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * The queues' keys do not depend on the locale: a message queued by a reader in a terminal under ar_EG is found,
 * updated and removed by a cron flush under LANG=C (before, the key was String.format's digits, Arabic-Indic there,
 * and the flush could never remove what it sent: sent again on every run). Keys an older version wrote in other
 * digits are still found by their id.
 */
class QueueLocaleTest {
    @TempDir Path dir;
    private final Locale before = Locale.getDefault();

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    private static OutboxEntry mail(String subject) {
        return new OutboxEntry(0, "a", "me@x", List.of("you@x"), ("Subject: " + subject + "\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.US_ASCII), 1000, "not sent yet");
    }

    @Test
    void aMessageQueuedUnderArabicDigitsIsSentAndRemovedUnderC() {
        Locale.setDefault(Locale.forLanguageTag("ar-EG"));
        long id;
        try (MapDbStore s = MapDbStore.open(dir)) {
            id = s.enqueueOutgoing(mail("one")).id();
            s.enqueue(new PendingAction(0, "a", PendingAction.Kind.FLAG, "INBOX", 7, List.of(5L), "seen", null, 1));
            s.commit();
        }
        Locale.setDefault(Locale.ROOT);
        try (MapDbStore s = MapDbStore.open(dir)) {
            OutboxEntry e = s.outbox("a").get(0);
            s.updateOutgoing(e.withState(OutboxEntry.State.REFUSED));
            assertEquals(OutboxEntry.State.REFUSED, s.outbox("a").get(0).state());
            s.removeOutgoing("a", id);
            s.removePending("a", s.pending("a").get(0).id());
            s.commit();
            assertEquals(List.of(), s.outbox("a"));
            assertEquals(List.of(), s.pending("a"));
        }
    }

    @Test
    void keysAnOlderVersionWroteInOtherDigitsAreFoundByIdAndKeepTheirOrder() {
        try (DB db = DBMaker.memoryDB().make()) {
            var pending = db.treeMap("p", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
            var outbox = db.treeMap("o", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
            var outboxSeq = db.atomicLong("os").createOrOpen();
            QueueTables q = new QueueTables(pending, db.atomicLong("ps").createOrOpen(), outbox, outboxSeq);
            // As the old String.format("%019d") wrote ids 1 and 2 under ar-EG.
            for (long id = 1; id <= 2; id++) {
                String old = String.format(Locale.forLanguageTag("ar-EG"), "%019d", id);
                assertTrue(old.charAt(18) > 0x660, old);
                outbox.put(KeyCodec.folder("a", old), mail("old " + id).withId(id).encode());
            }
            outboxSeq.set(2);
            OutboxEntry fresh = q.enqueueOutgoing(mail("new"));
            assertEquals(List.of(1L, 2L, 3L), q.outbox("a").stream().map(OutboxEntry::id).toList());
            q.updateOutgoing(q.outbox("a").get(1).withState(OutboxEntry.State.UNCONFIRMED));
            assertEquals(OutboxEntry.State.UNCONFIRMED, q.outbox("a").get(1).state());
            assertEquals(3, outbox.size(), "updated in place, not written twice");
            q.removeOutgoing("a", 1);
            q.removeOutgoing("a", fresh.id());
            assertEquals(List.of(2L), q.outbox("a").stream().map(OutboxEntry::id).toList());
        }
    }

    /**
     * An older version queued a change under LANG=C and wrote its replay's progress (begun) under ar_EG: the same id under
     * two keys. It is one change: listed once, the begun record (its replay knows how far the try got), and gone under
     * both keys once removed (hunt35-B B2: `queue` listed it twice and `sync` counted two replays).
     */
    @Test
    void anIdAnOlderVersionLeftUnderTwoKeysIsOneChange() {
        try (DB db = DBMaker.memoryDB().make()) {
            var pending = db.treeMap("p", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
            var seq = db.atomicLong("ps").createOrOpen();
            QueueTables q = new QueueTables(pending, seq, db.treeMap("o", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen(),
                    db.atomicLong("os").createOrOpen());
            PendingAction copy = new PendingAction(0, "a", PendingAction.Kind.COPY, "Work", 7, List.of(3L), null, "Archive", 1);
            PendingAction first = q.enqueue(copy); // id 1, ASCII digits: as under LANG=C
            String arabic = String.format(Locale.forLanguageTag("ar-EG"), "%019d", first.id());
            pending.put(KeyCodec.folder("a", arabic), PendingCodec.encode(first.begun(9, 20)));
            PendingAction second = q.enqueue(copy);
            assertEquals(3, pending.size());

            List<PendingAction> listed = q.pending("a");
            assertEquals(List.of(1L, 2L), listed.stream().map(PendingAction::id).toList(), "one entry an id");
            assertTrue(listed.get(0).begun(), "the begun record: " + listed.get(0));

            q.updatePending(listed.get(0).begun(9, 21));
            assertEquals(2, pending.size(), "written once, under the id's own key");
            assertEquals(21, q.pending("a").get(0).targetNext());

            pending.put(KeyCodec.folder("a", arabic), PendingCodec.encode(first.begun(9, 20)));
            q.removePending("a", first.id());
            assertEquals(List.of(second.id()), q.pending("a").stream().map(PendingAction::id).toList());
            assertEquals(1, pending.size(), "removed under every key of its id");
        }
    }

    @Test
    void theKeyIsNineteenAsciiDigits() {
        assertEquals("0000000000000000042", QueueTables.key(42));
        assertEquals(String.valueOf(Long.MAX_VALUE), QueueTables.key(Long.MAX_VALUE));
    }
}
