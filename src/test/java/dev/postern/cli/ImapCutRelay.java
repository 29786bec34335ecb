package dev.postern.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback relay in front of an IMAP (or any line-based) server that cuts the link at one command, the way a dropped line
 * does: {@link Cut#BEFORE} resets both sides instead of passing the client's command on, {@link Cut#AFTER}
 * passes it and resets both sides when the server's tagged answer comes, so the server has done it and the
 * client never hears. It can also take {@code MOVE} out of every capability list, making a server without
 * MOVE of one with it. {@link #holdAt} stalls the link at one command instead, as a slow server does: the command is
 * never passed on, and the link stays open until the client closes it ({@link #held}, {@link #released}). Bytes are
 * otherwise passed unchanged, line by line.
 */
public final class ImapCutRelay implements AutoCloseable {
    public enum Cut { BEFORE, AFTER }

    /** Set by {@link #holdAnswerOf}: the armed trigger's command goes through and its tagged answer is kept back. */
    private volatile boolean holdAnswer;
    /** Counted down when the server's tagged answer to the {@link #holdAnswerOf} command came (and was kept back). */
    public final java.util.concurrent.CountDownLatch answerHeld = new java.util.concurrent.CountDownLatch(1);
    /** Set by {@link #holdAt}: the armed trigger stalls its command rather than cut it. */
    private volatile boolean hold;
    /** Counted down when {@link #holdAt} stalls its command, and when the client then closes that link. */
    public final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    public final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    private final ServerSocket listener;
    private final int upstreamPort;
    private final boolean hideMove;
    private volatile Predicate<String> trigger = l -> false;
    private volatile Cut cut = Cut.BEFORE;
    /** IMAP answers a command with a line that starts with its tag; POP3 and SMTP answer with the next line. */
    private volatile boolean tagged = true;
    /** After a cut, refuse every connection (a link that stays down) until {@link #heal}. */
    private volatile boolean staysDown;
    private volatile boolean down;
    /** Cuts made so far. */
    public final AtomicInteger cuts = new AtomicInteger();
    /** Every line the client sent, in order, stripped (a literal's lines too). */
    public final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Set<Link> live = ConcurrentHashMap.newKeySet();
    /** The client line the last armed trigger matched (the command cut before, or whose answer is cut); null before. */
    public volatile String cutLine;

    public ImapCutRelay(int upstreamPort, boolean hideMove) throws IOException {
        this.upstreamPort = upstreamPort;
        this.hideMove = hideMove;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "cut-relay");
    }

    public int port() { return listener.getLocalPort(); }

    /** For POP3 or SMTP: {@link Cut#AFTER} cuts at the server's next line after the command, which is its answer. */
    public ImapCutRelay untagged() {
        tagged = false;
        return this;
    }

    /** The next client line matching {@code on} is cut as {@code how}; once. */
    public ImapCutRelay arm(Predicate<String> on, Cut how, boolean thenStayDown) {
        cut = how;
        staysDown = thenStayDown;
        trigger = on;
        return this;
    }

    /** The next client line matching {@code on} is never passed on, nor answered: the link stalls there; once. */
    public ImapCutRelay holdAt(Predicate<String> on) {
        hold = true;
        trigger = on;
        return this;
    }

    /**
     * The next client line matching {@code on} is passed on and the server does it, but its tagged answer never reaches
     * the client, and the link stays open: a client killed now has had its command done without hearing so; once.
     */
    public ImapCutRelay holdAnswerOf(Predicate<String> on) {
        holdAnswer = true;
        cut = Cut.AFTER;
        trigger = on;
        return this;
    }

    /** A trigger for the {@code n}th command line (1-based) the client sends after this call, on any connection. */
    public static Predicate<String> nthCommand(int n) {
        AtomicInteger seen = new AtomicInteger();
        return line -> line.matches("[A-Za-z0-9]+ [A-Za-z].*\\r?\\n") && seen.incrementAndGet() == n;
    }

    /** A trigger for the {@code n}th line (1-based) the client sends after this call: a POP3 or SMTP command too. */
    public static Predicate<String> nthLine(int n) {
        AtomicInteger seen = new AtomicInteger();
        return line -> seen.incrementAndGet() == n;
    }

    /** Resets every connection open now, as a server that went away between two commands would; new ones pass. */
    public void dropAll() {
        for (Link l : List.copyOf(live)) l.closeBoth();
    }

    public void heal() {
        down = false;
        trigger = l -> false;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Link link = new Link(client, server);
                live.add(link);
                daemon(() -> link.up(), "cut-relay-up");
                daemon(() -> link.down(), "cut-relay-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private final class Link {
        final Socket client;
        final Socket server;
        volatile String cutOnTag;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void up() {
            try (InputStream in = new BufferedInputStream(client.getInputStream()); OutputStream out = server.getOutputStream()) {
                byte[] line;
                while ((line = readLine(in)) != null) {
                    String text = new String(line, StandardCharsets.ISO_8859_1);
                    lines.add(text.strip());
                    if (trigger.test(text)) {
                        trigger = l -> false;
                        cutLine = text.strip();
                        if (hold) {
                            held.countDown();
                            try {
                                while (in.read() >= 0) {
                                    // the client's further bytes are not passed on: the server is stalled for it
                                }
                            } catch (IOException reset) {
                                // closed by the client all the same
                            }
                            released.countDown();
                            closeBoth();
                            return;
                        }
                        if (cut == Cut.BEFORE) {
                            cutNow();
                            return;
                        }
                        cutOnTag = tagged ? text.substring(0, Math.max(0, text.indexOf(' '))) : "";
                    }
                    out.write(line);
                    out.flush();
                }
            } catch (IOException e) {
                closeBoth();
            }
        }

        void down() {
            try (InputStream in = new BufferedInputStream(server.getInputStream()); OutputStream out = client.getOutputStream()) {
                byte[] line;
                while ((line = readLine(in)) != null) {
                    String text = new String(line, StandardCharsets.ISO_8859_1);
                    String tag = cutOnTag;
                    if (tag != null && (tag.isEmpty() || text.startsWith(tag + " "))) {
                        if (holdAnswer) {
                            answerHeld.countDown();
                            while (in.read() >= 0) {
                                // nothing more reaches the client on this link
                            }
                            return;
                        }
                        cutNow();
                        return;
                    }
                    if (hideMove && text.contains("CAPABILITY")) {
                        line = text.replace(" MOVE", "").getBytes(StandardCharsets.ISO_8859_1);
                    }
                    out.write(line);
                    out.flush();
                }
            } catch (IOException e) {
                closeBoth();
            }
        }

        void cutNow() {
            cuts.incrementAndGet();
            if (staysDown) down = true;
            closeBoth();
        }

        void closeBoth() {
            live.remove(this);
            try {
                client.setSoLinger(true, 0);
                client.close();
            } catch (IOException ignored) {
                // already gone
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    /** One line with its line end, or null at the end of the stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (c == '\n') return b.toByteArray();
        }
        return b.size() == 0 ? null : b.toByteArray();
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
