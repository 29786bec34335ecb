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

    /**
     * The exit of a command that ran for several accounts (fetch, sync) from its failed accounts' codes: 75 only when
     * every failure is temporary, so cron retries what will mend itself and no more; otherwise the gravest of the
     * others, whatever the order of the accounts (hunt 38-M, M17: [66, ok] was 75 for ever, and [75, 69] and [69, 75]
     * gave different codes). Gravest first: a config to fix, postern's own bug, a refusal that stands, bad data, a
     * missing thing, a usage slip, local I/O, a service not there, interrupted, then temporary. OK when none failed.
     */
    public static ExitCode gravest(java.util.Collection<ExitCode> failures) {
        ExitCode out = OK;
        for (ExitCode e : failures) if (e != OK && rank(e) > rank(out)) out = e;
        return out;
    }

    private static int rank(ExitCode e) {
        return switch (e) {
            case OK -> 0;
            case TEMPFAIL -> 1;
            case INTERRUPTED -> 2;
            case UNAVAILABLE -> 3;
            case IOERR -> 4;
            case USAGE -> 5;
            case NOINPUT -> 6;
            case DATAERR -> 7;
            case NOPERM -> 8;
            case SOFTWARE -> 9;
            case CONFIG -> 10;
        };
    }
}
