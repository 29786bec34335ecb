package dev.postern.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Lucene's java.util.logging records never reach the root logger's handlers (the console handler writes them to
 * stderr, over the reader's screen; Java 21 and later have Lucene log at every index open): once the index's
 * classes are loaded they go to postern's log file.
 */
class LuceneLoggingTest {
    @Test
    void luceneRecordsDoNotReachTheRootHandlers() throws Exception {
        Class.forName(LuceneIndex.class.getName()); // as opening the index does
        Logger root = Logger.getLogger("");
        List<LogRecord> seen = new ArrayList<>();
        Handler watch = new Handler() {
            @Override public void publish(LogRecord r) { seen.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        root.addHandler(watch);
        try {
            Logger lucene = Logger.getLogger("org.apache.lucene.store.MemorySegmentIndexInputProvider");
            lucene.log(Level.INFO, "Using MemorySegmentIndexInput");
            lucene.log(Level.WARNING, "You are running with Java 23 or later");
            Logger.getLogger("dev.postern.elsewhere").log(Level.WARNING, "not Lucene's");
        } finally {
            root.removeHandler(watch);
        }
        assertEquals(List.of("not Lucene's"), seen.stream().map(LogRecord::getMessage).toList());
    }
}
