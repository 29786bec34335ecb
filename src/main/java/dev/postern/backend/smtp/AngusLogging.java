package dev.postern.backend.smtp;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Angus Mail logs through java.util.logging, whose default handler writes to stderr: a send with UTF-8 commands to a
 * server without SMTPUTF8 printed "INFO: mail.mime.allowutf8 set but server doesn't advertise SMTPUTF8 support" under
 * postern's own sentence. Its records go to postern's log file instead (warnings as warnings, the rest as info).
 */
final class AngusLogging {
    /** Held here: java.util.logging keeps its loggers only weakly, and a collected one forgets its settings. */
    private static final Logger ANGUS = Logger.getLogger("org.eclipse.angus.mail");
    /** Angus names a transport's logger by the package of its class: Submission's is this one. */
    private static final Logger SUBMISSION = Logger.getLogger(Submission.class.getPackageName());

    static {
        toLog(ANGUS);
        toLog(SUBMISSION);
    }

    private static void toLog(Logger jul) {
        jul.setUseParentHandlers(false);
        jul.addHandler(new Handler() {
            private final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("org.eclipse.angus.mail");
            private final SimpleFormatter format = new SimpleFormatter();

            @Override
            public void publish(LogRecord r) {
                String message = r.getLoggerName() + ": " + format.formatMessage(r);
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) log.warn(message);
                else if (r.getLevel().intValue() >= Level.INFO.intValue()) log.info(message);
                else log.debug(message);
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        });
    }

    private AngusLogging() {}

    /** Makes sure the redirection is in place (the class's loading does it). */
    static Logger toLogFile() {
        return ANGUS;
    }
}
