package dev.postern.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback TCP proxy that passes every byte unchanged, except that the first client line matching a
 * predicate is held back until a hook has run (another client expunging the message, say): a race between
 * postern's listing and its body fetch, made deterministic. The server's bytes are never touched.
 */
final class HookProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final Predicate<String> trigger;
    private final Runnable hook;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    final AtomicInteger triggered = new AtomicInteger();
    /** The client line that fired the hook, for a failure message. */
    volatile String firedOn;

    HookProxy(int upstreamPort, Predicate<String> trigger, Runnable hook) throws IOException {
        this.upstreamPort = upstreamPort;
        this.trigger = trigger;
        this.hook = hook;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "hook-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() { return listener.getLocalPort(); }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                start(() -> clientToServer(client, server));
                start(() -> copy(server, client));
            } catch (IOException e) {
                if (!closed.get()) e.printStackTrace();
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "hook-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void clientToServer(Socket client, Socket server) {
        try (client; server) {
            InputStream in = client.getInputStream();
            OutputStream out = server.getOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b != '\n') continue;
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (trigger.test(text) && fired.compareAndSet(false, true)) {
                    firedOn = text.strip();
                    hook.run();
                    triggered.incrementAndGet();
                }
                out.write(line.toByteArray());
                out.flush();
                line.reset();
            }
        } catch (IOException e) {
            // one side closed
        }
    }

    private static void copy(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        closed.set(true);
        listener.close();
    }
}
