package dev.postern.backend.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A TCP socket whose answers have a deadline, not only its reads a time-out. A read time-out alone lets a
 * server that sends one byte every few seconds hold a command forever; here each answer must be complete
 * within {@link LinkLimits#answer()} of its command going out, plus {@code 1/minBytesPerSecond} s for every
 * byte received, so large answers on slow links still finish.
 *
 * <p>The socket knows nothing of IMAP, POP3 or SMTP: a write is a command going out, so every write re-arms
 * the deadline for the answer that follows; connecting arms it for the greeting. Reads between commands do
 * not happen (the protocols read only after writing), and a protocol that waits on purpose (IMAP IDLE)
 * writes again before the deadline ({@code DONE}), so one rule serves all three protocols. TLS runs on top of
 * this socket, so the handshake and every record are covered too.
 *
 * <p>Writes have a time limit as well (a watchdog closes the socket when one does not finish), replacing
 * Angus's own write time-out so that this is the one socket under TLS. Every fault is reported as one of two
 * exceptions whose messages say what happened, {@link LinkTimeoutException} and {@link LinkLostException}:
 * Angus passes some on only as text, and {@code ConnectionErrors} knows them by it.
 *
 * <p>When its {@link LinkLimits#caps()} name any, it also holds what the server sends to them ({@link AnswerMeter}),
 * until TLS runs over it: then {@link DeadlineSockets#tls} hands the meter to the TLS socket, where the plain text is.
 */
public final class DeadlineSocket extends Socket {
    /** Made on first use: a process that never opens a socket (a command served from the store) makes no thread pool. */
    private static final class Watchdog {
        static final ScheduledExecutorService WATCHDOG = watchdog();
    }
    /** Every deadline socket not yet closed (weakly: one dropped unclosed is not kept alive here). */
    private static final java.util.Set<DeadlineSocket> OPEN =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    private final Socket s;
    private final LinkLimits limits;
    private volatile int readTimeout;
    private volatile long armedAt = System.nanoTime();
    /** When the server's bytes last came in ({@link System#nanoTime}); 0 before any, and after the end of the stream. */
    private volatile long heardAt;
    private volatile long received;
    /** Bytes written since the server last sent any: the command going out, which may still wait in the send buffer. */
    private volatile long written;
    /**
     * How many of {@link #written} may still be in the kernel's send buffer when the last write returned: at most
     * the buffer's size (as the kernel has grown it). The answer's deadline allows for them as for bytes received.
     */
    private volatile long unsent;
    /** Whether anything passed on this connection, either way, since it was made: else a time-out is {@link LinkTimeoutException#SILENT}. */
    private volatile boolean passed;
    private volatile boolean writeExpired;
    /** Closed on purpose by postern ({@link Links#cut}), not lost: what a read or write on it then fails with says so. */
    private volatile boolean cutHere;
    /** The caps on what an answer may carry, counted here while no TLS runs over this socket; null once one does. */
    private volatile AnswerMeter meter;
    /** The meter this connection began with, which keeps counting under TLS: it knows the greeting. */
    private final AnswerMeter firstMeter;
    private InputStream in;
    private OutputStream out;

    DeadlineSocket(Socket s, LinkLimits limits) throws SocketException {
        this.s = s;
        this.limits = limits;
        this.readTimeout = s.getSoTimeout();
        this.meter = limits.caps().equals(AnswerCaps.NONE) ? null : new AnswerMeter(limits.caps(), this::closeQuietly);
        this.firstMeter = meter;
        OPEN.add(this);
    }

    /**
     * Closes every deadline socket still open, for a process about to exit with its work done. A thread blocked
     * in a read on one (a connect waiting for a greeting that never comes, an IDLE) is in native code, and the JVM's
     * exit waits 300 ms for such threads before it gives up on them: every quit with a silent server took that long
     * after the screen was put away. Closed, the read ends at once.
     */
    public static void closeAll() {
        java.util.List<DeadlineSocket> open;
        synchronized (OPEN) {
            open = new java.util.ArrayList<>(OPEN);
        }
        for (DeadlineSocket d : open) d.closeQuietly();
    }

    /** The last POP3 refusal (-ERR line) the server sent on this connection, or "". */
    String lastRefusal() {
        return firstMeter == null ? "" : firstMeter.lastRefusal();
    }

    /** The first line of the last answer on this connection, or "". */
    String lastStatus() {
        return firstMeter == null ? "" : firstMeter.lastStatus();
    }

    /** The first line the server sent on this connection (its greeting), or "" when none came or none is kept. */
    String firstLine() {
        return firstMeter == null ? "" : firstMeter.firstLine();
    }

    /**
     * TLS now runs over this socket: what passes here is records, so the caps move to the TLS socket (the meter
     * handed back, or null when there are none).
     */
    AnswerMeter handOverMeter() {
        AnswerMeter m = meter;
        meter = null;
        return m;
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "postern-write-watchdog");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    /** The answer's clock starts now: a command went out, or the connection was made. */
    private void arm() {
        received = 0;
        armedAt = System.nanoTime();
    }

    /**
     * The answer's clock starts once a command is written, but a write returns as soon as its bytes are in the
     * kernel's send buffer, which on a slow uplink may hold megabytes for minutes (a large APPEND or DATA): they
     * are allowed for at the minimum rate, as bytes received are. A link that stalls after the last write is still
     * found dead: the allowance is only for what the buffer can hold, and only what this command wrote.
     */
    private void armAfterWrite(int len) {
        long w = written + len;
        written = w;
        long buffer;
        try {
            buffer = s.getSendBufferSize();
        } catch (SocketException e) {
            buffer = w;
        }
        unsent = Math.min(w, Math.max(0, buffer));
        arm();
    }

    private void armWithMeter() {
        arm();
        AnswerMeter m = meter;
        if (m != null) m.started();
    }

    private long deadline() {
        return armedAt + limits.answer().toNanos() + (received + unsent) * 1_000_000_000L / limits.minBytesPerSecond();
    }

    private IOException fault(IOException e) {
        if (e instanceof LinkTimeoutException || e instanceof LinkLostException) return e;
        if (e instanceof SocketTimeoutException) {
            LinkTimeoutException t = new LinkTimeoutException(LinkTimeoutException.Limit.READ,
                    LinkTimeoutException.NO_DATA + seconds(readTimeout) + " s" + (passed ? "" : LinkTimeoutException.SILENT));
            t.initCause(e);
            return told(t);
        }
        if (writeExpired) {
            LinkTimeoutException t = new LinkTimeoutException(LinkTimeoutException.Limit.WRITE,
                    LinkTimeoutException.NOT_TAKEN + seconds(limits.write().toMillis()) + " s");
            t.initCause(e);
            return told(t);
        }
        if (cutHere) return (LinkLostException) LinkLostException.cut().initCause(e);
        if (e instanceof SocketException) {
            LinkLostException l = new LinkLostException(LinkLostException.LOST + e.getMessage() + ")", e);
            return l;
        }
        return e;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private LinkTimeoutException answerLate() {
        long allowed = (deadline() - armedAt) / 1_000_000;
        long shown = Math.max(1, (allowed + 500) / 1000);
        // Nothing at all came: that is a server that did not answer, whichever clock (this deadline or the
        // socket's read time-out, both timeout_seconds when no byte came) ran out first.
        LinkTimeoutException t = new LinkTimeoutException(LinkTimeoutException.Limit.ANSWER, received == 0
                ? LinkTimeoutException.NO_DATA + shown + " s" + (passed ? "" : LinkTimeoutException.SILENT)
                : LinkTimeoutException.ANSWER_LATE + shown + " s (" + received + " bytes came)");
        closeQuietly();
        return told(t);
    }

    /** The session's connections this one is of ({@link Links#add}), told of its time-outs; null when none. */
    private volatile Links links;

    void keptIn(Links l) {
        links = l;
    }

    /**
     * {@code t}, told to the session's {@link Links} first: the mail library may drop it from what it throws (a greeting
     * that never came is "failed to create new store connection"), and the account's thread must know it waited.
     */
    private LinkTimeoutException told(LinkTimeoutException t) {
        Links l = links;
        if (l != null) l.timedOut(t);
        return t;
    }

    /** Closes the connection on purpose ({@link Links#cut}): a read or write waiting on it fails at once. */
    void cut() {
        cutHere = true;
        closeQuietly();
    }

    void closeQuietly() {
        OPEN.remove(this);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a dead link
        }
    }

    /** Whether the server's bytes came in within {@code nanos} on this connection, still open and not cut. */
    boolean heardWithin(long nanos) {
        long at = heardAt;
        return at != 0 && System.nanoTime() - at < nanos && !s.isClosed();
    }

    private int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            long left = deadline() - System.nanoTime();
            if (left <= 0) throw answerLate();
            long leftMs = Math.max(1, (left + 999_999) / 1_000_000);
            int user = readTimeout;
            boolean deadlineFirst = user == 0 || leftMs < user;
            try {
                // Inside the try: on a socket closed meanwhile (cut, or closed by closeAll) this is what fails first.
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, deadlineFirst ? leftMs : user));
                int n = in.read(b, off, len);
                heardAt = n > 0 ? System.nanoTime() : 0; // the end of the stream: the server closed it
                if (n > 0) {
                    passed = true;
                    received += n;
                    written = 0; // the server speaks: what was written before has reached it
                    AnswerMeter m = meter;
                    if (m != null) m.received(b, off, n);
                }
                return n;
            } catch (AnswerTooLargeException e) {
                throw e;
            } catch (SocketTimeoutException e) {
                // The deadline, not the read time-out, ended this wait: loop, which either reads on (a write re-armed
                // the deadline meanwhile, as IMAP IDLE's DONE does) or reports the late answer.
                if (!deadlineFirst) throw fault(e);
            } catch (IOException e) {
                throw fault(e);
            }
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        long limit = limits.write().toMillis();
        ScheduledFuture<?> guard = limit <= 0 ? null : Watchdog.WATCHDOG.schedule(() -> {
            writeExpired = true;
            closeQuietly();
        }, limit, TimeUnit.MILLISECONDS);
        passed = true;
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw fault(e);
        } finally {
            if (guard != null) guard.cancel(false);
        }
        // The answer's clock starts when the command has gone out, not when it began to.
        armAfterWrite(len);
        AnswerMeter m = meter;
        if (m != null) m.wrote(b, off, len);
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) in = s.getInputStream();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = DeadlineSocket.this.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                return DeadlineSocket.this.read(b, off, len);
            }

            @Override
            public int available() throws IOException {
                return in.available();
            }

            @Override
            public void close() throws IOException {
                DeadlineSocket.this.close();
            }
        };
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (out == null) out = s.getOutputStream();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                DeadlineSocket.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                DeadlineSocket.this.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw fault(e);
                }
            }

            @Override
            public void close() throws IOException {
                DeadlineSocket.this.close();
            }
        };
    }

    // ---- everything else is the wrapped socket's ------------------------------------------------

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        s.connect(endpoint, timeout);
        armWithMeter();
    }

    @Override public void bind(SocketAddress local) throws IOException { s.bind(local); }
    @Override public InetAddress getInetAddress() { return s.getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return s.getLocalAddress(); }
    @Override public int getPort() { return s.getPort(); }
    @Override public int getLocalPort() { return s.getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return s.getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return s.getLocalSocketAddress(); }
    /** No channel: I/O through a channel would bypass the deadlines. */
    @Override public SocketChannel getChannel() { return null; }
    @Override public void setTcpNoDelay(boolean on) throws SocketException { s.setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return s.getTcpNoDelay(); }
    @Override public void setSoLinger(boolean on, int linger) throws SocketException { s.setSoLinger(on, linger); }
    @Override public int getSoLinger() throws SocketException { return s.getSoLinger(); }
    @Override public void sendUrgentData(int data) throws IOException { s.sendUrgentData(data); }
    @Override public void setOOBInline(boolean on) throws SocketException { s.setOOBInline(on); }
    @Override public boolean getOOBInline() throws SocketException { return s.getOOBInline(); }

    /** The per-read time-out; the socket underneath gets the smaller of it and what is left of the answer's deadline. */
    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        readTimeout = timeout;
        s.setSoTimeout(timeout);
    }

    @Override public int getSoTimeout() { return readTimeout; }
    @Override public void setSendBufferSize(int size) throws SocketException { s.setSendBufferSize(size); }
    @Override public int getSendBufferSize() throws SocketException { return s.getSendBufferSize(); }
    @Override public void setReceiveBufferSize(int size) throws SocketException { s.setReceiveBufferSize(size); }
    @Override public int getReceiveBufferSize() throws SocketException { return s.getReceiveBufferSize(); }
    @Override public void setKeepAlive(boolean on) throws SocketException { s.setKeepAlive(on); }
    @Override public boolean getKeepAlive() throws SocketException { return s.getKeepAlive(); }
    @Override public void setTrafficClass(int tc) throws SocketException { s.setTrafficClass(tc); }
    @Override public int getTrafficClass() throws SocketException { return s.getTrafficClass(); }
    @Override public void setReuseAddress(boolean on) throws SocketException { s.setReuseAddress(on); }
    @Override public boolean getReuseAddress() throws SocketException { return s.getReuseAddress(); }
    @Override public void close() throws IOException {
        OPEN.remove(this);
        s.close();
    }
    @Override public void shutdownInput() throws IOException { s.shutdownInput(); }
    @Override public void shutdownOutput() throws IOException { s.shutdownOutput(); }
    @Override public String toString() { return "DeadlineSocket[" + s + "]"; }
    @Override public boolean isConnected() { return s.isConnected(); }
    @Override public boolean isBound() { return s.isBound(); }
    @Override public boolean isClosed() { return s.isClosed(); }
    @Override public boolean isInputShutdown() { return s.isInputShutdown(); }
    @Override public boolean isOutputShutdown() { return s.isOutputShutdown(); }
    @Override public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        s.setPerformancePreferences(connectionTime, latency, bandwidth);
    }
    @Override public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        s.setOption(name, value);
        return this;
    }
    @Override public <T> T getOption(SocketOption<T> name) throws IOException { return s.getOption(name); }
    @Override public Set<SocketOption<?>> supportedOptions() { return s.supportedOptions(); }
}
