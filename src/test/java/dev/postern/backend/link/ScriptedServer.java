package dev.postern.backend.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback server that plays one script per connection: a real socket peer for tests of what the client
 * does when a server trickles, stalls, cuts the link or answers in its own words.
 */
public final class ScriptedServer implements AutoCloseable {
    /** What the server does with one connection. */
    public interface Script {
        void play(Socket s, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket listener;

    public ScriptedServer(Script script) throws IOException {
        listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            script.play(s, s.getInputStream(), s.getOutputStream());
                        } catch (Exception ignored) {
                            // the client went away
                        }
                    }, "scripted-conn");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-server");
        t.setDaemon(true);
        t.start();
    }

    public int port() { return listener.getLocalPort(); }

    /** Sends {@code text} one byte every {@code millis} ms. */
    public static void trickle(OutputStream out, String text, long millis) throws Exception {
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            out.write(b);
            out.flush();
            Thread.sleep(millis);
        }
    }

    public static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The next line the client sent, without CRLF; null at end of stream. */
    public static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') return b.toString().strip();
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    /** Ends the connection with a TCP reset rather than a close. */
    public static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
