package dev.postern.resident;

import java.util.TreeSet;

/**
 * The order an owner's clients connected in, which its serving threads (one per client, reading side by side) would
 * otherwise lose: a command whose client connected after a {@code daemon stop}'s waits for that stop to run (or be
 * dropped: cancelled, refused) before it takes its turn, even when its thread read it first; the stop run, the owner
 * is stopping and the command goes back to its client. The listening socket queues connections in the order they
 * came, so {@link #accepted} numbers them in that order; each serving thread says when it has read its client's
 * request ({@link #read}) and when a stop has run ({@link #decided}). A client that connected and sends nothing holds
 * the ones after it back for {@link #WAIT_MS} at most (they have their ACCEPTED by then).
 */
final class ReadOrder {
    /** How long a request waits for those of the clients that connected before it. */
    static final long WAIT_MS = 5000;

    private long next;
    /** The connections accepted whose request is not read yet (nor said never to be). */
    private final TreeSet<Long> unread = new TreeSet<>();
    /** The connections whose request is {@code daemon stop}, not yet run nor dropped. */
    private final TreeSet<Long> stops = new TreeSet<>();

    /** A connection accepted: its number, in the order the clients connected. */
    synchronized long accepted() {
        long n = next++;
        unread.add(n);
        return n;
    }

    /** Connection {@code n}'s request is read ({@code stop}: it is {@code daemon stop}), or never will be; the first call counts. */
    synchronized void read(long n, boolean stop) {
        if (!unread.remove(n)) return;
        if (stop) stops.add(n);
        notifyAll();
    }

    /** Connection {@code n}'s stop has run (the owner stops) or was dropped (cancelled, refused), or it was none. */
    synchronized void decided(long n) {
        if (stops.remove(n)) notifyAll();
    }

    /**
     * Waits until the request of every client that connected before connection {@code n} is read ({@link #WAIT_MS} at
     * most), and every {@code daemon stop} among them has run or been dropped.
     */
    synchronized void afterStops(long n) throws InterruptedException {
        long end = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (!unread.isEmpty() && unread.first() < n) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) break;
            wait(left);
        }
        while (!stops.isEmpty() && stops.first() < n) wait();
    }
}
