package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.postern.model.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hunt 34-E4: the index sanitised each row's whole subject at every frame on the UI thread, and a subject of combining
 * marks in reverse order made that quadratic: a 120 KB subject held q and Ctrl-C for 47 s. A row now sanitises what
 * it can show, and the marks are put in runs of 30.
 */
class HostileSubjectRowTest {
    private static final String MARKS = "aa" + "\u0301".repeat(500_000) + "\u0316".repeat(500_000);

    @Test
    void aRowOfAMillionMarksIsMadeFromItsStart() {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 1);
        Envelope g = c.folder("work", "INBOX").generated(1);
        Envelope e = new Envelope(g.ref(), g.messageId(), g.date(), "Eve <eve@example.org>" + "\u0316".repeat(1_000_000),
                g.to(), g.cc(), MARKS, g.size(), g.flags(), null, List.of(), null);
        IndexRows rows = new IndexRows(new Formats(Clock.fixed(InMemoryMailController.BASE, ZoneOffset.UTC)), Set.of());
        String row = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> rows.row(e, 80));
        assertEquals(80, Cells.width(row), row);
        assertTrue(row.contains("Eve") && row.contains("a\u00e1\u0301"), row);
        assertTrue(Cells.head(MARKS, 80).length() <= 81 * Cells.CHARS_A_COLUMN, "a row's worth of the subject");
    }

    @Test
    void theReaderAnswersQOverSuchASubject() throws Exception {
        InMemoryMailController c = new InMemoryMailController().addFolder("work", "INBOX", 3);
        InMemoryMailController.FolderData d = c.folder("work", "INBOX");
        Envelope g = d.generated(3);
        d.overrides.put(3, new Envelope(g.ref(), g.messageId(), g.date(), g.from(), g.to(), g.cc(), "Marks " + MARKS,
                g.size(), g.flags(), null, List.of(), null));
        try (TuiHarness h = new TuiHarness(c, "work", "INBOX", 80, 24)) {
            h.awaitText("Marks a");
            h.press(KeyType.ArrowDown);
            h.type("q");
            h.awaitExit();
        }
    }
}
