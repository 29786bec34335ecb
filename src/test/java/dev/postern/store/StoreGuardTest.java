package dev.postern.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mapdb.DBException;

/**
 * The one classification every table access passes through ({@link StoreGuard}): what MapDB throws becomes
 * damage (65) or the disk's failure (74), naming the file; postern's own bugs stay bugs.
 */
class StoreGuardTest {
    private final StoreGuard guard = new StoreGuard(Path.of("/data/store.db"));

    /** An exception whose innermost frames are the JDK's, then MapDB's: as a damaged B-tree node throws. */
    private static RuntimeException thrownInsideMapDb() {
        IndexOutOfBoundsException e = new IndexOutOfBoundsException("Index 70000 out of bounds for length 16");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("jdk.internal.util.Preconditions", "outOfBounds", null, 1),
            new StackTraceElement("org.mapdb.BTreeMapJava$NodeSerializer", "deserialize", null, 1),
            new StackTraceElement("dev.postern.store.MessageTables", "get", null, 1),
        });
        return e;
    }

    @Test
    void aRuntimeExceptionFromMapDbsFramesIsDamageOnReadAndWrite() {
        for (boolean write : new boolean[] {false, true}) {
            PosternException e = assertThrows(PosternException.class, () -> {
                if (write) guard.write(() -> { throw thrownInsideMapDb(); });
                else guard.read(() -> { throw thrownInsideMapDb(); });
            });
            assertEquals(ExitCode.DATAERR, e.exitCode());
            assertTrue(e.getMessage().startsWith("the store /data/store.db is damaged (one of its tables does not read)"), e.getMessage());
            // No Java class name or MapDB's words in the sentence (the log keeps them, through the cause).
            assertFalse(e.getMessage().contains("Exception") || e.getMessage().contains("MapDB") || e.getMessage().contains("70000"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("`postern store verify` lists the damage"), e.getMessage());
        }
    }

    @Test
    void aRuntimeExceptionFromPosternsOwnCodeStaysABug() {
        IllegalArgumentException bug = new IllegalArgumentException("bad argument");
        assertSame(bug, assertThrows(IllegalArgumentException.class, () -> guard.read(() -> { throw bug; })));
        assertSame(bug, assertThrows(IllegalArgumentException.class, () -> guard.write(() -> { throw bug; })));
    }

    @Test
    void mapDbsOwnExceptionsAreDamageOrTheDisks() {
        PosternException damage = assertThrows(PosternException.class,
                () -> guard.read(() -> { throw new DBException.DataCorruption("broken node"); }));
        assertEquals(ExitCode.DATAERR, damage.exitCode());
        PosternException header = assertThrows(PosternException.class, () -> guard.read(() -> {
            throw new DBException.DataCorruption("Header checksum broken. Store was not closed correctly and might be corrupted."
                    + " Use `DBMaker.checksumHeaderBypass()` to recover your data.");
        }));
        assertFalse(header.getMessage().contains("DBMaker"), "MapDB's developer advice is not the user's: " + header.getMessage());
        assertTrue(header.getMessage().contains("its header's checksum does not match"), header.getMessage());
        PosternException disk = assertThrows(PosternException.class, () -> guard.write(() -> {
            throw new DBException.VolumeIOError(new java.io.IOException("No space left on device"));
        }));
        assertEquals(ExitCode.IOERR, disk.exitCode());
        assertTrue(disk.getMessage().contains("No space left on device"), disk.getMessage());
    }

    @Test
    void anEndOfFileReadAfterAWriteFailedForSpaceIsTheDisksFailureNotDamage() {
        // Hunt 32-V, H1: while the disk was full, reads met MapDB's EOF where its failed append meant to grow the file,
        // and the reader said "the store is damaged"; `store verify` found it intact once space was freed.
        PosternException eof = assertThrows(PosternException.class, () -> guard.read(() -> { throw new DBException.VolumeEOF("eof"); }));
        assertEquals(ExitCode.DATAERR, eof.exitCode(), "with no write failed before, an EOF is damage: " + eof.getMessage());
        assertThrows(PosternException.class, () -> guard.write(() -> {
            throw new DBException.VolumeIOError(new java.io.IOException("No space left on device"));
        }));
        PosternException after = assertThrows(PosternException.class, () -> guard.read(() -> { throw new DBException.VolumeEOF("eof"); }));
        assertEquals(ExitCode.IOERR, after.exitCode(), after.getMessage());
        assertTrue(after.getMessage().contains("No space left on device") && after.getMessage().contains("it is not damaged"),
                after.getMessage());
        // Damage of another kind is damage still, and a write that goes through ends the failure.
        assertEquals(ExitCode.DATAERR, assertThrows(PosternException.class,
                () -> guard.read(() -> { throw new DBException.DataCorruption("broken node"); })).exitCode());
        guard.write(() -> null);
        assertEquals(ExitCode.DATAERR, assertThrows(PosternException.class,
                () -> guard.read(() -> { throw new DBException.VolumeEOF("eof"); })).exitCode());
    }

    @Test
    void aRecordThatDoesNotDecodeIsNamedAsTheStoresDamageOnRead() {
        PosternException e = assertThrows(PosternException.class, () -> guard.read(() -> {
            throw new PosternException(ExitCode.DATAERR, "an envelope record is unreadable");
        }));
        assertEquals(ExitCode.DATAERR, e.exitCode());
        assertTrue(e.getMessage().startsWith("the store /data/store.db is damaged or from a newer postern: an envelope record"),
                e.getMessage());
    }

    /**
     * Work that reaches the store after a shutdown hook closed it (SIGTERM during a fetch's outbox follow-up) is the
     * process ending, not a bug: one sentence and 75, never an IllegalStateException reported as "internal error".
     */
    @Test
    void aClosedStoreRefusesEveryAccessAsAStopNotABug() {
        guard.close(() -> { });
        for (java.util.function.Supplier<Object> access : java.util.List.<java.util.function.Supplier<Object>>of(
                () -> guard.read(() -> 1), () -> guard.write(() -> 1))) {
            PosternException e = assertThrows(PosternException.class, access::get);
            assertEquals(ExitCode.TEMPFAIL, e.exitCode());
            assertEquals("stopped: postern is ending and has closed the store /data/store.db, so this was left undone.",
                    e.getMessage());
        }
    }
}
