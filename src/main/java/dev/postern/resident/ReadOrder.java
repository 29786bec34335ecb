package dev.postern.resident;

import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The order an owner's clients connected in, which its serving threads (one per client, reading side by side) would
 * otherwise lose: a command whose client connected after a {@code daemon stop}'s waits for that stop to run (or be
 * dropped: cancelled, refused) before it takes its turn, even when its thread read it first; the stop run, the owner
 * is stopping and the command goes back to its client. The listening socket queues connections in the order they
 * came, so {@link #accepted} numbers them in that order; each serving thread says when it has read its client's
 * request ({@link #read}) and when a stop has run ({@link #decided}). A client that connected and sends nothing holds
 * the ones after it back until {@link #WAIT_MS} after its own connection at most (they have their ACCEPTED by then):
 * a client stuck before its request (stopped, hung) costs the commands of the next 5 s a wait, not every later one.
 */
final class ReadOrder {
    /** How long a request waits for those of the clients that connected before it. */
    static final long WAIT_MS = 5000;

    private long next;
    /** The connections accepted whose request is not read yet (nor said never to be), with when each was accepted. */
    private final TreeMap<Long, Long> unread = new TreeMap<>();
    /** The connections whose request is {@code daemon stop}, not yet run nor dropped. */
    private final TreeSet<Long> stops = new TreeSet<>();

    /** A connection accepted: its number, in the order the clients connected. */
    synchronized long accepted() {
        return accepted(System.nanoTime());
    }

    /** As {@link #accepted()}, at {@code nanoTime} (a test's clock). */
    synchronized long accepted(long nanoTime) {
        long n = next++;
        unread.put(n, nanoTime);
        return n;
    }

    /** Connection {@code n}'s request is read ({@code stop}: it is {@code daemon stop}), or never will be; the first call counts. */
    synchronized void read(long n, boolean stop) {
        if (unread.remove(n) == null) return;
        if (stop) stops.add(n);
        notifyAll();
    }

    /** Connection {@code n}'s stop has run (the owner stops) or was dropped (cancelled, refused), or it was none. */
    synchronized void decided(long n) {
        if (stops.remove(n)) notifyAll();
    }

    /**
     * Waits until the request of every client that connected before connection {@code n} is read (or {@link #WAIT_MS}
     * has passed since that client connected), and every {@code daemon stop} among them has run or been dropped.
     */
    synchronized void afterStops(long n) throws InterruptedException {
        while (true) {
            long until = Long.MIN_VALUE; // the last moment an earlier unread client is still waited for
            for (long accepted : unread.headMap(n).values()) until = Math.max(until, accepted + WAIT_MS * 1_000_000L);
            if (until == Long.MIN_VALUE) break;
            long left = (until - System.nanoTime()) / 1_000_000L;
            if (left <= 0) break;
            wait(left);
        }
        while (!stops.isEmpty() && stops.first() < n) wait();
    }
}
