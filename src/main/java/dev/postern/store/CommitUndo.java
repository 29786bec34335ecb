package dev.postern.store;

import java.lang.reflect.Method;
import org.mapdb.StoreWAL;
import org.mapdb.volume.Volume;

/**
 * Puts MapDB's store back to its last commit after a commit that failed before its journal was sealed (a full disk
 * as the file grew or as the journal was written: hunt 42-H, H1).
 * <p>
 * StoreWAL's commit writes its new header into the volume first, then grows the file, copies its records in, notes
 * its index pages as the ones a rollback goes back to, and syncs. When the growth or the journal failed, its
 * {@code rollback()} re-read the header from the volume, which still showed the failed commit's (the
 * {@link JournaledVolume}'s page copies): a process that went on (the reader, a daemon) worked on free lists and a
 * file end whose records were never written, failed as "damaged" at the next read, and its next commit wrote that
 * header into the file for good; or, the header whole, the failed commit reached the file with the next one, after
 * its caller was told that nothing of it was kept. So the volume drops the failed commit's pages
 * ({@link JournaledVolume#discardFailedCommit}), the index pages a rollback restores are those before the commit,
 * and the rollback then reads the last commit's header. StoreWAL keeps its volume and index pages to itself: they
 * are reached by reflection, as nothing else offers them.
 */
final class CommitUndo {
    private static final Method INDEX_PAGES = method("getIndexPages");
    private static final Method REAL_VOLUME = method("getRealVolume");
    private static final Method SET_BACKUP = method("setIndexPagesBackup", long[].class);
    /** The public interface's toArray, which any list class of MapDB's answers (its own class may not be public). */
    private static final Method TO_ARRAY = toArray();

    private final StoreWAL store;
    private final long[] indexPages;

    private CommitUndo(StoreWAL store, long[] indexPages) {
        this.store = store;
        this.indexPages = indexPages;
    }

    /** What {@code store}'s commit would go back to: taken just before it. */
    static CommitUndo before(StoreWAL store) {
        try {
            Object pages = INDEX_PAGES.invoke(store);
            return new CommitUndo(store, (long[]) TO_ARRAY.invoke(pages));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MapDB's StoreWAL no longer gives its index pages", e);
        }
    }

    /**
     * After the commit threw: when it failed before its journal was sealed, drops its pages and makes the index pages a
     * rollback restores those before it; true when the caller must now roll back. False when it failed after the seal
     * (the journal finishes it at the next open, and the pages stay to be written again) or before the volume.
     */
    boolean undo() {
        try {
            Volume v = (Volume) REAL_VOLUME.invoke(store);
            if (!(v instanceof JournaledVolume journaled) || !journaled.discardFailedCommit()) return false;
            SET_BACKUP.invoke(store, (Object) indexPages.clone());
            return true;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MapDB's StoreWAL no longer gives its volume", e);
        }
    }

    private static Method toArray() {
        try {
            return Class.forName("org.eclipse.collections.api.LongIterable").getMethod("toArray");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MapDB's index pages are no LongIterable; CommitUndo must follow it", e);
        }
    }

    private static Method method(String name, Class<?>... types) {
        for (Class<?> c = StoreWAL.class; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name, types);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                // declared higher up (StoreDirectAbstract)
            }
        }
        throw new IllegalStateException("MapDB's StoreWAL has no " + name + "; CommitUndo must follow it");
    }
}
