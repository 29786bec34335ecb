package dev.postern.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.compose.Draft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's draft file when the editor left a header the draft cannot take (hunt 37-P, P15): the message stays as
 * it was, the status line names the line, the edit is kept in drafts/ and the next round opens it again.
 */
class DraftOnDiskTest {
    @TempDir Path state;

    @Test
    void aRefusedEditLeavesTheMessageKeepsTheEditAndOpensItAgain() throws Exception {
        Draft before = new Draft("alice@example.org", List.of("bob@example.org"), List.of(), List.of(), "s", "body\n",
                List.of(), null, List.of(), false);
        DraftOnDisk file = DraftOnDisk.create();
        try {
            file.writeForEditor(before);
            String edit = Files.readString(file.path()).replace("Cc: \n", "Cc: \nnot a header\n");
            Files.writeString(file.path(), edit);
            assertEquals(before, file.read(before, state));
            assertNotNull(file.refused());
            assertTrue(file.refused().startsWith("Line 4 of the draft (\"not a header\") is neither a header field"), file.refused());
            Path kept = Path.of(file.refused().replaceAll(".*your edit is kept in (\\S+), and e opens it again[.]$", "$1"));
            assertEquals(state.resolve("drafts"), kept.getParent(), file.refused());
            assertEquals(edit, Files.readString(kept));
            file.writeForEditor(before);
            assertEquals(edit, Files.readString(file.path()), "the next round opens the edit, not the draft before it");

            Files.writeString(file.path(), edit.replace("not a header\n", " carol@example.org\n"));
            Draft read = file.read(before, state);
            assertNull(file.refused());
            assertEquals(List.of("carol@example.org"), read.cc());
            file.writeForEditor(read);
            assertTrue(Files.readString(file.path()).contains("Cc: carol@example.org\n"));
        } finally {
            file.delete();
        }
    }
}
