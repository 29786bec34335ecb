package dev.postern.store;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.mapdb.DBException;

/**
 * The one door through which {@link MapDbStore} and its tables touch MapDB: the read/write lock (readers
 * share it, writers take it exclusively, because one logical write touches several maps and a reader must
 * never see half of it) and the one classification of what MapDB throws. A {@link DBException} is the
 * disk's (74) or damage (65); a record that does not decode is damage (65); a bare runtime exception
 * thrown from MapDB's own frames (a B-tree node's IndexOutOfBounds) is damage (65), never "internal
 * error" (70). Every table access goes through {@link #read} or {@link #write}.
 */
final class StoreGuard {
    private final Path file;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;
    /** Writes begun (under the write lock): what {@link MapDbStore#keepListing} compares to tell a store unchanged. */
    private long writes;

    StoreGuard(Path file) {
        this.file = file;
    }

    <T> T read(Supplier<T> action) {
        return under(lock.readLock(), action, true);
    }

    <T> T write(Supplier<T> action) {
        return under(lock.writeLock(), () -> {
            writes++;
            T done = action.get();
            failedWrite = null; // written: the system's earlier failure is over
            return done;
        }, false);
    }

    /**
     * A write of {@code items}, none when there are none: an empty batch changes nothing, and counted as a write it
     * made the next commit a real one ({@link #writtenSinceCommit}).
     */
    void write(java.util.Collection<?> items, Runnable action) {
        if (items.isEmpty()) return;
        write(() -> {
            action.run();
            return null;
        });
    }

    /**
     * The system's failure of the last write (a full disk), until a write goes through: MapDB then reads past the
     * file's real end where its failed append meant to grow it, and that EOF is the same failure, not damage (hunt
     * 32-V, H1: "the store is damaged" while the disk was full; `store verify` then found it intact).
     */
    private volatile DBException failedWrite;

    /**
     * {@code action}, which decodes records read under the lock before (a body unpacked and checked against its
     * hash), run without the lock, its failures told as a read's are: work that takes long on a big record does
     * not hold up a writer or the store's closing (Ctrl-C waited on a 50 MB body being checked).
     */
    <T> T decoding(Supplier<T> action) {
        try {
            return action.get();
        } catch (PosternException e) {
            throw damagedRecord(e);
        }
    }

    /** How many writes have begun; read under the lock of a write or of a read. */
    long writes() {
        return writes;
    }

    /**
     * The write count just after the last commit; -1 until the open says its own writes (a store id drawn) are
     * committed ({@link StoreOpening}), so a store made by hand commits them with its first commit.
     */
    private long committedAt = -1;

    /** Under a commit's write lock: whether anything was written since the last commit, the commit's own write aside. */
    boolean writtenSinceCommit() {
        return writes != committedAt + 1;
    }

    /** Outside a write, under a read lock: whether anything was written since the last commit (a close now drops it). */
    boolean uncommitted() {
        return writes != committedAt;
    }

    /** Under a commit's write lock, once it went through: nothing is uncommitted now. */
    void committed() {
        committedAt = writes;
    }

    /**
     * {@code action} under {@code held}, its failures classified: a PosternException from a read is a record that
     * could not be decoded ({@code readsRecords}); from a write it is postern's own sentence, passed on.
     */
    private <T> T under(java.util.concurrent.locks.Lock held, Supplier<T> action, boolean readsRecords) {
        held.lock();
        try {
            ensureOpen();
            return action.get();
        } catch (DBException e) {
            throw ioFailure(e);
        } catch (PosternException e) {
            throw readsRecords ? damagedRecord(e) : e;
        } catch (RuntimeException e) {
            throw insideMapDb(e) ? damagedStructure(e) : e;
        } finally {
            held.unlock();
        }
    }

    /** The write lock itself, for a compaction's copy, which classifies its own failures. */
    ReentrantReadWriteLock.WriteLock exclusive() {
        return lock.writeLock();
    }

    /** Runs {@code closer} once, under the write lock; later calls do nothing. */
    void close(Runnable closer) {
        lock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            closer.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean closed() {
        return closed;
    }

    /** A closed store is postern ending while work still ran (a signal's shutdown hook closed it): 75, not a bug. */
    private void ensureOpen() {
        if (closed) throw new dev.postern.model.StoreClosed(file);
    }

    /**
     * Whether {@code e} was thrown by MapDB's own code (its first frame outside the JDK is MapDB's): a bare
     * IndexOutOfBoundsException or NegativeArraySizeException from a B-tree node is damaged bytes, not a bug
     * of postern's, and is said so (65) instead of "internal error" (70).
     */
    static boolean insideMapDb(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            String c = f.getClassName();
            if (c.startsWith("org.mapdb.")) return true;
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) return false;
        }
        return false;
    }

    private PosternException damagedStructure(RuntimeException e) {
        return damaged(file, "one of its tables does not read", e);
    }

    /**
     * 65: the store is damaged ({@code what}, in a user's words). The advice names `store verify`, which lists the damage
     * table by table and says what mends it; MapDB's own text and the exception stay in the log (the cause).
     */
    static PosternException damaged(Path file, String what, Throwable e) {
        return new PosternException(ExitCode.DATAERR, "the store " + file + " is damaged (" + what + "); `postern store"
                + " verify` lists the damage and says what mends it", e);
    }

    /**
     * What MapDB's failure says about the bytes, in a user's words: never MapDB's developer text ("Use
     * DBMaker.checksumHeaderBypass() ...") or a Java class name, which the log keeps.
     */
    static String damageInWords(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("Header checksum broken")) return "its header's checksum does not match: it was not closed cleanly, or its bytes changed";
            if (t instanceof DBException.VolumeEOF || t instanceof EOFException) return "it ends where a record should go on";
            if (t instanceof DBException.PointerChecksumBroken) return "the address of a record in it is damaged";
            if (t instanceof DBException.WrongFormat || t instanceof DBException.NewMapDBFormat) return "it is not in the format postern writes";
            if (t instanceof DBException.GetVoid) return "a record it points at is not there";
        }
        return "a record in it does not decode";
    }

    /**
     * A record that does not decode is damage on disk far more often than a newer postern: say which file
     * and what to do. MapDB keeps no checksums, so such damage shows when the record is read, not at open.
     */
    private PosternException damagedRecord(PosternException e) {
        if (e instanceof dev.postern.model.DamagedBody d) {
            // One body: mended by fetching it again, which is what the sentence says, not "move the store aside".
            var named = new dev.postern.model.DamagedBody(d.hash(), d.getMessage() + " in the store " + file + "; opening"
                    + " the message fetches it again from the server, as does `postern sync` (a POP3 account: `postern fetch`)"
                    + " once `postern store verify` has listed it");
            named.initCause(e);
            return named;
        }
        if (e.exitCode() != ExitCode.DATAERR || e.getMessage().startsWith("the store ")) return e;
        return new PosternException(ExitCode.DATAERR, "the store " + file + " is damaged or from a newer postern: "
                + e.getMessage() + "; run `postern store verify` to list every damaged record, then restore the store from a"
                + " backup or move it aside and sync again", e);
    }

    private PosternException ioFailure(DBException e) {
        DBException before = failedWrite;
        if (isDamage(e) && before != null && isEndOfFile(e)) {
            return new PosternException(ExitCode.IOERR, "the store " + file + " could not be read, as a write to it failed"
                    + " before (" + rootMessage(before) + "); it is not damaged: "
                    + SystemCause.advice(before, "check free disk space and the file's permissions") + ", then retry", e);
        }
        if (isDamage(e)) return damaged(file, damageInWords(e), e);
        failedWrite = e;
        return new PosternException(ExitCode.IOERR, "the store " + file + " could not be read or written ("
                + rootMessage(e) + "); nothing since the last commit was kept; "
                + SystemCause.advice(e, "check free disk space and the file's permissions") + ", then retry", e);
    }

    /** Whether MapDB read past the file's end (what a failed append leaves it to do), rather than bytes being wrong. */
    private static boolean isEndOfFile(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DBException.VolumeEOF || t instanceof EOFException) return true;
        }
        return false;
    }

    /** Whether MapDB's failure (or one in its causes) says the bytes are damaged rather than the system failing. */
    static boolean isDamage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DBException.WrongFormat || t instanceof DBException.DataCorruption
                    || t instanceof DBException.NewMapDBFormat || t instanceof DBException.PointerChecksumBroken
                    || t instanceof DBException.SerializationError || t instanceof DBException.WrongConfiguration
                    || t instanceof DBException.VolumeEOF || t instanceof EOFException
                    || t instanceof DBException.GetVoid || t instanceof ClassCastException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's own words ("No space left on device"), not a chain of class names. */
    static String rootMessage(Throwable e) {
        return StoreFiles.rootMessage(e);
    }
}
