package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client that connected and never sends its request holds the commands after it back only near its own connection. */
class ReadOrderTest {
    @Test
    void aClientStuckBeforeItsRequestDelaysOnlyTheCommandsOfTheNextSeconds() throws Exception {
        ReadOrder order = new ReadOrder();
        long stuck = order.accepted(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(ReadOrder.WAIT_MS + 1000));
        long later = order.accepted();
        Thread t = new Thread(() -> {
            try {
                order.afterStops(later);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join(30_000); // a deadline: it returns at once; before, every later command waited 5 s of its own
        assertFalse(t.isAlive(), "a command waited for a client that connected over 5 s before it and never spoke");
        order.read(stuck, false);
        order.read(later, false);
    }

    @Test
    void aCommandWaitsForTheRequestOfAClientThatConnectedJustBeforeIt() throws Exception {
        ReadOrder order = new ReadOrder();
        long first = order.accepted();
        long second = order.accepted();
        boolean[] done = {false};
        Thread t = new Thread(() -> {
            try {
                order.afterStops(second);
                synchronized (done) { done[0] = true; }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join(300);
        synchronized (done) { assertFalse(done[0], "the second command did not wait for the first client's request"); }
        order.read(first, false);
        t.join(30_000);
        assertTrue(!t.isAlive() && done[0], "the first client's request read, the second command goes on");
    }
}
