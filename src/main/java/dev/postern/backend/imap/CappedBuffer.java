package dev.postern.backend.imap;

import org.eclipse.angus.mail.iap.ByteArray;

/**
 * The buffer Angus reads one IMAP answer into, which will not grow past a cap: Angus grows it by whatever the
 * server announces (a literal's size) or by 256 KiB at a time for a line with no end, so without the cap one
 * answer could fill the heap. It grows by doubling (Angus's 256 KiB steps copy the whole buffer each time,
 * quadratic in a long answer) and throws {@link TooLarge} before it would allocate past the cap.
 */
final class CappedBuffer extends ByteArray {
    /** Thrown by {@link #grow} instead of growing past the cap; {@link CappedProtocol} turns it into an IOException. */
    static final class TooLarge extends RuntimeException {
        final long wanted;

        TooLarge(long wanted) {
            super(null, null, false, false);
            this.wanted = wanted;
        }
    }

    private final int cap;

    CappedBuffer(byte[] b, int start, int count, int cap) {
        super(b, start, count);
        this.cap = cap;
    }

    @Override
    public void grow(int incr) {
        long now = getBytes().length;
        long wanted = now + (long) incr;
        if (incr < 0 || wanted > cap) throw new TooLarge(wanted);
        // At least double (bounded by the cap): fewer copies of a long answer.
        super.grow((int) Math.max(incr, Math.min(now, cap - now)));
    }
}
