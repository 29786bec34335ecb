package dev.postern.backend.imap;

import dev.postern.backend.ConnectionErrors;
import dev.postern.config.AccountConfig;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idle part of {@link ImapSession}: whether the server has IDLE, and waiting in IDLE on a folder for
 * its next change, re-entering IDLE before the socket's read time-out so a quiet folder keeps its link.
 */
final class ImapIdle {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    private final ImapConnection conn;
    private final AccountConfig account;

    ImapIdle(ImapConnection conn) {
        this.conn = conn;
        this.account = conn.account();
    }

    // ---- push (IDLE) ---------------------------------------------------------------------------

    boolean canIdle() {
        try {
            return conn.has("IDLE");
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    /** Runs between the window's timer starting and the wait entering IDLE: a test makes the waiting thread late here. */
    Runnable enteringIdle = () -> { };

    /** The folder awaitChange listens on, and whether it reported a change not yet handed out. */
    private IMAPFolder watched;
    private final java.util.concurrent.atomic.AtomicBoolean changed = new java.util.concurrent.atomic.AtomicBoolean();

    /** An untagged report of a change in the selected folder: new or gone messages, or flags. */
    private void heard(org.eclipse.angus.mail.iap.Response r) {
        if (r instanceof org.eclipse.angus.mail.imap.protocol.IMAPResponse ir && !r.isTagged()
                && (ir.keyEquals("EXISTS") || ir.keyEquals("EXPUNGE") || ir.keyEquals("FETCH") || ir.keyEquals("VANISHED"))) {
            changed.set(true);
        }
    }

    boolean awaitChange(String folder, java.time.Duration window) {
        return awaitChange(folder, window, st -> false);
    }

    boolean awaitChange(String folder, java.time.Duration window, java.util.function.Predicate<dev.postern.backend.FolderStatus> behind) {
        try {
            IMAPFolder f = conn.select(folder);
            if (watched != f) {
                // Listening for as long as the folder is open, not only inside IDLE: a report that comes with
                // another command's response between two IDLEs (Angus's isOpen sends a NOOP) is kept, and the
                // next call returns at once. Heard as Angus reads the response, on the reading thread: folder
                // listeners run later on Jakarta's event thread, so a report read just before IDLE could be
                // noticed only after IDLE began, and then waited out a whole window (a flag change missed).
                changed.set(false);
                f.doCommand(p -> {
                    p.addResponseHandler(ImapIdle.this::heard);
                    return null;
                });
                watched = f;
                // What came between the caller's last look (the reader's refresh) and this SELECT: IDLE would not
                // report it, and it would wait for the window's end.
                if (behind.test(ImapHeaders.status(conn, f))) return true;
            }
            if (changed.getAndSet(false)) return true;
            // IDLE ends at the server's first report, or when another thread touches the folder: a timer does
            // so before the socket's read time-out, so a quiet folder re-enters IDLE instead of dropping the link.
            // The timer asks for the folder's protocol, which always ends an IDLE (sends DONE and waits for its
            // answer) and sends nothing else. It once asked for the message count, whose NOOP (and the DONE before
            // it) Angus skips when the last command ended under a second ago: a window of a second or less could
            // then sit in IDLE until the link's time-out (PushIT's one-second wait, ci of 354557d2).
            // It asks again each window until the wait is over: a call that came before IDLE had begun (this thread
            // ran ahead of the waiting one: a loaded machine, a short window) ended nothing, and IDLE then sat until
            // the server spoke or the link timed out.
            java.util.concurrent.atomic.AtomicBoolean timerFired = new java.util.concurrent.atomic.AtomicBoolean();
            long every = Math.max(1, window.toMillis());
            Thread waker = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(every);
                        timerFired.set(true);
                        f.doCommand(p -> null);
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                } catch (MessagingException | RuntimeException e) {
                    log.debug("waking IDLE", e);
                }
            }, "idle-waker-" + account.name());
            waker.setDaemon(true);
            waker.start();
            try {
                enteringIdle.run();
                f.idle(true);
            } finally {
                waker.interrupt();
                // Gone before the next wait begins: a late call of this one would end that wait's IDLE for nothing.
                joinQuietly(waker, account.timeout());
            }
            // An IDLE that ended before the timer is a report.
            return changed.getAndSet(false) || !timerFired.get();
        } catch (MessagingException | RuntimeException e) {
            throw ConnectionErrors.translate(account, e);
        }
    }

    private static void joinQuietly(Thread t, java.time.Duration atMost) {
        try {
            t.join(Math.max(1, atMost.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
