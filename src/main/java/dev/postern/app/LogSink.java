package dev.postern.app;

import dev.postern.model.OwnFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The log file, kept to a size: past {@link #CAP} it is renamed {@code postern.log.1} (replacing the one before) and
 * a new one begun, so a cron job failing every five minutes for a year leaves two files of a few MB, not hundreds of
 * MB (hunt 31-R, R7). The size is looked at when the file is opened and then after every {@link #CHECK_EVERY} bytes
 * this process wrote. Several processes append to one log (cron beside the reader): one that finds its file renamed by
 * another (the name no longer leads to the file it holds) opens the new one.
 *
 * <p>A new log is made 0600 and exclusively (O_EXCL, which follows no link); an existing one is opened without
 * following a link, only when it is the user's own regular file, and keeps its mode. When it cannot be opened or written, events are dropped: no log is better
 * than a log on the screen. A failure is not for ever (hunt35-C, C1: one full disk for a moment, or one interrupted
 * writer, silenced a daemon's log for the rest of its life): the file is opened again on the first event
 * {@link #RETRY_AFTER_NANOS} after it, and the first line then written says how many events were lost and why.
 *
 * <p>The file's channel is interruptible: a thread whose interrupt flag is set when it writes (a served command
 * cancelled by its client's Ctrl-C logs that it was) would close it for every thread. The flag is cleared for the
 * write and set again after it, as the store does (store.Uninterruptible); a write an interrupt ended anyway is
 * a failure like any other, and the next event after the pause opens the file again.
 */
final class LogSink {
    static final long CAP = 4L << 20;
    static final long CHECK_EVERY = 64L << 10;
    /** How long after a failed open or write events are dropped before the file is opened again. */
    static final long RETRY_AFTER_NANOS = 5_000_000_000L;

    private Path file;
    private final long cap;
    private OutputStream out;
    private Object key;
    private long sinceCheck;
    private final java.util.function.LongSupplier nanos;
    /** When the last failure was (nanos), and what it was; null while the log is written. */
    private long failedAt;
    private String failure;
    /** Events dropped since the failure. */
    private long dropped;

    LogSink(Path file, long cap) {
        this(file, cap, System::nanoTime);
    }

    /** {@code nanos}: the clock the pause after a failure is measured by (a test's own). */
    LogSink(Path file, long cap, java.util.function.LongSupplier nanos) {
        this.file = file;
        this.cap = cap;
        this.nanos = nanos;
    }

    synchronized void write(String line) {
        if (failure != null) {
            if (nanos.getAsLong() - failedAt < RETRY_AFTER_NANOS) {
                dropped++;
                return;
            }
            line = FileLogging.timestamp(System.currentTimeMillis()) + " " + ProcessHandle.current().pid() + " [log] WARN "
                    + LogSink.class.getName() + " - " + dropped + " events were not logged: the log could not be written ("
                    + failure + ")" + System.lineSeparator() + line;
        }
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        boolean interrupted = Thread.interrupted();
        try {
            sinceCheck += b.length;
            try {
                put(b);
            } catch (java.nio.channels.ClosedByInterruptException e) { // interrupted during the write: once more
                interrupted |= Thread.interrupted();
                close();
                put(b);
            }
            failure = null;
            dropped = 0;
        } catch (IOException | RuntimeException e) {
            if (failure == null) dropped = 0;
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + dev.postern.render.Sanitizer.oneLine(e.getMessage()));
            failedAt = nanos.getAsLong();
            dropped++;
            close();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void put(byte[] b) throws IOException {
        if (out == null || sinceCheck > CHECK_EVERY) {
            sinceCheck = 0;
            rotateIfBig();
        }
        out.write(b);
        out.flush();
    }

    /**
     * Renames a log past the cap to {@code NAME.1}, and (re)opens the one the name leads to now. In a directory others
     * may write (the fallback in /tmp), another user can take either name in the moment after a rename (hunt36-S, S8):
     * a {@code NAME.1} that is not this user's file, or a {@code NAME} reopened that is not, sends the log to a new
     * private directory beside it, as {@link Logging#fallback} does at start.
     */
    private void rotateIfBig() throws IOException {
        BasicFileAttributes a = attributes();
        if (a != null && a.size() > cap) {
            Path older = file.resolveSibling(file.getFileName() + ".1");
            try {
                OwnFiles.Kind k = OwnFiles.kind(older);
                if (k != OwnFiles.Kind.ABSENT && k != OwnFiles.Kind.OWN_FILE) throw new OwnFiles.NotOwn(older, k);
                Files.move(file, older, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException another) {
                // another process moved it first
            } catch (OwnFiles.NotOwn taken) {
                moveAside(taken);
            }
            a = null;
        }
        if (out == null || a == null || !a.fileKey().equals(key)) {
            close();
            try {
                out = open(file);
            } catch (OwnFiles.NotOwn taken) {
                moveAside(taken);
                out = open(file);
            }
            BasicFileAttributes now = attributes();
            key = now == null ? null : now.fileKey();
        }
    }

    /**
     * The log goes on in a new private directory ({@code postern-USER-RANDOM/postern.log}, 0700) beside a name another
     * user took, when that is a directory others may write; in one of the user's own, the name is left as it is and
     * {@code taken} thrown (events are dropped, and the file tried again after the pause).
     */
    private void moveAside(OwnFiles.NotOwn taken) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        int mode = OwnFiles.mode(parent);
        if (mode < 0 || (OwnFiles.kind(parent) == OwnFiles.Kind.OWN_DIRECTORY && (mode & 022) == 0)) throw taken;
        String name = file.getFileName().toString();
        String stem = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
        Path moved = Logging.privateLog(parent, stem);
        if (file.toString().equals(System.getProperty(FileLogging.FILE))) System.setProperty(FileLogging.FILE, moved.toString());
        file = moved;
    }

    private BasicFileAttributes attributes() throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    static OutputStream open(Path file) throws IOException {
        try {
            Set<OpenOption> fresh = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            try {
                return Channels.newOutputStream(Files.newByteChannel(file, fresh,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
            } catch (UnsupportedOperationException notPosix) {
                return Channels.newOutputStream(Files.newByteChannel(file, fresh));
            }
        } catch (FileAlreadyExistsException there) {
            // Only the user's own regular file, never through a link: another's at the name gets no line (S8).
            return Channels.newOutputStream(OwnFiles.openOwn(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        }
    }

    private void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing to say it on
        }
        out = null;
    }
}
