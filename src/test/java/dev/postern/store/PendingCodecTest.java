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

    /** A Sent copy queued offline (hunt 39-Y, Y1) keeps its exact bytes across a reopen; other actions stay version 2. */
    @Test
    void aQueuedSentCopyKeepsItsBytesAndOtherActionsAreWrittenAsBefore() {
        byte[] raw = "Message-ID: <k1@x>\r\nSubject: s\r\n\r\n\u00ff body\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (MapDbStore s = MapDbStore.open(dir)) {
            s.enqueue(PendingAction.append("a", "Sent", "", true, raw, 5));
            s.commit();
        }
        try (MapDbStore s = MapDbStore.open(dir)) {
            PendingAction a = s.pending("a").get(0);
            assertEquals(PendingAction.Kind.APPEND, a.kind());
            org.junit.jupiter.api.Assertions.assertArrayEquals(raw, a.copy());
            assertEquals("auto", a.flag());
            assertEquals("Sent", a.folder());
            assertEquals("append <k1@x> to Sent", a.describe());
        }
        byte[] plain = PendingCodec.encode(new PendingAction(0, "a", PendingAction.Kind.MOVE, "INBOX", 7, List.of(3L), null, "B", 9));
        assertEquals(2, plain[0], "an action without a copy is read by the postern before this one too");
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
