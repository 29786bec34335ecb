package dev.postern.controller;

import dev.postern.backend.BodySource;
import dev.postern.config.AccountConfig;
import dev.postern.model.ExitCode;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.render.Sanitizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The parts of large messages downloaded alone (an attachment saved, shown, opened or piped from a message read
 * text-first), kept decoded in {@code DATA_DIR/parts} (0700, files 0600), up to {@link #LIMIT} bytes in all, the least
 * recently used removed first. A part is written there as it arrives from the server, a block at a time, so its size
 * never passes through the heap (hunt 38-A, A1: a 150 MB part was held three times over and ran a 512 MB heap out),
 * and the second save of it downloads nothing (hunt 38-L, L4). A download cut off leaves only its temporary file,
 * removed at once; a file is only ever whole under its name.
 * <p>
 * A file is named by a hash of the mailbox (the account's host and user), the folder, UIDVALIDITY, UID and section
 * path: a UID's message never changes under its UIDVALIDITY, so a kept part is never stale.
 */
final class PartFiles {
    /** The bytes kept in all; past it, the least recently used parts go (never the one just written). */
    static final long LIMIT = 1L << 30;
    private static final String TEMP = ".download-";

    private final java.util.function.Supplier<Path> dir;

    /** @param dataDir the data directory; its {@code parts} directory is made at the first download */
    PartFiles(java.util.function.Supplier<Path> dataDir) {
        this.dir = () -> dataDir.get().resolve("parts");
    }

    /**
     * Part {@code path} of {@code ref}: the kept file, else downloaded by {@code bodies} into one; null when the protocol
     * cannot fetch one part alone (nothing written).
     */
    Path fetch(BodySource bodies, AccountConfig account, MessageRef ref, String path) {
        Path d = directory();
        Path file = d.resolve(name(account, ref, path));
        if (Files.isRegularFile(file)) {
            touch(file);
            return file;
        }
        Path temp;
        try {
            temp = Files.createTempFile(d, TEMP, ".part", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw cannotWrite(d, e);
        }
        boolean kept = false;
        try {
            boolean fetched;
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                fetched = bodies.partTo(ref, path, out);
            } catch (IOException e) {
                throw cannotWrite(d, e);
            }
            if (!fetched) return null;
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw cannotWrite(d, e);
            }
            kept = true;
            // Not at every part: a listing and a stat of every file each time made a save of a 5,000-part message's
            // 2,500 attachments quadratic (HostileMailIT over 15 s, ci39d). The first download of a process, then one
            // every EVICT_EVERY bytes: the directory may pass LIMIT by that much in between.
            if (written.addAndGet(size(file)) >= EVICT_EVERY) {
                written.set(0);
                evict(d, file);
            }
            return file;
        } finally {
            if (!kept) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a temporary file left is removed by the next eviction
                }
            }
        }
    }

    private Path directory() {
        Path d = dir.get();
        try {
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d.getParent());
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // made meanwhile by another download
        } catch (IOException e) {
            throw cannotWrite(d, e);
        }
        return d;
    }

    private static PosternException cannotWrite(Path d, IOException e) {
        return new PosternException(ExitCode.IOERR, "cannot write the attachment's download in " + Sanitizer.oneLine(d.toString())
                + " (" + Sanitizer.oneLine(String.valueOf(e.getMessage())) + "); check that directory's free space and permissions.", e);
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // only its place in the eviction order
        }
    }

    /** Bytes kept between two evictions; the first download of a process evicts (the count starts there). */
    static final long EVICT_EVERY = 64L << 20;
    private static final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong(EVICT_EVERY);

    /** A file's modification time and size, read once for an eviction. */
    private record Kept(Path file, long modified, long size) {}

    /** Removes the least recently used parts past {@link #LIMIT}, and temporary files an ended download left. */
    private static void evict(Path d, Path keep) {
        List<Kept> files = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Stream<Path> all = Files.list(d)) {
            all.forEach(f -> files.add(new Kept(f, modified(f), size(f))));
        } catch (IOException | java.io.UncheckedIOException e) {
            return;
        }
        files.sort(Comparator.comparingLong(Kept::modified));
        long total = 0;
        for (Kept k : files) total += k.size();
        for (Kept k : files) {
            Path f = k.file();
            boolean staleTemp = f.getFileName().toString().startsWith(TEMP) && now - k.modified() > 3_600_000L;
            if (f.equals(keep) || !staleTemp && (total <= LIMIT || f.getFileName().toString().startsWith(TEMP))) continue;
            long size = k.size();
            try {
                if (Files.deleteIfExists(f)) total -= size;
            } catch (IOException ignored) {
                // the next one
            }
        }
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    static String name(AccountConfig account, MessageRef ref, String path) {
        String key = String.join("\0", account.host(), account.user() == null ? "" : account.user(), ref.account(), ref.folder(),
                Long.toString(ref.uidValidity()), Long.toString(ref.uid()), path);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
