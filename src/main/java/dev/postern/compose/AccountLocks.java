package dev.postern.compose;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per account name for what changes an account's outbox (a send, a flush, a retry, a drop): the outbox is the
 * account's own, so two tries of one message never overlap, and an account waiting on its relay holds up no other
 * account (hunt38-M M19). Reentrant, as a send flushes its account's outbox first under the same lock.
 */
final class AccountLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    <T> T holding(String account, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(account, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
