package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served reader's client's rules for the message its editor ran on (hunt 32-V, B2, B3): which RUN, what is kept, where. */
class KeptDraftTest {
    @TempDir Path dir;

    @Test
    void theEditorsRunNamesTheDraftAndNoOtherRunDoes() {
        assertEquals(Path.of("/tmp/postern-draft-1.eml"),
                KeptDraft.of(new String[] {"/bin/sh", "-c", "vi \"$1\"", "postern-editor", "/tmp/postern-draft-1.eml"}));
        assertNull(KeptDraft.of(new String[] {"/bin/sh", "-c", "vi \"$1\"", "postern-editor", "relative.eml"}));
        assertNull(KeptDraft.of(new String[] {"/bin/sh", "-c", "firefox \"$1\"", "postern-browser", "/tmp/x"}));
        assertNull(KeptDraft.of(new String[] {"xdg-open", "https://example.org"}));
    }

    @Test
    void aDraftHoldsSomethingWrittenWhenAHeaderButFromOrTheBodyHasText() {
        assertFalse(KeptDraft.written("From: zed@localhost\nTo: \nCc: \nBcc: \nSubject: \n\n"));
        assertFalse(KeptDraft.written("From: zed@localhost\nTo:\nSubject:   \n\n  \n"));
        assertTrue(KeptDraft.written("From: zed@localhost\nTo: ann@example.org\nSubject: \n\n"));
        assertTrue(KeptDraft.written("From: zed@localhost\nTo: \nSubject: \n\nhello\n"));
        assertTrue(KeptDraft.written("no header block at all\n"));
    }

    @Test
    void aWrittenDraftMovesToTheStateDirectorysDraftsOwnerOnlyAndAnEmptyOneIsDeleted() throws Exception {
        Map<String, String> env = Map.of("XDG_STATE_HOME", dir.resolve("state").toString(), "HOME", dir.toString());
        Path tmp = Files.writeString(dir.resolve("postern-draft-1.eml"), "From: z@x\nTo: ann@example.org\nSubject: hi\n\nbody\n");
        String said = KeptDraft.keep(tmp, env);
        Path drafts = dir.resolve("state/postern/drafts");
        List<Path> kept;
        try (Stream<Path> s = Files.list(drafts)) {
            kept = s.toList();
        }
        assertEquals(1, kept.size());
        assertEquals("postern: the message you were writing was not sent; it is kept in " + kept.get(0) + ".", said);
        assertTrue(kept.get(0).getFileName().toString().matches("unsent-\\d{8}-\\d{6}\\.eml"), kept.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept.get(0))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(drafts)));
        assertFalse(Files.exists(tmp));
        assertTrue(Files.readString(kept.get(0)).contains("body"));

        Path empty = Files.writeString(dir.resolve("postern-draft-2.eml"), "From: z@x\nTo: \nCc: \nBcc: \nSubject: \n\n");
        assertNull(KeptDraft.keep(empty, env));
        assertFalse(Files.exists(empty));
        assertNull(KeptDraft.keep(dir.resolve("gone.eml"), env), "the owner kept, sent or dropped it: nothing to say");
        assertNull(KeptDraft.keep(null, env));
    }

    /** Hunt 36-S, S4: the draft is alone in an owner-only directory, which goes with it, the editor's leftovers too. */
    @Test
    void theDraftsPrivateDirectoryGoesWithItKeptOrDeleted() throws Exception {
        Map<String, String> env = Map.of("XDG_STATE_HOME", dir.resolve("state").toString(), "HOME", dir.toString());
        Path written = Files.createDirectory(dir.resolve("postern-draft-1-2")).resolve("draft.eml");
        Files.writeString(written, "From: z@x\nTo: ann@example.org\nSubject: hi\n\nbody\n");
        Files.writeString(written.resolveSibling("draft.eml~"), "the editor's backup");
        assertTrue(KeptDraft.keep(written, env).contains("it is kept in " + dir.resolve("state/postern/drafts")));
        assertFalse(Files.exists(written.getParent()), "its directory and the editor's backup are gone");
        Path empty = Files.createDirectory(dir.resolve("postern-draft-1-3")).resolve("draft.eml");
        Files.writeString(empty, "From: z@x\nTo: \nSubject: \n\n");
        assertNull(KeptDraft.keep(empty, env));
        assertFalse(Files.exists(empty.getParent()));
    }
}
