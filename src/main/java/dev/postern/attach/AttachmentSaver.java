package dev.postern.attach;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes an attachment inside one directory under its {@link SafeName}, never over an existing file or
 * through a symbolic link planted at the name: the file is created exclusively (O_EXCL, which does not
 * follow links), and a taken name gets " (1)", " (2)"... before its extension.
 */
public final class AttachmentSaver {
    private AttachmentSaver() {}

    /** @return the file written, inside {@code dir} */
    public static Path save(Path dir, String untrustedName, int index, byte[] content) throws IOException {
        Path real = dir.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(real)) {
            throw new IOException(dir + " is not a directory");
        }
        String name = SafeName.of(untrustedName, index);
        for (int n = 0; n < 1000; n++) {
            Path target = real.resolve(n == 0 ? name : numbered(name, n));
            if (!real.equals(target.getParent()) || !target.normalize().equals(target)) {
                throw new IOException("refusing a file name that leaves " + real); // SafeName makes this unreachable
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(content);
                return target;
            } catch (FileAlreadyExistsException taken) {
                // try the next number
            }
        }
        throw new IOException("1000 files named like " + name + " already exist in " + real);
    }

    /**
     * Saves attachment {@code index} (1-based as listed), or all of them when null, of a message's list.
     *
     * @throws IllegalArgumentException if there is no such attachment
     */
    public static java.util.List<Path> saveChosen(java.util.List<dev.postern.render.Attachments.Attachment> all, Integer index,
            Path dir) throws IOException {
        if (index != null && (index < 1 || index > all.size())) {
            throw new IllegalArgumentException("there is no attachment " + index + "; this message has " + all.size());
        }
        java.util.List<Path> written = new java.util.ArrayList<>();
        for (var a : index == null ? all : java.util.List.of(all.get(index - 1))) {
            written.add(save(dir, a.rawName(), a.part().index(), a.content() == null ? new byte[0] : a.content()));
        }
        return written;
    }

    static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot) : name + " (" + n + ")";
    }
}
