package dev.postern.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner-only temporary directories (hunt 36-S, S1, S4): what a later postern sweeps after a kill -9, and what it
 * leaves (a live postern's, a fresh one, a draft, a link, another user's); a draft alone in a directory of its own.
 */
class PrivateTempTest {
    @TempDir Path tmp;

    private Path dir(String name, Duration age) throws Exception {
        Path d = Files.createDirectory(tmp.resolve(name));
        Files.writeString(d.resolve("report.pdf"), "mail");
        Files.setLastModifiedTime(d, FileTime.from(Instant.now().minus(age)));
        return d;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aSweepRemovesOnlyTheUsersStaleDirectoriesWhosePosternIsGone() throws Exception {
        long dead = deadPid();
        long live = ProcessHandle.current().pid();
        Path stale = dir("postern-view-" + dead + "-11", Duration.ofHours(2));
        Path stalePipe = dir("postern-pipe-" + dead + "-12", Duration.ofHours(2));
        Path fresh = dir("postern-view-" + dead + "-13", Duration.ofMinutes(5));
        Path running = dir("postern-view-" + live + "-14", Duration.ofDays(3)); // a viewer open for days: its postern lives
        Path draft = dir("postern-draft-" + dead + "-15", Duration.ofDays(3)); // typed text: never swept
        Path oldUnnamed = dir("postern-view-4242424242", Duration.ofDays(2)); // an older postern's, no pid to ask
        Path youngUnnamed = dir("postern-view-4343434343", Duration.ofHours(2));
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("keep"), "mine");
        Path link = Files.createSymbolicLink(tmp.resolve("postern-view-" + dead + "-16"), elsewhere);
        Object uid = Files.getAttribute(tmp, "unix:uid");

        List<Path> removed = PrivateTemp.sweep(tmp, uid, Instant.now());

        assertEquals(java.util.Set.of(stale, stalePipe, oldUnnamed), java.util.Set.copyOf(removed));
        for (Path gone : List.of(stale, stalePipe, oldUnnamed)) assertFalse(Files.exists(gone), gone.toString());
        for (Path kept : List.of(fresh, running, draft, youngUnnamed, link)) {
            assertTrue(Files.exists(kept, java.nio.file.LinkOption.NOFOLLOW_LINKS), kept.toString());
        }
        assertTrue(Files.exists(elsewhere.resolve("keep")), "a link is not followed");
        assertEquals(List.of(), PrivateTemp.sweep(tmp, -1, Instant.now()), "another user's directories are left");
    }

    @Test
    void aDraftIsAloneInAnOwnerOnlyDirectoryThatGoesWithIt() throws Exception {
        Path draft = PrivateTemp.draftFile("draft.eml");
        Path dir = draft.getParent();
        assertTrue(dir.getFileName().toString().startsWith("postern-draft-" + ProcessHandle.current().pid() + "-"), dir.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(draft)));
        Files.writeString(dir.resolve(".draft.eml.swp"), "the editor's");
        Files.writeString(dir.resolve("draft.eml~"), "the editor's backup");
        PrivateTemp.removeWithDirectory(draft);
        assertFalse(Files.exists(dir), "the draft's directory goes with it, the editor's files too");

        Path moved = PrivateTemp.draftFile("draft.eml");
        PrivateTemp.removeDirectoryOf(moved);
        assertTrue(Files.exists(moved), "a draft still there keeps its directory");
        Files.move(moved, tmp.resolve("kept.eml"));
        PrivateTemp.removeDirectoryOf(moved);
        assertFalse(Files.exists(moved.getParent()), "once moved away its directory goes");
        Path other = Files.writeString(tmp.resolve("plain.eml"), "x");
        PrivateTemp.removeWithDirectory(other);
        assertFalse(Files.exists(other));
        assertTrue(Files.isDirectory(tmp), "a file elsewhere is removed alone");
    }

    /** TMPDIR when it names an absolute directory, else java.io.tmpdir (hunt 43-P, P4). */
    @Test
    void theTemporaryDirectoryIsTmpdirWhenItNamesAnAbsoluteDirectory(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        String java = dir.resolve("java-tmp").toString();
        assertEquals(tmp, PrivateTemp.root(tmp.toString(), java));
        assertEquals(Path.of(java), PrivateTemp.root(null, java), "no TMPDIR");
        assertEquals(Path.of(java), PrivateTemp.root("", java), "an empty TMPDIR");
        assertEquals(Path.of(java), PrivateTemp.root("tmp", java), "a relative TMPDIR");
        assertEquals(Path.of(java), PrivateTemp.root(dir.resolve("gone").toString(), java), "a TMPDIR that is not there");
        assertEquals(Path.of(java), PrivateTemp.root(Files.createFile(dir.resolve("file")).toString(), java), "a TMPDIR that is a file");
    }
}
