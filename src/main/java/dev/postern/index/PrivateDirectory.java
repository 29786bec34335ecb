package dev.postern.index;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.Lock;

/**
 * Lucene's directory under the store's file-mode rules: the directory is 0700 and every file Lucene
 * writes is made 0600 as soon as it exists (the private directory already keeps others out meanwhile).
 */
final class PrivateDirectory extends FilterDirectory {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private final Path path;

    private PrivateDirectory(Path path, Directory in) {
        super(in);
        this.path = path;
    }

    static PrivateDirectory open(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            if (POSIX) {
                Files.createDirectories(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(path);
            }
        } else if (POSIX) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        }
        return new PrivateDirectory(path, FSDirectory.open(path));
    }

    private void makePrivate(String name) {
        if (!POSIX) return;
        try {
            Files.setPosixFilePermissions(path.resolve(name), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // gone already: Lucene deletes temporary files; the directory is private anyway
        }
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        IndexOutput out = in.createOutput(name, context);
        makePrivate(name);
        return out;
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
        IndexOutput out = in.createTempOutput(prefix, suffix, context);
        makePrivate(out.getName());
        return out;
    }

    @Override
    public Lock obtainLock(String name) throws IOException {
        Lock lock = in.obtainLock(name);
        makePrivate(name);
        return lock;
    }
}
