package dev.postern.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

/**
 * A small file postern keeps beside the closed store ({@link ListingCache}'s {@code listing.cache},
 * {@link SearchSnapshot}'s {@code search.snapshot}): a magic number, a version, the stamp of the store's files it was
 * written against, its content, and a CRC-32 of all that. Written whole into a private temporary file renamed over it;
 * read back only when its size, checksum, magic and version say it is whole and of this kind.
 */
final class CheckedFile {
    private CheckedFile() {}

    /** The content after the stamp. */
    interface Content {
        void write(DataOutputStream out) throws IOException;
    }

    /** Writes {@code file} atomically; on a failure its temporary file is removed and the failure thrown. */
    static void write(Path file, long magic, int version, String stamp, int sizeHint, Content content) throws IOException {
        Path tmp = StoreFiles.sibling(file, ".tmp");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeLong(magic);
                out.writeInt(version);
                BinaryIO.writeString(out, stamp);
                content.write(out);
                CRC32 crc = new CRC32();
                crc.update(bytes.toByteArray());
                out.writeLong(crc.getValue());
            }
            Files.write(tmp, bytes.toByteArray()); // in the private data directory
            StoreFiles.makePrivate(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temporary file is deleted by the next write or open
            }
            throw e;
        }
    }

    /**
     * {@code file}'s bytes after its magic and version (the stamp first) when it is there, at most {@code maxBytes},
     * its checksum right and its magic and version these; null otherwise.
     */
    static DataInputStream read(Path file, long magic, int version, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) > maxBytes) return null;
        byte[] all = Files.readAllBytes(file);
        if (all.length < 20) return null;
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        if (java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong() != crc.getValue()) return null;
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8));
        if (in.readLong() != magic || in.readInt() != version) return null;
        return in;
    }
}
