package dev.postern.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a POP3 server that misbehaves on cue: once the client sends
 * {@code RETR <n>} for the chosen message, it either passes on a few hundred bytes of the answer and
 * then cuts both connections ({@link Mode#CUT}), or stops passing anything on while keeping the
 * connection open ({@link Mode#STALL}) — a server that stops answering. {@link Mode#SILENT} accepts
 * connections and never says anything, not even a greeting.
 */
final class Pop3Proxy implements AutoCloseable {
    enum Mode { PASS, CUT, STALL, SILENT }

    private final ServerSocket listener;
    private final int upstreamPort;
    private final String trigger;
    private volatile Mode mode;
    final AtomicInteger triggered = new AtomicInteger();
    /** System.nanoTime() when the trigger last passed (STALL, CUT) or a connection was last taken (SILENT); 0: never. */
    volatile long lastEventNanos;
    private final AtomicBoolean closed = new AtomicBoolean();

    Pop3Proxy(int upstreamPort, Mode mode, int retrNumber) throws IOException {
        this.upstreamPort = upstreamPort;
        this.mode = mode;
        this.trigger = "RETR " + retrNumber + "\r\n";
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "pop3-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() { return listener.getLocalPort(); }

    void mode(Mode m) { mode = m; }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                Socket client = listener.accept();
                if (mode == Mode.SILENT) {
                    lastEventNanos = System.nanoTime();
                    continue; // keep it open, say nothing
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                AtomicBoolean fired = new AtomicBoolean();
                Mode m = mode;
                start(() -> pumpClient(client, server, fired));
                start(() -> pumpServer(server, client, fired, m));
            } catch (IOException e) {
                if (!closed.get()) e.printStackTrace();
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "pop3-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void pumpClient(Socket client, Socket server, AtomicBoolean fired) {
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                line.append((char) b);
                if (b == '\n') {
                    // Armed before the command's last byte goes on: the server cannot answer an unfinished
                    // line, so none of the answer slips through before the pump on the other side knows.
                    // (Armed after, a busy machine let a whole RETR answer pass first: the stall never came.)
                    if (line.toString().equalsIgnoreCase(trigger) && !fired.get()) {
                        triggered.incrementAndGet();
                        lastEventNanos = System.nanoTime();
                        fired.set(true);
                    }
                    line.setLength(0);
                }
                out.write(b);
                if (b == '\n') out.flush();
            }
        } catch (IOException ignored) {
            // the other side closed
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void pumpServer(Socket server, Socket client, AtomicBoolean fired, Mode m) {
        try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buf = new byte[1];
            int afterTrigger = 0;
            while (in.read(buf) > 0) {
                if (fired.get() && m == Mode.STALL) {
                    // Swallow everything from now on; the client waits for an answer that never comes.
                    continue;
                }
                out.write(buf);
                if (fired.get() && m == Mode.CUT && ++afterTrigger >= 300) {
                    out.flush();
                    closeQuietly(client);
                    closeQuietly(server);
                    return;
                }
                if (in.available() == 0) out.flush();
            }
        } catch (IOException ignored) {
            // cut or closed
        } finally {
            if (m != Mode.STALL) {
                closeQuietly(client);
                closeQuietly(server);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        closed.set(true);
        listener.close();
    }
}
