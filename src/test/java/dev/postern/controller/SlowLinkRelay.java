package dev.postern.controller;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback byte relay in front of a server that passes what the server sends at most {@link #rate} bytes a second (a
 * thin link), in small steps, and counts it ({@link #served}); what the client sends passes as it comes. 0 is no limit.
 */
public final class SlowLinkRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    /** Bytes a second to the client; 0 passes them as they come. */
    public volatile long rate;
    private final AtomicLong served = new AtomicLong();
    /** Connections made to the relay so far. */
    public final AtomicInteger connections = new AtomicInteger();

    public SlowLinkRelay(int upstreamPort, long rate) throws IOException {
        this.upstreamPort = upstreamPort;
        this.rate = rate;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "slow-relay");
    }

    public int port() { return listener.getLocalPort(); }

    /** Bytes passed to the client so far, on every connection. */
    public long served() { return served.get(); }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                connections.incrementAndGet();
                daemon(() -> pump(client, server, false), "slow-relay-up");
                daemon(() -> pump(server, client, true), "slow-relay-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean down) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buf = new byte[64 * 1024];
            while (true) {
                long r = rate;
                // Twenty steps a second: each step at most a twentieth of the rate.
                int want = !down || r <= 0 ? buf.length : (int) Math.max(1, Math.min(buf.length, r / 20));
                int n = in.read(buf, 0, want);
                if (n < 0) break;
                out.write(buf, 0, n);
                out.flush();
                if (down) {
                    served.addAndGet(n);
                    if (r > 0) Thread.sleep(Math.max(1, n * 1000L / r));
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // one side went away
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
