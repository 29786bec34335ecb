package dev.postern.backend.smtp;

import java.util.logging.Logger;

/**
 * Angus Mail logs through java.util.logging, whose default handler writes to stderr: a send with UTF-8 commands to a
 * server without SMTPUTF8 printed "INFO: mail.mime.allowutf8 set but server doesn't advertise SMTPUTF8 support" under
 * postern's own sentence. Its records go to postern's log file instead (warnings as warnings, the rest as info).
 */
final class AngusLogging {
    /** Held here: java.util.logging keeps its loggers only weakly, and a collected one forgets its settings. */
    private static final Logger ANGUS = dev.postern.model.JulToLog.route("org.eclipse.angus.mail");
    /** Angus names a transport's logger by the package of its class: Submission's is this one. */
    private static final Logger SUBMISSION = dev.postern.model.JulToLog.route(Submission.class.getPackageName());

    private AngusLogging() {}

    /** Makes sure the redirection is in place (the class's loading does it). */
    static Logger toLogFile() {
        return ANGUS;
    }
}
