package dev.postern.app;

import dev.postern.render.Sanitizer;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * postern's SLF4J binding: one line per event, appended to one file, opened on the first event.
 * <p>
 * It replaces slf4j-simple, whose set-up builds a {@code SimpleDateFormat} and with it the calendar and
 * locale-data machinery: a fifth of a short command's start-up. Timestamps here are UTC, formatted by hand.
 * <p>
 * Read from system properties (set by {@link Logging#init} before the first logger): {@code
 * postern.log.file}, a path or {@code System.err} (the attachment worker JVM logs to its stderr), unset
 * meaning stderr; {@code postern.log.level}, one of trace, debug, info (default), warn, error, off. Chatty
 * libraries (PDFBox, POI, GreenMail) log warnings and errors only. Never writes to stdout; if the file
 * cannot be opened, events are dropped rather than shown on a terminal a full-screen reader owns.
 */
public final class FileLogging {
    public static final String FILE = dev.postern.model.LogFile.PROPERTY;
    public static final String LEVEL = "postern.log.level";

    private static final Map<String, Level> QUIET = Map.of("org.apache.pdfbox", Level.WARN, "org.apache.poi", Level.WARN,
            "com.icegreen", Level.WARN);

    private static final Object LOCK = new Object();
    private static PrintStream sink;
    private static LogSink file;
    private static boolean sinkFailed;

    private FileLogging() {}

    /**
     * JVM options for a worker JVM of ours (the attachment reader): this binding, on its stderr (appended to the log),
     * warnings and up; SLF4J's own notices too (its INFO about the named provider was a bare line in the log per start).
     */
    public static java.util.List<String> workerOptions() {
        return java.util.List.of("-Dslf4j.provider=" + Provider.class.getName(), "-Dslf4j.internal.verbosity=WARN",
                "-D" + FILE + "=System.err", "-D" + LEVEL + "=warn");
    }

    /** Registered in META-INF/services and named by {@link Logging#init} through {@code slf4j.provider}. */
    public static final class Provider implements SLF4JServiceProvider {
        private ILoggerFactory loggers;
        private IMarkerFactory markers;
        private MDCAdapter mdc;

        @Override public ILoggerFactory getLoggerFactory() { return loggers; }
        @Override public IMarkerFactory getMarkerFactory() { return markers; }
        @Override public MDCAdapter getMDCAdapter() { return mdc; }
        @Override public String getRequestedApiVersion() { return "2.0.99"; }

        @Override
        public void initialize() {
            Map<String, Logger> made = new ConcurrentHashMap<>();
            loggers = name -> made.computeIfAbsent(name, FileLogger::new);
            markers = new BasicMarkerFactory();
            mdc = new NOPMDCAdapter();
        }
    }

    /** The level below which {@code logger} drops events: the quiet-library table, else the configured one. */
    static int threshold(String logger) {
        for (Map.Entry<String, Level> q : QUIET.entrySet()) {
            if (logger.startsWith(q.getKey())) return Math.max(q.getValue().toInt(), configured());
        }
        return configured();
    }

    private static int configured() {
        String v = System.getProperty(LEVEL, "info").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "trace" -> Level.TRACE.toInt();
            case "debug" -> Level.DEBUG.toInt();
            case "warn", "warning" -> Level.WARN.toInt();
            case "error" -> Level.ERROR.toInt();
            case "off", "none" -> Integer.MAX_VALUE;
            default -> Level.INFO.toInt();
        };
    }

    /** {@code 2026-11-22T16:37:49.123Z} for {@code millis}, without java.text or time-zone data. */
    static String timestamp(long millis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(24);
        b.append(t.getYear()).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append('T');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append('.');
        int ms = (int) Math.floorMod(millis, 1000);
        if (ms < 100) b.append('0');
        if (ms < 10) b.append('0');
        return b.append(ms).append('Z').toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        if (v < 10) b.append('0');
        return b.append(v);
    }

    /**
     * One event as the log holds it: its line, and the stack trace of {@code thrown} after it. The message and the
     * trace quote servers (a greeting, an [ALERT], a NO), mail (a PDF's broken xref, in PDFBox's warning), exception
     * messages and argv: each line goes through the terminal's {@link Sanitizer} (ESC as {@code ^[}, BEL as {@code ^G},
     * C1 and bidi controls as {@code <U+XXXX>}), so {@code tail postern.log} cannot set a title or write the clipboard
     * (hunt36-S, S6) and the line stays one line, greppable.
     */
    static String event(long millis, String thread, Level level, String logger, String message, Throwable thrown) {
        StringBuilder b = new StringBuilder(128);
        b.append(timestamp(millis)).append(' ').append(ProcessHandle.current().pid())
                .append(" [").append(Sanitizer.line(thread)).append("] ").append(level).append(' ')
                .append(Sanitizer.line(logger)).append(" - ").append(lines(message));
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new java.io.PrintWriter(trace));
            b.append(lines(trace.toString()));
        }
        return b.toString();
    }

    /** {@code text} line by line through {@link Sanitizer#logText}, each line ended by the line separator. */
    static String lines(String text) {
        String safe = Sanitizer.logText(text);
        if (safe.endsWith("\n")) safe = safe.substring(0, safe.length() - 1);
        String eol = System.lineSeparator();
        return (eol.equals("\n") ? safe : safe.replace("\n", eol)) + eol;
    }

    static void write(String line) {
        synchronized (LOCK) {
            if (file == null && sink == null && !sinkFailed) open();
            if (file != null) {
                file.write(line); // kept to a size (LogSink)
            } else if (sink != null) {
                sink.print(line);
                sink.flush();
            }
        }
    }

    private static void open() {
        String where = System.getProperty(FILE);
        if (where == null || where.equals("System.err")) {
            sink = System.err;
            return;
        }
        try {
            file = new LogSink(java.nio.file.Path.of(where), LogSink.CAP);
        } catch (RuntimeException e) {
            sinkFailed = true; // no log is better than a log on the screen
        }
    }

    private static final class FileLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient int threshold;

        FileLogger(String name) {
            this.name = name;
            this.threshold = threshold(name);
        }

        @Override public boolean isTraceEnabled() { return threshold <= Level.TRACE.toInt(); }
        @Override public boolean isDebugEnabled() { return threshold <= Level.DEBUG.toInt(); }
        @Override public boolean isInfoEnabled() { return threshold <= Level.INFO.toInt(); }
        @Override public boolean isWarnEnabled() { return threshold <= Level.WARN.toInt(); }
        @Override public boolean isErrorEnabled() { return threshold <= Level.ERROR.toInt(); }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                   Throwable thrown) {
            if (level.toInt() < threshold) return;
            write(event(System.currentTimeMillis(), Thread.currentThread().getName(), level, name,
                    MessageFormatter.basicArrayFormat(pattern, args), thrown));
        }
    }
}
