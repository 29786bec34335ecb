package dev.postern.controller;

import dev.postern.model.PosternException;
import dev.postern.model.SignInNeeded;

/**
 * Whether an account's credentials may be sent by postern on its own (hunt32-V A1): shut when the server refused them
 * ({@link dev.postern.model.LoginRefused#in}), so push ({@link FolderWatch}), its refreshes and the outbox's retries
 * wait instead of logging in again once a minute for as long as the reader is open (servers lock an account after a few
 * refused logins). What the user asks for (opening a folder, {@code :sync}, {@code :sign-in}, any command) still logs in;
 * the first login that goes through opens the gate again. A sign-in saved since (by {@code postern auth login} in another
 * shell) opens it too: the refusal is {@link SignInNeeded#superseded}.
 */
final class LoginGate {
    /** How often a shut gate looks whether a sign-in saved elsewhere has made its refusal stale. */
    static final long RELOOK_MILLIS = 60_000;

    private PosternException refused;
    private int waiting;

    /** Shuts the gate on {@code e}, the server's refusal of the credentials. */
    synchronized void refuse(PosternException e) {
        refused = e;
    }

    /** A login went through: what waits goes on. */
    synchronized void open() {
        refused = null;
        notifyAll();
    }

    /** The refusal that shut the gate, or null when it is open. */
    synchronized PosternException refused() {
        if (refused instanceof SignInNeeded s && s.superseded()) refused = null;
        return refused;
    }

    /** Told when a login of the account was refused for too many connections (hunt37-I I2): push gives its own up. */
    private final java.util.List<Runnable> atLimit = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code r} is run (on the refused login's thread) whenever {@link #limited} is called, until {@link #unlisten}. */
    void onLimit(Runnable r) {
        atLimit.add(r);
    }

    void unlisten(Runnable r) {
        atLimit.remove(r);
    }

    /**
     * A login of the account was refused because the server allows it no more connections
     * ({@link dev.postern.model.ConnectionLimit}): what holds one for postern's own purposes gives it up.
     */
    void limited() {
        for (Runnable r : atLimit) r.run();
    }

    /** How many threads wait at the gate now: for tests and diagnostics. */
    synchronized int waiting() { return waiting; }

    /** Waits until the gate is open (at once when it is). */
    synchronized void await() throws InterruptedException {
        waiting++;
        try {
            while (refused() != null) wait(RELOOK_MILLIS);
        } finally {
            waiting--;
        }
    }
}
