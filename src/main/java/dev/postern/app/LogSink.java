package dev.postern.app;

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
 * following a link and keeps its mode. When it cannot be opened or written, events are dropped: no log is better
 * than a log on the screen.
 */
final class LogSink {
    static final long CAP = 4L << 20;
    static final long CHECK_EVERY = 64L << 10;

    private final Path file;
    private final long cap;
    private OutputStream out;
    private Object key;
    private long sinceCheck;
    private boolean failed;

    LogSink(Path file, long cap) {
        this.file = file;
        this.cap = cap;
    }

    synchronized void write(String line) {
        if (failed) return;
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        try {
            sinceCheck += b.length;
            if (out == null || sinceCheck > CHECK_EVERY) {
                sinceCheck = 0;
                rotateIfBig();
            }
            out.write(b);
            out.flush();
        } catch (IOException | RuntimeException e) {
            failed = true;
            close();
        }
    }

    /** Renames a log past the cap to {@code NAME.1}, and (re)opens the one the name leads to now. */
    private void rotateIfBig() throws IOException {
        BasicFileAttributes a = attributes();
        if (a != null && a.size() > cap) {
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException another) {
                // another process moved it first
            }
            a = null;
        }
        if (out == null || a == null || !a.fileKey().equals(key)) {
            close();
            out = open(file);
            BasicFileAttributes now = attributes();
            key = now == null ? null : now.fileKey();
        }
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
            return Channels.newOutputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)));
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
