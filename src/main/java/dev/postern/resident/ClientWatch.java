package dev.postern.resident;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's side of the socket while the owner queues and runs its command: its frames are read here, on a thread
 * of their own, so that the owner hears at once when the client is interrupted ({@link Wire#CANCEL}: Ctrl-C, SIGTERM,
 * SIGHUP) or goes away (its socket closed: a client killed with {@code kill -9}, or an older one that just exited).
 * Either cancels the command the way Ctrl-C cancels a command in {@code postern shell}: its thread is interrupted,
 * and the command stops at its next safe point (a wait for the controller ends with "interrupted.", a job it waits
 * for is asked to stop, the store's writes finish whole: see store's Uninterruptible). A command still queued
 * behind another stops waiting for its turn, so a client that gave up never holds the queue.
 *
 * <p>{@link Wire#STDIN} frames (the command reads the client's input) are handed to {@link RemoteInput}.
 */
final class ClientWatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);

    /** {@link #why} of a client whose socket closed: nobody to answer. */
    static final int GONE = -1;
    private static final byte[] END = new byte[0];

    private final InputStream in;
    private final Thread command;
    private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    /** 0 while not cancelled; the signal the client sent ({@link Wire#CANCEL}), or {@link #GONE}. */
    private volatile int why;
    private boolean ended;

    private ClientWatch(InputStream in, Thread command) {
        this.in = in;
        this.command = command;
    }

    /** Starts watching {@code in} for the command running (or queued) on this thread. */
    static ClientWatch start(InputStream in) {
        ClientWatch w = new ClientWatch(in, Thread.currentThread());
        Thread t = new Thread(w, "postern-owner-client");
        t.setDaemon(true);
        t.start();
        return w;
    }

    @Override
    public void run() {
        try {
            while (true) {
                Wire.Frame f = Wire.readFrame(in);
                if (f == null) break;
                if (f.type == Wire.STDIN) {
                    stdin.add(f.payload);
                } else if (f.type == Wire.CANCEL) {
                    int sig = f.asInt();
                    cancel(sig > 0 && sig < 64 ? sig : 2);
                    return;
                }
                // another frame: not for a command
            }
        } catch (IOException e) {
            // the client's socket failed: as gone
        }
        cancel(GONE);
    }

    /**
     * The owner is stopping: the command stops at its next safe point as at its client's SIGTERM, but its client was
     * signalled by nobody: it is told 75 (run it again), and the command's wait ends with {@code sentence} (hunt 39-Y, Y6).
     */
    void ownerStops(String sentence) {
        synchronized (this) {
            if (ended || why != 0) return;
            dev.postern.cli.OwnerStopping.stops(command, sentence);
            cancel(15, true);
        }
    }

    private boolean commandSaid;

    /** Whether the command, stopped by its owner, said why itself (its wait ended with the owner's sentence). */
    synchronized boolean commandSaid() { return commandSaid; }

    private volatile boolean ownerStopped;

    /** Whether the command was stopped because its owner stops (not by its client). */
    boolean ownerStopped() { return ownerStopped; }

    private void cancel(int reason) {
        cancel(reason, false);
    }

    private synchronized void cancel(int reason, boolean byOwner) {
        if (ended || why != 0) return;
        why = reason;
        ownerStopped = byOwner;
        LOG.info("the client of the command running {}; stopping it", reason == GONE ? "went away"
                : byOwner ? "loses its owner, which is stopping" : "was interrupted (signal " + reason + ")");
        stdin.add(END);
        command.interrupt();
    }

    /**
     * The command has ended (or was never run): no cancel reaches its thread after this, and an interrupt that came
     * as it ended is cleared, so that the owner's answer and the next command are not cut by it.
     */
    void ended() {
        synchronized (this) {
            ended = true;
            if (dev.postern.cli.OwnerStopping.said(command)) commandSaid = true;
        }
        Thread.interrupted();
    }

    /** Whether the client cancelled the command or went away. */
    boolean cancelled() { return why != 0; }

    /**
     * The exit code a cancelled command's client is told: 128 + the signal, as a process that signal ended; 75 when its
     * owner stopped it (nobody signalled the client: the command is to be run again).
     */
    int exitCode() { return ownerStopped ? dev.postern.model.ExitCode.TEMPFAIL.code() : why > 0 ? 128 + why : 128 + 2; }

    /** Whether there is a client left to answer. */
    boolean clientThere() { return why != GONE; }

    /** The next chunk of the client's input ({@link Wire#STDIN}; empty at its end). */
    byte[] nextStdin() throws IOException {
        try {
            byte[] b = stdin.take();
            if (b == END && cancelled()) throw new InterruptedIOException("the client cancelled the command");
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the client cancelled the command");
        }
    }

    /** The client's stdin, read only when the command reads it: each read asks the client for a chunk. */
    static final class RemoteInput extends InputStream {
        private final ClientWatch watch;
        private final Frames frames;
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean eof;

        RemoteInput(ClientWatch watch, Frames frames) {
            this.watch = watch;
            this.frames = frames;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pos >= chunk.length) {
                if (eof) return -1;
                frames.wantStdin(Math.max(len, 8192));
                byte[] next = watch.nextStdin();
                if (next.length == 0) eof = true;
                chunk = next;
                pos = 0;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
