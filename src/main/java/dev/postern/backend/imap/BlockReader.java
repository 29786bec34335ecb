package dev.postern.backend.imap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import org.eclipse.angus.mail.iap.ResponseInputStream;
import org.slf4j.LoggerFactory;

/**
 * The connection's bytes for Angus's answer reader, in blocks. Angus's {@link ResponseInputStream} reads an answer a
 * byte at a time from its own {@link BufferedInputStream} of 2 KB, whose every {@code read()} is synchronized: in a
 * 20,000-message header listing that was 14 % of the account thread's CPU (JFR). This class takes that stream's place in
 * the {@code ResponseInputStream}'s own field ({@code bin}), so every reader of the connection goes through it: Angus's
 * {@code Response} (through {@code Protocol.getInputStream()}) and {@code Protocol.hasResponse()}, which asks that field
 * for {@link #available}. A second buffer beside Angus's would have hidden buffered answers from the latter.
 *
 * <p>It reads the stream Angus's buffer was made over (the protocol object's own {@code traceInput}: the socket's, the
 * TLS socket's after STARTTLS, the inflater's after COMPRESS), not through that buffer: {@link
 * BufferedInputStream#read(byte[], int, int)} goes on reading while its source says bytes are {@code available()}, and
 * an {@code InflaterInputStream} says 1 until its end, so a block read through it waited for the server's next answer,
 * which never came. One {@code read} of the source returns what the connection has (at least one byte), never waiting
 * for a whole block. The swap happens before anything is read through Angus's new reader, so its buffer is empty and
 * nothing is skipped. The bytes and their order are the connection's; time-outs and failures come through unchanged.
 * One thread reads at a time (Angus's protocol object serialises its commands); {@link #available} may be asked from
 * another and only reads.
 *
 * <p>The field is Angus's private one (angus-mail 2.0.5). If a later Angus has no such field, or refuses the swap,
 * Angus's own reader stays as it is ({@link #install} says so, and it is logged once): slower, nothing else changes.
 */
final class BlockReader extends BufferedInputStream {
    static final int SIZE = 16 * 1024;
    private static final Field BIN = field(ResponseInputStream.class, "bin", BufferedInputStream.class);
    private static final Field TRACE_INPUT = field(org.eclipse.angus.mail.iap.Protocol.class, "traceInput",
            org.eclipse.angus.mail.util.TraceInputStream.class);

    private final InputStream src;
    /** Told of every byte read (a download's progress), or null. */
    private final dev.postern.backend.link.Links counts;
    private final byte[] block = new byte[SIZE];
    private int pos;
    private int lim;

    private BlockReader(InputStream src, dev.postern.backend.link.Links counts) {
        super(InputStream.nullInputStream(), 1);
        this.src = src;
        this.counts = counts;
    }

    private static Field field(Class<?> owner, String name, Class<?> type) {
        try {
            Field f = owner.getDeclaredField(name);
            if (!type.equals(f.getType())) throw new NoSuchFieldException(name + " is a " + f.getType());
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            LoggerFactory.getLogger(BlockReader.class).info("Angus's answer reader is left as it is ({})", e.toString());
            return null;
        }
    }

    /**
     * Puts a block reader over {@code p}'s connection in place of the buffer of {@code r}, the reader {@code p} has just
     * made for it ({@code p.getInputStream()}), before anything was read through {@code r}. Returns whether {@code r} now
     * reads in blocks.
     */
    static boolean install(org.eclipse.angus.mail.iap.Protocol p, ResponseInputStream r,
            dev.postern.backend.link.Links counts) {
        if (TRACE_INPUT == null) return false;
        try {
            return TRACE_INPUT.get(p) instanceof InputStream source && install(r, source, counts);
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    /** {@link #install(org.eclipse.angus.mail.iap.Protocol, ResponseInputStream)} with the connection's stream given. */
    static boolean install(ResponseInputStream r, InputStream source) {
        return install(r, source, null);
    }

    /** As {@link #install(ResponseInputStream, InputStream)}, every byte read also counted in {@code counts} (or null). */
    static boolean install(ResponseInputStream r, InputStream source, dev.postern.backend.link.Links counts) {
        if (BIN == null) return false;
        try {
            if (BIN.get(r) instanceof BlockReader) return true;
            BIN.set(r, new BlockReader(source, counts));
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    /** Whether this Angus has both fields the swap uses (for tests: an upgrade that renames one must be noticed). */
    static boolean usable() {
        return BIN != null && TRACE_INPUT != null;
    }

    /** Whether {@code r} reads through a block reader (for tests). */
    static boolean installed(ResponseInputStream r) {
        try {
            return BIN != null && BIN.get(r) instanceof BlockReader;
        } catch (IllegalAccessException e) {
            return false;
        }
    }

    private boolean fill() throws IOException {
        int n = src.read(block, 0, SIZE);
        if (n <= 0) return false; // -1 at the end; a blocking stream never returns 0 for a non-empty request
        if (counts != null) counts.received(n);
        pos = 0;
        lim = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (pos == lim && !fill()) return -1;
        return block[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (pos == lim) {
            if (len >= SIZE) { // a large literal: straight into the answer's buffer
                int n = src.read(b, off, len);
                if (n > 0 && counts != null) counts.received(n);
                return n;
            }
            if (!fill()) return -1;
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(block, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) return 0;
        if (pos == lim) return src.skip(n);
        int k = (int) Math.min(n, lim - pos);
        pos += k;
        return k;
    }

    @Override
    public int available() throws IOException {
        int buffered = lim - pos;
        int more = src.available();
        return buffered > Integer.MAX_VALUE - more ? Integer.MAX_VALUE : buffered + more;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readlimit) {
        // not supported (markSupported is false), as InputStream's own
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    @Override
    public void close() throws IOException {
        src.close();
    }
}
