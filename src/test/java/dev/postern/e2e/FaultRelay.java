package dev.postern.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback byte relay in front of any server (IMAP, POP3, SMTP, plain or TLS: it never looks at the bytes)
 * that misbehaves on cue, counting the server's bytes to the client from the start of each connection:
 * {@link Mode#CUT} resets both sides once the client has been sent {@code offset} bytes, {@link Mode#STALL}
 * passes {@code offset} bytes and then nothing while keeping the connection open, {@link Mode#TRICKLE} passes
 * {@code offset} bytes and then one byte a second. A fault fires once; later connections pass, so a clean run
 * after it sees a sound link. {@link #served()} says how many bytes the last connection carried to the client.
 */
final class FaultRelay implements AutoCloseable {
    enum Mode { PASS, CUT, STALL, TRICKLE }

    private final ServerSocket listener;
    private final int upstreamPort;
    private volatile Mode mode = Mode.PASS;
    private volatile long offset;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean fired = new AtomicBoolean();
    private final AtomicLong served = new AtomicLong();

    FaultRelay(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "fault-relay");
    }

    int port() { return listener.getLocalPort(); }

    /** The next connection misbehaves as {@code m} after {@code bytes} bytes to the client. */
    void arm(Mode m, long bytes) {
        mode = m;
        offset = bytes;
        fired.set(false);
        armed.set(m != Mode.PASS);
    }

    boolean fired() { return fired.get(); }

    /** System.nanoTime() when the armed fault first fired since the last {@link #arm}; meaningful once {@link #fired}. */
    long firedAtNanos() { return firedAt; }

    private volatile long firedAt;

    /** Bytes the server sent to the client on all connections since the last {@link #arm} or reset. */
    long served() { return served.get(); }

    void resetCount() { served.set(0); }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Mode m = armed.getAndSet(false) ? mode : Mode.PASS;
                long at = offset;
                daemon(() -> pump(client, server, Mode.PASS, 0, false), "relay-up");
                daemon(() -> pump(server, client, m, at, true), "relay-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, Mode m, long at, boolean down) {
        long n = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buf = new byte[8192];
            while (true) {
                int want = buf.length;
                if (m != Mode.PASS && n < at) want = (int) Math.min(want, at - n);
                if (m != Mode.PASS && n >= at) {
                    if (!fired.getAndSet(true)) firedAt = System.nanoTime();
                    if (m == Mode.CUT) {
                        reset(to);
                        reset(from);
                        return;
                    }
                    if (m == Mode.STALL) {
                        Thread.sleep(120_000);
                        return;
                    }
                    want = 1; // TRICKLE
                }
                int r = in.read(buf, 0, want);
                if (r < 0) break;
                out.write(buf, 0, r);
                out.flush();
                n += r;
                if (down) served.addAndGet(r);
                if (m == Mode.TRICKLE && n > at) Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException ignored) {
            // one side went away
        } finally {
            close(from);
            close(to);
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed already
        }
        close(s);
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
