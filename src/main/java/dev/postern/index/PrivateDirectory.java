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
import org.apache.lucene.store.IndexInput;
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

    /**
     * Whether inputs are memory-mapped (Lucene's way) or read through files ({@link FileInput}). An index that
     * only searches maps. A writer without a near-real-time searcher reads what it reads from start to end
     * through files: its merges, its flushes and the parts of a compound file as it builds one. A merge touches
     * every page of its segments, and each page mapped counts in the process's resident memory: 2-4 MB more at
     * the peak of a full sync of 20k messages (bench/MEMORY.md). Random reads (resolving a replaced document's
     * key) stay mapped: read through files they made a 20k listing 4 % slower. Searches over the writer map
     * again ({@link LuceneIndex#searchers}).
     */
    private volatile boolean mapped = true;

    /** A merge's inputs, a flush's, and files read once from start to end (a compound file's parts as it is built). */
    private static boolean sequential(IOContext context) {
        return context.context == IOContext.Context.MERGE || context.context == IOContext.Context.FLUSH || context.readOnce;
    }

    void mapInputs(boolean map) {
        mapped = map;
    }

    boolean mapsInputs() {
        return mapped;
    }

    @Override
    public IndexInput openInput(String name, IOContext context) throws IOException {
        if (mapped || !sequential(context)) return in.openInput(name, context);
        ensureOpen();
        if (((FSDirectory) in).getPendingDeletions().contains(name)) {
            throw new java.nio.file.NoSuchFileException("file \"" + name + "\" is pending delete and cannot be opened for read");
        }
        return FileInput.open(path.resolve(name), context);
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
