package dev.postern.controller;

import dev.postern.compose.Outgoing;
import dev.postern.compose.Postman;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a long-lived face is open (the reader), what waits in an outbox is tried again on a timer: a message queued
 * because only the SMTP server was down went out only when the IMAP link came back (hunt32-V A3), which it never does
 * when it never went. The waits double from a minute to {@link #MOST}, and start again at a minute once a round leaves
 * nothing waiting. Each try is {@link Outgoing#flush}, the one every flush takes (Postman's lock, and the store
 * held by this process alone: a {@code postern sync} from cron is served by this process or waits for it), so a
 * message is never sent twice. Messages set aside (refused, or perhaps delivered) are never tried: a flush leaves
 * them for the user. An account whose login the server refused is not tried ({@link LoginGate}), nor one whose SMTP
 * login was refused or could not be tried (an OAuth2 token not to be had: a round that left mail waiting without the
 * server being unreachable), until the user flushes it.
 */
final class OutboxRetry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxRetry.class);
    static final long FIRST = 60_000;
    static final long MOST = 15 * 60_000;

    private final List<String> accounts;
    private final Supplier<Outgoing> outgoing;
    private final Function<String, LoginGate> gates;
    private final Consumer<String> say;
    private final FolderWatch.Pause pause;
    private final Thread thread;
    /** Accounts whose SMTP login was refused: not tried until the user's own flush ({@link #userFlushed}). */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** What each account's last round said, so the same sentence is not said at every round. */
    private final Map<String, Integer> told = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    OutboxRetry(List<String> accounts, Supplier<Outgoing> outgoing, Function<String, LoginGate> gates, Consumer<String> say,
            FolderWatch.Pause pause) {
        this.accounts = List.copyOf(accounts);
        this.outgoing = outgoing;
        this.gates = gates;
        this.say = say;
        this.pause = pause;
        this.thread = new Thread(this::run, "outbox-retry");
        thread.setDaemon(true);
    }

    OutboxRetry start() {
        thread.start();
        return this;
    }

    /** The user flushed {@code account}'s outbox: its retries go on, whatever refused them before. */
    void userFlushed(String account) {
        refused.remove(account);
    }

    private void run() {
        long wait = FIRST;
        try {
            while (!stopped) {
                pause.sleep(wait);
                if (stopped) return;
                wait = round() ? Math.min(wait * 2, MOST) : FIRST;
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** One try of every account's waiting mail; true when some is still waiting after it. */
    boolean round() {
        Outgoing out = outgoing.get();
        if (out == null) return false;
        boolean left = false;
        for (String a : accounts) {
            if (stopped) return false;
            try {
                int waiting = out.waiting(a);
                if (waiting == 0) {
                    told.remove(a);
                    continue;
                }
                if (gates.apply(a).refused() != null || refused.contains(a)) continue;
                Postman.FlushReport r = out.flush(a);
                if (r.sent() > 0) say.accept("Sent " + r.sent() + " message(s) from the outbox of " + a + ".");
                if (r.waiting() == 0) continue;
                left = true;
                if (r.loginRefused()) {
                    // The server answered and refused the login (78): sent again it is refused again. A message the
                    // server put off (451, greylisting) is tried again at the next round, as an unreachable server is.
                    refused.add(a);
                    log.info("account {}: the outbox is not tried again by itself: {}", a, r.error());
                    told.put(a, r.waiting());
                    say.accept(refusedWaits(a, r.waiting(), r.error(), r.refusedByServer())); // why, whatever was said of the count before
                    continue;
                }
                if (!Integer.valueOf(r.waiting()).equals(told.put(a, r.waiting()))) say.accept(waits(a, r.waiting()));
            } catch (RuntimeException e) {
                log.info("account {}: the outbox's retry failed: {}", a, e.getMessage());
                left = true;
            }
        }
        return left;
    }

    /** "1 message waits in the outbox of work; :outbox --flush sends it now." */
    static String waits(String account, int n) {
        return n + (n == 1 ? " message waits" : " messages wait") + " in the outbox of " + account
                + "; :outbox --flush sends " + (n == 1 ? "it" : "them") + " now.";
    }

    /**
     * "1 message waits in the outbox of work, its SMTP login refused: the server at HOST:PORT rejected user 'u' or its
     * password (...); check user and the password source in the config, then :outbox --flush sends it." The count
     * alone did not say why, nor that the timer had stopped trying (hunt 32-W W7). {@code byServer} false when no
     * login was tried (an OAuth2 token not to be had, a password command that failed): "its SMTP login failed: the
     * sign-in server at ... answered ..." (hunt34-B B1).
     */
    static String refusedWaits(String account, int n, String error, boolean byServer) {
        String why = error == null ? "" : error.strip();
        if (why.startsWith("account " + account + ": ")) why = why.substring(("account " + account + ": ").length());
        if (why.endsWith(".")) why = why.substring(0, why.length() - 1);
        if (why.isEmpty()) why = "check user and the password source in the config";
        return n + (n == 1 ? " message waits" : " messages wait") + " in the outbox of " + account
                + ", its SMTP login " + (byServer ? "refused: " : "failed: ") + why + ", then :outbox --flush sends " + (n == 1 ? "it" : "them") + ".";
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
