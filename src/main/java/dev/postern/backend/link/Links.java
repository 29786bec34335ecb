package dev.postern.backend.link;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The connections one mail session makes, so that they can be cut at once from another thread ({@link #cut}): quitting
 * while a listing or a download is in hand must not wait for it to finish. A cut connection ends the command reading
 * on it as a lost link; the server is sent nothing more (no LOGOUT, no POP3 QUIT, so no POP3 deletion takes effect).
 * A session keeps one for its life: once cut, it is cut for good, and the session connects no more.
 */
public final class Links {
    private final Set<DeadlineSocket> made = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile boolean cut;
    /** The connection made last. */
    private volatile DeadlineSocket last;

    /** The last time-out a connection of the session met, and when (System.nanoTime); null before any. */
    private volatile TimeOut timedOut;

    private record TimeOut(LinkTimeoutException e, long at) { }

    /** The protocol's bytes the session's connections received, as its answer reader counts them ({@link #received(int)}). */
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    /** Told the running count at each block received; null when nobody watches. */
    private volatile java.util.function.LongConsumer watcher;

    /** Property under which {@code backend.SessionProperties}' properties carry their {@code Links}, for a protocol's reader. */
    public static final String PROPERTY = "postern.links";

    /** A connection the session's factories made; cut at once when the session was cut before it was made. */
    void add(DeadlineSocket s) {
        s.keptIn(this);
        last = s;
        made.add(s);
        if (cut) s.cut();
    }

    /** One of the connections timed out ({@link DeadlineSocket}): kept for {@link #timedOutSince}. */
    void timedOut(LinkTimeoutException e) {
        timedOut = new TimeOut(e, System.nanoTime());
    }

    /**
     * The last time-out one of the session's connections met at or after {@code sinceNanos} (System.nanoTime), or null:
     * what a failure may hide (Angus says only "failed to create new store connection" of a greeting that never came).
     */
    public LinkTimeoutException timedOutSince(long sinceNanos) {
        TimeOut t = timedOut;
        return t != null && t.at() - sinceNanos >= 0 ? t.e() : null;
    }

    /** Closes every connection made so far, and any made later; a read waiting on one fails at once. */
    public void cut() {
        cut = true;
        List<DeadlineSocket> open;
        synchronized (made) {
            open = new ArrayList<>(made);
        }
        for (DeadlineSocket s : open) s.cut();
    }

    /**
     * Closes the connections made so far, at once and without a word to the server, but unlike {@link #cut} lets the
     * session connect again: one whose answer stalled or ran past its cap is out of step, and a polite QUIT on it would
     * wait out the time-out again.
     */
    public void drop() {
        List<DeadlineSocket> open;
        synchronized (made) {
            open = new ArrayList<>(made);
        }
        for (DeadlineSocket s : open) s.closeQuietly();
    }

    /**
     * Whether one of the session's connections, still open, heard from its server within {@code nanos}: alive moments
     * ago, so a task need not ask with a NOOP (a round trip) before each of its commands.
     */
    public boolean heardWithin(long nanos) {
        if (cut) return false;
        synchronized (made) {
            for (DeadlineSocket s : made) if (s.heardWithin(nanos)) return true;
        }
        return false;
    }

    /**
     * The first line the server sent on the connection made last (its greeting), or "": a POP3 server's words when it
     * greets with -ERR, which the mail library drops.
     */
    public String lastGreeting() {
        DeadlineSocket s = last;
        return s == null ? "" : s.firstLine();
    }

    /** The last -ERR line the server sent on the connection made last, or "": a POP3 refusal's words Angus drops. */
    public String lastRefusal() {
        DeadlineSocket s = last;
        return s == null ? "" : s.lastRefusal();
    }

    /**
     * The first line of the last answer on the connection made last (a POP3 status line, or what the server sent in
     * its place), or "": words Angus's POP3 reader parses and drops (STAT's count when it is not a number).
     */
    public String lastStatus() {
        DeadlineSocket s = last;
        return s == null ? "" : s.lastStatus();
    }

    /**
     * {@code n} bytes of the protocol (after TLS and any decompression: what the answer reader sees) came on one of the
     * session's connections; counted for a download's progress, and told to the watcher on the reading thread.
     */
    public void received(int n) {
        long total = received.addAndGet(n);
        java.util.function.LongConsumer w = watcher;
        if (w != null) w.accept(total);
    }

    /** The protocol's bytes received on the session's connections so far (see {@link #received(int)}). */
    public long received() {
        return received.get();
    }

    /** {@code w} is told the running count of {@link #received()} as bytes come, on the reading thread; null stops it. */
    public void watch(java.util.function.LongConsumer w) {
        watcher = w;
    }

    /** Whether {@link #cut} was called. */
    public boolean isCut() {
        return cut;
    }
}
