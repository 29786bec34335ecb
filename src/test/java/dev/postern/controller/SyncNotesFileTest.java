package dev.postern.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notes of what sync left out name folders: kept 0600 like the store beside them, and read back as written. */
class SyncNotesFileTest {
    @TempDir Path data;

    @Test
    void theNotesAreOwnerOnlyAndRoundTrip() throws Exception {
        List<SyncFolders.LeftOut> left = List.of(new SyncFolders.LeftOut("Privé/Ärzte 2026", "not subscribed"));
        assertTrue(SyncNotes.note(data, "work", left), "news the first time");
        Path f = data.resolve(SyncNotes.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(Optional.of("not subscribed"), SyncNotes.in(data).reason("work", "Privé/Ärzte 2026"));
        assertFalse(SyncNotes.note(data, "work", left), "the same list is not news");
    }

    /** A save that fails (here the move: a full disk fails the write the same way) leaves no copy of folder names. */
    @Test
    void aFailedSaveLeavesNoTemporaryCopy() throws Exception {
        Files.createDirectories(data.resolve(SyncNotes.FILE).resolve("in-the-way"));
        SyncNotes.note(data, "work", List.of(new SyncFolders.LeftOut("Private", "not subscribed")));
        assertFalse(Files.exists(data.resolve(SyncNotes.FILE + ".tmp")), "left behind");
    }
}
