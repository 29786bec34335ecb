package dev.postern.model;

/**
 * Where this process logs, for sentences that send the user there ("details are in ..."): the system property
 * the process's logging set-up ({@code app/Logging}) fills in before the first logger is made.
 */
public final class LogFile {
    /** The property holding the log file's path ({@code System.err} in the attachment worker). */
    public static final String PROPERTY = "postern.log.file";

    private LogFile() {}

    /** The log file's path as the logging set-up chose it, or "the log file" before it ran. */
    public static String where() {
        return System.getProperty(PROPERTY, "the log file");
    }
}
