package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queued transfer keeps the target's mark a replay wrote down; a queue written before marks existed still reads. */
class PendingCodecTest {
    @TempDir Path dir;

    @Test
    void aMarkWrittenByAReplaySurvivesAReopenAndAnUnmarkedActionHasNone() {
        PendingAction move = new PendingAction(0, "a", PendingAction.Kind.MOVE, "INBOX", 7, List.of(3L, 4L), null, "Archive", 99);
        try (MapDbStore s = MapDbStore.open(dir)) {
            PendingAction stored = s.enqueue(move);
            s.enqueue(new PendingAction(0, "a", PendingAction.Kind.COPY, "INBOX", 7, List.of(5L), null, "Saved", 100));
            s.commit();
            s.updatePending(stored.begun(1_700_000_001L, 42));
            s.commit();
        }
        try (MapDbStore s = MapDbStore.open(dir)) {
            List<PendingAction> a = s.pending("a");
            assertEquals(2, a.size(), a.toString());
            assertTrue(a.get(0).targetMarked());
            assertEquals(1_700_000_001L, a.get(0).targetValidity());
            assertEquals(42, a.get(0).targetNext());
            assertEquals(List.of(3L, 4L), a.get(0).uids());
            assertEquals("Archive", a.get(0).target());
            assertFalse(a.get(1).targetMarked());
            assertFalse(a.get(1).begun());
            assertTrue(a.get(0).begun());
        }
    }

    @Test
    void aVersionOneRecordStillReads() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF("MOVE");
            out.writeUTF("INBOX");
            out.writeLong(7);
            out.writeByte(2); // varint: two UIDs
            out.writeLong(3);
            out.writeLong(1);
            out.writeUTF("");
            out.writeUTF("Archive");
            out.writeLong(99);
        }
        PendingAction a = PendingCodec.decode(5, "a", bytes.toByteArray());
        assertEquals(PendingAction.Kind.MOVE, a.kind());
        assertEquals(List.of(3L, 4L), a.uids());
        assertEquals("Archive", a.target());
        assertEquals(99, a.queuedAtMillis());
        assertFalse(a.targetMarked());
        assertFalse(a.begun());
        assertEquals(a, PendingCodec.decode(5, "a", PendingCodec.encode(a)));
    }
}
