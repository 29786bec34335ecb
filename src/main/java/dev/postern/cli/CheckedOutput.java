package dev.postern.cli;

import dev.postern.model.OutputFailed;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * A command's standard output that does not swallow a write error, as {@code PrintStream} and {@code PrintWriter}
 * do: the first {@link IOException} is kept as an {@link OutputFailed} and thrown (unchecked, so it passes the
 * command's writers and stops the command at once), and so is every later write. {@link #settled}
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

    /**
     * The exit status of a command that returned {@code code} having written to {@code stdout}: when a write to it
     * failed (caught on the way, or only at the last flush), that failure's (74, its sentence said once; 141 for a
     * reader gone, said nothing), whatever the command returned. Here, not in CommandErrors: a plain
     * {@code list --cached} line settles its stdout without picocli, whose classes CommandErrors' verification loads
     * (LauncherIT).
     */
    public static int settled(java.io.OutputStream stdout, int code, PrintWriter err) {
        if (!(stdout instanceof CheckedOutput checked) || checked.failure() == null) return code;
        return told(checked.failure(), err);
    }

    static int told(dev.postern.model.OutputFailed f, PrintWriter err) {
        if (!f.readerGone() && !f.told()) {
            f.markTold();
            org.slf4j.LoggerFactory.getLogger(CheckedOutput.class).info("standard output failed", f);
            err.println("postern: " + dev.postern.render.Sanitizer.diagnostic(f.getMessage()));
            err.flush();
        }
        return f.status();
    }

    /** The {@link dev.postern.model.OutputFailed} that {@code e} is or was caused by (a future's wrapping); null when none. */
    public static dev.postern.model.OutputFailed outputFailed(Throwable e) {
        for (int depth = 0; e != null && depth < 20; depth++, e = e.getCause()) {
            if (e instanceof dev.postern.model.OutputFailed f) return f;
        }
        return null;
    }
}
