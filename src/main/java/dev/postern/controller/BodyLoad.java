package dev.postern.controller;

import dev.postern.backend.BodySource;
import dev.postern.backend.MailSession;
import dev.postern.model.MessageRef;
import java.util.function.Consumer;

/**
 * A body the reader asked for, being downloaded on the account's thread (hunt 38-L, L1 and L3): how much of it has come,
 * published as {@link Event.BodyProgress} at most every {@link #EVERY} (the pager's "Loading 4.2 of 20.0 MB"), and
 * whether the reader leaving it is worth cutting the download off ({@link #worthCutting}). The count is the session's
 * own ({@link MailSession#received}, on the reading thread); the size is the server's ({@link BodySource#expected}: the
 * text parts' for a large message read text first), else the envelope's RFC822.SIZE.
 */
final class BodyLoad implements AutoCloseable {
    /** The least time between two progress events; the first comes this long after the download began. */
    static final long EVERY = 250_000_000L;
    /**
     * A download left with less than this to come is let finish (and kept): a new connection (TCP, TLS, LOGIN, SELECT)
     * costs more round trips than that many bytes take on most links, and the reader's next request would wait for it.
     */
    static final long LET_FINISH_BELOW = 64 * 1024;

    private final MessageRef ref;
    private final MailSession session;
    private final BodySource bodies;
    private final long envelopeSize;
    private final Consumer<Event> publish;
    private final long base;
    private volatile long done;
    private volatile boolean over;
    private long last = System.nanoTime();

    private BodyLoad(MessageRef ref, MailSession session, BodySource bodies, long envelopeSize, Consumer<Event> publish) {
        this.ref = ref;
        this.session = session;
        this.bodies = bodies;
        this.envelopeSize = envelopeSize;
        this.publish = publish;
        this.base = session.received();
    }

    /** On the account's thread, before the body's download: counts what comes until {@link #close}. */
    static BodyLoad begin(MessageRef ref, MailSession session, BodySource bodies, long envelopeSize, Consumer<Event> publish) {
        BodyLoad l = new BodyLoad(ref, session, bodies, envelopeSize, publish);
        if (l.base >= 0) session.onReceived(l::received);
        return l;
    }

    /** On the reading thread, at every block: the count, and an event when the last is {@link #EVERY} old. */
    private void received(long total) {
        done = total - base;
        long now = System.nanoTime();
        if (now - last < EVERY || over) return;
        last = now;
        long size = total();
        publish.accept(new Event.BodyProgress(ref, size > 0 ? Math.min(done, size) : done, Math.max(0, size)));
    }

    /** The bytes the download is to bring, as the server sized them; 0 or less when unknown. */
    private long total() {
        long e = bodies.expected();
        return e > 0 ? e : envelopeSize;
    }

    /**
     * Whether the reader having left this body, its download is better cut off than let finish: unless less than
     * {@link #LET_FINISH_BELOW} is left to come (as far as is known: a session that does not count, or a size unknown,
     * is cut). Over already: nothing to cut.
     */
    boolean worthCutting() {
        if (over) return false;
        long size = total();
        return session.received() < 0 || size <= 0 || size - done >= LET_FINISH_BELOW;
    }

    @Override
    public void close() {
        over = true;
        if (base >= 0) session.onReceived(null);
    }
}
