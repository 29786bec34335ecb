package dev.postern.model;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * A library that logs through java.util.logging (Lucene, Angus Mail) would write to stderr by its default handler: over
 * the reader's screen, or under a command's one sentence. Its records go to postern's log file instead, under the
 * logger's name: warnings as warnings, info as info, the rest as debug.
 */
public final class JulToLog {
    private JulToLog() {}

    /**
     * The java.util.logging logger {@code name}, its records sent to postern's log. Hold the returned logger: the
     * library keeps its loggers only weakly, and a collected one forgets this.
     */
    public static Logger route(String name) {
        Logger jul = Logger.getLogger(name);
        jul.setUseParentHandlers(false);
        jul.addHandler(new Handler() {
            private final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(name);
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
        return jul;
    }
}
