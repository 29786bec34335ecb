package dev.postern.cli;

import dev.postern.model.OutputFailed;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A command's standard output that does not swallow a write error, as {@code PrintStream} and {@code PrintWriter}
 * do: the first {@link IOException} is kept as an {@link OutputFailed} and thrown (unchecked, so it passes the
 * command's writers and stops the command at once), and so is every later write. {@link CommandErrors#settled}
 * turns it into the exit status and the one sentence when the command ends.
 */
public final class CheckedOutput extends OutputStream {
    private final OutputStream to;
    private final boolean processStdout;
    private final boolean anyFailureIsReaderGone;
    private volatile OutputFailed failed;

    private CheckedOutput(OutputStream to, boolean processStdout, boolean anyFailureIsReaderGone) {
        this.to = to;
        this.processStdout = processStdout;
        this.anyFailureIsReaderGone = anyFailureIsReaderGone;
    }

    /** This process's file descriptor 1, unbuffered (as {@code System.out} writes it). */
    public static CheckedOutput stdout() {
        return new CheckedOutput(new FileOutputStream(FileDescriptor.out), true, false);
    }

    /**
     * A client's output relayed over its socket by an owner: a write fails only when the client went away (it
     * reports its own output's failures), so the command ends quietly, as for a broken pipe.
     */
    public static CheckedOutput toClient(OutputStream frames) {
        return new CheckedOutput(frames, false, true);
    }

    /** Whether this is the process's own file descriptor 1 (whose terminal width a row may be cut to). */
    boolean processStdout() { return processStdout; }

    /** The failure, or null while every write went through. */
    public OutputFailed failure() { return failed; }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        OutputFailed f = failed;
        if (f != null) throw f;
        try {
            to.write(b, off, len);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void flush() {
        OutputFailed f = failed;
        if (f != null) throw f;
        try {
            to.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Not closed: file descriptor 1 (or the client's socket) belongs to the process (or the owner). */
    @Override
    public void close() {
        if (failed == null) flush();
    }

    private synchronized OutputFailed fail(IOException e) {
        if (failed == null) failed = new OutputFailed(e, anyFailureIsReaderGone || (processStdout && Terminals.readerGone(e, 1)));
        return failed;
    }
}
