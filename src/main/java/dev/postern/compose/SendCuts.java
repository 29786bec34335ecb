package dev.postern.compose;

import dev.postern.backend.link.Links;
import dev.postern.backend.smtp.SmtpSender;
import dev.postern.config.AccountConfig;
import dev.postern.model.PosternException;
import dev.postern.model.Work;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The SMTP connections of {@link Postman}'s sends under way, so that they can be cut at once: by the process ending
 * ({@link #stop}: Ctrl-C, SIGTERM, the reader quitting) and by the cancel of the flush job a send belongs to. Before,
 * a send blocked on a silent server was cut by neither: Ctrl-C on {@code send --flush} waited 30 s for the flush job
 * (hunt 31, R3), and Ctrl-C on {@code send} ended the process under the send, the message neither sent, queued nor
 * kept (R2). A cut send fails as a lost link at once; the postman then leaves its message in an honest state (not
 * sent before the end of data; perhaps delivered after it) and says so.
 */
final class SendCuts {
    private final Set<Links> open = ConcurrentHashMap.newKeySet();
    private final Object activity = new Object();
    private int active;
    private volatile boolean stopping;

    /** Whether {@link #stop} was called: every send under way or begun later is cut. */
    boolean stopping() {
        return stopping;
    }

    /** Marks a postman operation under way (paired with {@link #leave}); {@link #stop} waits for it to end. */
    void enter() {
        synchronized (activity) {
            active++;
        }
    }

    void leave() {
        synchronized (activity) {
            if (--active == 0) activity.notifyAll();
        }
    }

    /**
     * {@code sender}'s send of a new message ({@code what}: "the message", "the bounce"), its connection cut when the
     * process stops: cut before its end of data, it fails with {@link SendStopped}; after it, as the sender says (perhaps
     * delivered). {@code beforeEndOfData} as {@link SmtpSender#send}'s.
     */
    void send(SmtpSender sender, AccountConfig a, String what, Built m, Runnable beforeEndOfData) {
        try {
            send(sender, m.raw(), m.envelopeFrom(), m.recipients(), beforeEndOfData, Work.NONE);
        } catch (PosternException e) {
            if (stopping && !Postman.perhapsSent(e)) throw SendStopped.of(a, what, e);
            throw e;
        }
    }

    /** {@code sender}'s send, its connection cut when the process stops or {@code work} is cancelled. */
    void send(SmtpSender sender, byte[] raw, String envelopeFrom, List<String> recipients, Runnable beforeEndOfData, Work work) {
        Links links = new Links();
        open.add(links);
        if (stopping) links.cut();
        try (Work.Cut cut = work.whenCancelled(links::cut)) {
            // A bounce (its resent block on top: Bounce.prepare, also from the outbox) goes as it is, never re-encoded.
            sender.send(raw, envelopeFrom, recipients, beforeEndOfData, links, Bounce.resent(raw));
        } finally {
            open.remove(links);
        }
    }

    /**
     * Cuts every send under way and any begun later; when it cut one, waits up to {@code waitMillis} for the postman's
     * operation in hand to set its message down (queued, set aside, or failed with a sentence) and returns true. Work
     * that is not a send (the copy to Sent over IMAP) is not waited for: the process ends as it did.
     */
    boolean stop(long waitMillis) {
        stopping = true;
        List<Links> cut = List.copyOf(open);
        for (Links l : cut) l.cut();
        if (cut.isEmpty()) return false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        synchronized (activity) {
            while (active > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) break;
                try {
                    activity.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return true;
        }
    }
}
