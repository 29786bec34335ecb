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
    private final java.util.function.Consumer<String> doneSink;
    private volatile OutputFailed failed;
    private volatile String done;
    private volatile int doneCode;

    private CheckedOutput(OutputStream to, boolean processStdout, boolean anyFailureIsReaderGone,
            java.util.function.Consumer<String> doneSink) {
        this.to = to;
        this.processStdout = processStdout;
        this.anyFailureIsReaderGone = anyFailureIsReaderGone;
        this.doneSink = doneSink;
    }

    /** This process's file descriptor 1, unbuffered (as {@code System.out} writes it). */
    public static CheckedOutput stdout() {
        return new CheckedOutput(new FileOutputStream(FileDescriptor.out), true, false, null);
    }

    /**
     * A client's output relayed over its socket by an owner: a write fails only when the client went away (it
     * reports its own output's failures), so the command ends quietly, as for a broken pipe.
     */
    public static CheckedOutput toClient(OutputStream frames) {
        return toClient(frames, null);
    }

    /**
     * As {@link #toClient(OutputStream)}; {@code doneSink} takes what the command {@link #done did}, for the client,
     * whose own output may yet fail on it (resident/Wire.DONE).
     */
    public static CheckedOutput toClient(OutputStream frames, java.util.function.Consumer<String> doneSink) {
        return new CheckedOutput(frames, false, true, doneSink);
    }

    /**
     * The command has done what it is for, {@code what} (its own line: "sent ... to ..."), and ends with {@code code},
     * before it prints that: when this output fails from now on, the command still ends with {@code code} and says
     * {@code what} on stderr, with the failure (hunt 34-C, C6). A send, a move, a deletion that happened is never
     * reported as a failure because its report could not be printed: a job runner that retries on non-zero would do
     * it again (send it twice). Output that fails before this is the command's failure (74), as always.
     */
    public void done(String what, int code) {
        this.doneCode = code;
        this.done = what;
        OutputFailed f = failed;
        if (f != null) f.done(what, code);
        if (doneSink != null) doneSink.accept(what);
    }

    /**
     * A new command writes here (the shell's next line): what the last one did is no longer what a failure now
     * interrupts, so a failure is its own again (74 or 141; said once, when it first happened).
     */
    public void nextCommand() {
        done = null;
        OutputFailed f = failed;
        if (f != null) f.done(null, 0);
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
        if (failed == null) {
            failed = new OutputFailed(e, anyFailureIsReaderGone || (processStdout && Terminals.readerGone(e, 1)));
            if (done != null) failed.done(done, doneCode);
        }
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
        OutputFailed f = checked.failure();
        return f.done() != null ? toldDone(f, code, err) : told(f, err);
    }

    static int told(dev.postern.model.OutputFailed f, PrintWriter err) {
        if (f.done() != null) return toldDone(f, f.doneCode(), err);
        if (!f.readerGone() && !f.told()) {
            f.markTold();
            org.slf4j.LoggerFactory.getLogger(CheckedOutput.class).info("standard output failed", f);
            err.println("postern: " + dev.postern.render.Sanitizer.diagnostic(f.getMessage()));
            err.flush();
        }
        return f.status();
    }

    /** What was done, and that it could not be printed (even to a reader gone): {@code code}, the command's own status. */
    private static int toldDone(OutputFailed f, int code, PrintWriter err) {
        if (!f.told()) {
            f.markTold();
            org.slf4j.LoggerFactory.getLogger(CheckedOutput.class).info("standard output failed after the command was done", f);
            err.println("postern: " + dev.postern.render.Sanitizer.diagnostic(doneButUnprinted(f.done(), f.getMessage())));
            err.flush();
        }
        return code;
    }

    /**
     * The sentence for a command done whose report could not be printed: {@code what}, then {@code failure}
     * ("cannot write to standard output (No space left on device)."). resident/Client says the same.
     */
    public static String doneButUnprinted(String what, String failure) {
        return what + "; could not print that: " + failure;
    }

    /** The {@link dev.postern.model.OutputFailed} that {@code e} is or was caused by (a future's wrapping); null when none. */
    public static dev.postern.model.OutputFailed outputFailed(Throwable e) {
        for (int depth = 0; e != null && depth < 20; depth++, e = e.getCause()) {
            if (e instanceof dev.postern.model.OutputFailed f) return f;
        }
        return null;
    }
}
