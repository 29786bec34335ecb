package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.PosternException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingQueueStoreTest {
    @TempDir Path dir;

    private static PendingAction flag(String account, long... uids) {
        List<Long> l = java.util.Arrays.stream(uids).boxed().toList();
        return new PendingAction(0, account, PendingAction.Kind.FLAG, "INBOX", 77, l, "seen", null, 1234);
    }

    @Test
    void queuedActionsSurviveReopenInOrderPerAccountAndOnlyWhenCommitted() {
        try (MapDbStore s = MapDbStore.open(dir)) {
            s.enqueue(flag("a", 5, 3, 900_000));
            s.enqueue(new PendingAction(0, "a", PendingAction.Kind.RENAME_FOLDER, "Old/Sub", 0, List.of(), null, "New", 9));
            s.enqueue(flag("b", 1));
            s.commit();
            s.enqueue(flag("a", 42)); // never committed: as after a crash
        }
        try (MapDbStore s = MapDbStore.open(dir)) {
            List<PendingAction> a = s.pending("a");
            assertEquals(2, a.size(), a.toString());
            assertEquals(List.of(5L, 3L, 900_000L), a.get(0).uids());
            assertEquals(77, a.get(0).uidValidity());
            assertEquals("seen", a.get(0).flag());
            assertEquals(PendingAction.Kind.RENAME_FOLDER, a.get(1).kind());
            assertEquals("New", a.get(1).target());
            assertTrue(a.get(0).id() < a.get(1).id());
            assertEquals(1, s.pending("b").size());
            s.removePending("a", a.get(0).id());
            s.commit();
            assertEquals(List.of(a.get(1)), s.pending("a"));
            // New ids keep ascending after a reopen, so order holds across restarts.
            PendingAction later = s.enqueue(flag("a", 1));
            assertTrue(later.id() > a.get(1).id());
        }
    }

    @Test
    void anUnknownRecordVersionIsOneClearSentence() {
        byte[] rec = PendingCodec.encode(flag("a", 1));
        rec[0] = 9;
        PosternException e = assertThrows(PosternException.class, () -> PendingCodec.decode(1, "a", rec));
        assertTrue(e.getMessage().contains("format version 9 is unknown"), e.getMessage());
    }
}
