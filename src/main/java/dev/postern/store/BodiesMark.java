package dev.postern.store;

import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import java.nio.ByteBuffer;

/**
 * Records that every body of a folder below {@code uidNext} (under {@code uidValidity}) that is at most
 * {@code wholeBelow} bytes is in the store, and how many larger ones were left on the server. While the
 * folder's sync state shows the same UIDVALIDITY and UIDNEXT, no new message can lack its body, so a sync
 * skips the scan of every envelope.
 */
public record BodiesMark(long uidValidity, long uidNext, long wholeBelow, int left) {
    static final int VERSION = 1;

    /** True when nothing new can have arrived since the mark and the size limit is the same. */
    public boolean covers(FolderState now, long wholeBelowNow) {
        return now.uidValidity() == uidValidity && now.uidNext() == uidNext && wholeBelowNow == wholeBelow;
    }

    byte[] encode() {
        return ByteBuffer.allocate(1 + 8 * 3 + 4).put((byte) VERSION).putLong(uidValidity).putLong(uidNext)
                .putLong(wholeBelow).putInt(left).array();
    }

    static BodiesMark decode(String account, String folder, byte[] b) {
        if (b.length != 29 || b[0] != VERSION) {
            throw new PosternException(ExitCode.DATAERR, "the body record of folder " + account + "/" + folder
                    + " cannot be read (format " + (b.length == 0 ? "?" : b[0]) + "); it was written by a newer or broken postern");
        }
        ByteBuffer in = ByteBuffer.wrap(b, 1, 28);
        return new BodiesMark(in.getLong(), in.getLong(), in.getLong(), in.getInt());
    }
}
