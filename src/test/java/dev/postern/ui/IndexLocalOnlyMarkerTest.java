package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.postern.model.Envelope;
import dev.postern.model.MessageRef;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The index row's fourth flag column says L for a message kept locally only, * for a cached one otherwise. */
class IndexLocalOnlyMarkerTest {
    @Test
    void aLocalOnlyMessageShowsLWhereACachedOneShowsAStar() {
        InMemoryMailController c = new InMemoryMailController() {
            @Override
            public boolean localOnly(MessageRef ref) {
                return ref.uid() == 2;
            }
        }.addFolder("work", "INBOX", 3);
        IndexView view = new IndexView(c, new Formats(Clock.fixed(InMemoryMailController.BASE, ZoneOffset.UTC)));
        InMemoryMailController.FolderData d = c.folder("work", "INBOX");
        Envelope kept = d.generated(2).withBodyHash("ab");
        Envelope cached = d.generated(1).withBodyHash("cd");
        assertEquals("N  L", view.row(kept, 80).substring(0, 4));
        assertEquals("N  *", view.row(cached, 80).substring(0, 4));
        assertEquals("   ", view.row(d.generated(3), 80).substring(1, 4));
    }
}
