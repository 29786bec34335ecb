package dev.postern.index;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Lucene logs through java.util.logging, whose default handler writes to stderr: over the reader's screen, and
 * on Java 21 or later at every run that opens the index ("Using MemorySegmentIndexInput ...", "You are running
 * with Java 23 or later ..."), which is the app image's runtime. Lucene's records go to postern's log file
 * instead (warnings as warnings, the rest as info). Done once, when this index's classes load.
 */
final class LuceneLogging {
    /** Held here: java.util.logging keeps its loggers only weakly, and a collected one forgets its settings. */
    private static final Logger LUCENE = Logger.getLogger("org.apache.lucene");

    static {
        LUCENE.setUseParentHandlers(false);
        LUCENE.addHandler(new Handler() {
            private final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("org.apache.lucene");
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

    private LuceneLogging() {}

    /** Makes sure the redirection is in place (the class's loading does it). */
    static Logger toLogFile() {
        return LUCENE;
    }
}
