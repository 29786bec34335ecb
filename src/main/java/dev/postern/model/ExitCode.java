package dev.postern.model;

/** Exit codes from sysexits(3): scripts depend on these staying stable. */
public enum ExitCode {
    OK(0), USAGE(64), DATAERR(65), NOINPUT(66), UNAVAILABLE(69), SOFTWARE(70), IOERR(74), TEMPFAIL(75),
    /**
     * The server refused an operation it understood (a folder with children, no permission); its words are quoted. Also
     * postern's own refusal to write through a link or into another user's file (an export's DIR).
     */
    NOPERM(77), CONFIG(78),
    /** Ctrl-C at a question postern asked (a password prompt): 128 + SIGINT, as a process Ctrl-C ended. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) { this.code = code; }

    public int code() { return code; }
}
