package dev.postern;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A local port where nothing listens and nothing can start listening while the test JVM runs: a socket is bound
 * to it (on every address) but never listens, so a connection is refused at once. A port found free and
 * released (a closed ServerSocket) could be taken by a server of a test in a parallel fork, and a command meant to
 * find its server unreachable then talked to another test's GreenMail (OfflineQueueGreenMailTest once got that
 * server's UIDVALIDITY).
 */
public final class ClosedPort {
    private static final List<Socket> HELD = new ArrayList<>();

    private ClosedPort() {}

    public static synchronized int take() {
        try {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(0));
            HELD.add(s);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
