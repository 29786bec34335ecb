package dev.postern.resident;

import dev.postern.cli.ServedClaim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * When an owner's served commands run ({@link ServedClaim}): a command that only reads the store runs at once; one
 * that works on accounts waits for the commands of those accounts that came before it (one fair lock per account,
 * taken in the accounts' order, so two commands never wait for each other), and runs beside the others; one that
 * claims everything (daemon stop, a hand-back) waits until every command under way has ended, and the commands after
 * it wait for it. All fair: a command waits only for those that asked before it. Each client has its own streams, so
 * outputs never interleave. The network work itself runs on each account's own thread, as the reader's does.
 */
final class Turns {
    /** Shared by every command but the one that claims everything, which takes it alone. */
    private final ReentrantReadWriteLock all = new ReentrantReadWriteLock(true);
    private final Map<String, ReentrantLock> accounts = new ConcurrentHashMap<>();

    /** A command's turn, held until {@link #close}; {@link #widen} makes it everything's. */
    final class Turn implements AutoCloseable {
        private boolean whole;
        private final List<ReentrantLock> held = new ArrayList<>();
        private boolean closed;

        /**
         * Gives up what this turn holds and waits for every other command to end (a command that must stop the
         * owner, found once it runs: a config edit it cannot apply). False: interrupted, and nothing is held.
         */
        boolean widen() {
            if (whole) return true;
            close();
            try {
                all.writeLock().lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            closed = false;
            whole = true;
            return true;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            for (int i = held.size() - 1; i >= 0; i--) held.get(i).unlock();
            held.clear();
            if (whole) all.writeLock().unlock();
            else all.readLock().unlock();
            whole = false;
        }
    }

    /** Waits for {@code claim}'s turn; interrupted (the client's Ctrl-C), it leaves the queue holding nothing. */
    Turn take(ServedClaim claim) throws InterruptedException {
        Turn t = new Turn();
        if (claim.kind() == ServedClaim.Kind.ALL) {
            all.writeLock().lockInterruptibly();
            t.whole = true;
            return t;
        }
        all.readLock().lockInterruptibly();
        try {
            for (String a : claim.accounts()) { // sorted: two commands take their accounts in one order
                ReentrantLock l = accounts.computeIfAbsent(a, k -> new ReentrantLock(true));
                l.lockInterruptibly();
                t.held.add(l);
            }
        } catch (InterruptedException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Every command's turn, not interruptible (a reader's hand-back, in its turn behind the commands). */
    Turn everything() {
        all.writeLock().lock();
        Turn t = new Turn();
        t.whole = true;
        return t;
    }

    /** Waits up to {@code seconds} for the commands under way to end (the owner's close); false: some still run. */
    boolean quiet(long seconds) throws InterruptedException {
        if (!all.writeLock().tryLock(seconds, TimeUnit.SECONDS)) return false;
        all.writeLock().unlock();
        return true;
    }
}
