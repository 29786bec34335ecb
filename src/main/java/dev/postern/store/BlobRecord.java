package dev.postern.store;

import java.io.IOException;
import org.mapdb.DB;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.serializer.GroupSerializerObjectArray;

/**
 * The value serializer of the {@code blobs} table: on disk byte for byte MapDB's {@code BYTE_ARRAY} (a packed length,
 * then the bytes), so a store made by either is read by the other; in memory a {@link Slice} of the array MapDB read
 * the record into, not a copy of it. A body's record is one compressed message: {@code BYTE_ARRAY} copied the record
 * MapDB had just assembled, so a 215 MB stored body took 430 MB of heap to read before anything decompressed it, and
 * {@code store stats} (which only reads each record's header) ended in an OutOfMemoryError under a 512 MB heap
 * (hunt 39-S, S4). A record larger than MapDB's largest single piece (64 KiB) is always assembled into an array of
 * its own; a smaller one is copied as before, so no slice ever points into a buffer MapDB reuses.
 */
final class BlobRecord extends GroupSerializerObjectArray<BlobRecord.Slice> {
    static final BlobRecord INSTANCE = new BlobRecord();
    /** What MapDB's catalog names for a table opened with {@code Serializer.BYTE_ARRAY} values. */
    static final String BYTE_ARRAY_IN_CATALOG = "org.mapdb.Serializer#BYTE_ARRAY";
    /** Smaller records are copied out of MapDB's array: they may be read from a buffer it reuses. */
    private static final int SLICED_FROM = 1 << 20;

    private BlobRecord() {}

    /** {@code length} bytes of {@code array} from {@code offset}: one stored (compressed) body. Never written to. */
    record Slice(byte[] array, int offset, int length) {
        static Slice of(byte[] whole) {
            return new Slice(whole, 0, whole.length);
        }

        byte at(int i) {
            return array[offset + i];
        }

        java.io.InputStream stream(int from) {
            return new java.io.ByteArrayInputStream(array, offset + from, length - from);
        }
    }

    @Override
    public void serialize(DataOutput2 out, Slice value) throws IOException {
        out.packInt(value.length());
        out.write(value.array(), value.offset(), value.length());
    }

    @Override
    public Slice deserialize(DataInput2 in, int available) throws IOException {
        int length = in.unpackInt();
        if (length >= SLICED_FROM && in instanceof DataInput2.ByteArray whole) {
            byte[] array = whole.internalByteArray();
            int at = whole.pos;
            // The array holds this record alone (MapDB assembled it from its pieces): keep it, do not copy it.
            if (array != null && at >= 0 && (long) at + length <= array.length && array.length - (at + length) <= 16) {
                whole.pos = at + length;
                return new Slice(array, at, length);
            }
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return Slice.of(bytes);
    }

    @Override
    public boolean isTrusted() {
        return true;
    }

    /** Drops {@code BYTE_ARRAY}'s name for the bodies' values from the catalog, which would win over this serializer. */
    static void adopt(DB db) {
        java.util.SortedMap<String, String> catalog = db.nameCatalogLoad();
        if (BYTE_ARRAY_IN_CATALOG.equals(catalog.get("blobs#valueSerializer"))) {
            catalog.remove("blobs#valueSerializer");
            db.nameCatalogSave(catalog);
        }
    }
}
