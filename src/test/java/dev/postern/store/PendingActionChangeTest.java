package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.model.QueuedChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of queued action reaches the doors above the controller as the model's record, said the same way. */
class PendingActionChangeTest {
    @Test
    void everyKindMapsToTheModelsRecord() {
        for (PendingAction.Kind k : PendingAction.Kind.values()) {
            PendingAction a = new PendingAction(7, "work", k, "INBOX", 3, List.of(1L, 2L), k == PendingAction.Kind.FLAG ? "seen" : null,
                    k == PendingAction.Kind.MOVE || k == PendingAction.Kind.RENAME_FOLDER ? "Archive" : null, 1000);
            QueuedChange c = a.change();
            assertEquals(k.name(), c.kind().name());
            assertEquals(new QueuedChange(7, "work", c.kind(), "INBOX", 3, List.of(1L, 2L), a.flag(), a.target(), 1000), c);
            assertEquals(a.describe(), c.describe());
        }
        assertEquals(PendingAction.Kind.values().length, QueuedChange.Kind.values().length);
        assertEquals("rename folder Old to New", new PendingAction(1, "w", PendingAction.Kind.RENAME_FOLDER, "Old", 0, List.of(), null, "New", 0).describe());
    }
}
