package dev.postern.model;

/**
 * Standard output could not be written: a full disk or {@code /dev/full} (74, one sentence), or a reader that went
 * away ({@code postern list | head -1}: a broken pipe, or an owner's client gone), which ends the command quietly
 * with 141, as a Unix tool that SIGPIPE ends. Thrown at the first failed write so that the command stops there
 * instead of producing output for nobody; whoever ends the command ({@code cli.CommandErrors}) reports it once.
 */
public final class OutputFailed extends PosternException {
    private static final long serialVersionUID = 1L;

    /** The exit status after a broken pipe: 128 + SIGPIPE, what a shell shows for a tool that SIGPIPE ended. */
    public static final int BROKEN_PIPE = 141;

    private final boolean readerGone;
    private volatile boolean told;
    private volatile String done;
    private volatile int doneCode;

    public OutputFailed(java.io.IOException cause, boolean readerGone) {
        super(ExitCode.IOERR, "cannot write to standard output (" + reason(cause) + ").", cause);
        this.readerGone = readerGone;
    }

    private static String reason(java.io.IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The reader of the output went away (a broken pipe): nothing to say, exit {@link #BROKEN_PIPE}. */
    public boolean readerGone() { return readerGone; }

    /** The exit status this failure ends the command with: 141 for a reader gone, else 74. */
    public int status() { return readerGone ? BROKEN_PIPE : ExitCode.IOERR.code(); }

    /** Whether its sentence was said (once is enough, however many writes failed). */
    public boolean told() { return told; }

    public void markTold() { told = true; }

    /**
     * The command had already done what it is for (sent, moved, deleted: cli.CheckedOutput#done) when the output
     * failed: {@code what} is its own line, {@code code} the status it ends with, whatever became of its output.
     */
    public void done(String what, int code) {
        this.doneCode = code;
        this.done = what;
    }

    /** What the command had done when its output failed, or null when it had changed nothing yet. */
    public String done() { return done; }

    /** The status a command that {@link #done() had done} its work ends with. */
    public int doneCode() { return doneCode; }
}
