package dev.postern.index;

import java.util.logging.Logger;

/**
 * Lucene logs through java.util.logging, whose default handler writes to stderr: over the reader's screen, and
 * on Java 21 or later at every run that opens the index ("Using MemorySegmentIndexInput ...", "You are running
 * with Java 23 or later ..."), which is the app image's runtime. Lucene's records go to postern's log file
 * instead (warnings as warnings, the rest as info). Done once, when this index's classes load.
 */
final class LuceneLogging {
    /** Held here: java.util.logging keeps its loggers only weakly, and a collected one forgets its settings. */
    private static final Logger LUCENE = dev.postern.model.JulToLog.route("org.apache.lucene");

    private LuceneLogging() {}

    /** Makes sure the redirection is in place (the class's loading does it). */
    static Logger toLogFile() {
        return LUCENE;
    }
}
