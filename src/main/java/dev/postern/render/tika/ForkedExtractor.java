package dev.postern.render.tika;

import dev.postern.render.AttachmentTextExtractor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachment text from Tika in a separate, long-lived JVM ({@link ExtractorMain}) under hard limits: a
 * time-out per attachment (the worker's CPU time, {@link CpuDeadline}) after which the JVM is killed, a heap cap after which it exits,
 * a cap on input bytes and on output characters. A zip bomb, an entity bomb or a looping parser costs
 * one worker process, which is started again for the next attachment; postern itself never parses.
 *
 * <p>One request at a time (synchronized): the renderer runs on a small pool and attachments are rare
 * enough that a second worker would cost more memory than it saves time.
 */
public final class ForkedExtractor implements AttachmentTextExtractor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ForkedExtractor.class);

    /**
     * @param timeout      per attachment, after the worker is up: the worker's CPU time, and at most three times as
     *                     much wall clock ({@link CpuDeadline})
     * @param startTimeout for the worker JVM to start and load its parsers
     * @param maxChars     output cap; the text is cut there and marked truncated
     * @param maxInputBytes attachments larger than this are not parsed at all
     * @param heapMb       the worker's -Xmx
     */
    public record Limits(Duration timeout, Duration startTimeout, int maxChars, long maxInputBytes, int heapMb) {
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(20), Duration.ofSeconds(60), 200_000, 64L << 20, 256);
        }
    }

    private final Limits limits;
    private final List<String> command;
    private final Path logFile;
    private final ScheduledExecutorService watchdog;
    private volatile Process process;
    /** The worker's own java.io.tmpdir (0700), removed with the worker: a killed parse leaves no spool files. */
    private Path tmpDir;
    private DataOutputStream toWorker;
    private DataInputStream fromWorker;
    private int starts;
    private volatile boolean closed;
    private boolean missingLogged;

    public ForkedExtractor(Limits limits, Path logFile) {
        this(limits, logFile, ExtractorMain.class.getName(), List.of());
    }

    /**
     * @param workerLogging JVM options that set up the worker's logging (the application's SLF4J binding, its
     *     file and level): given by the wiring, which owns logging, so this layer names no logging class
     */
    public ForkedExtractor(Limits limits, Path logFile, List<String> workerLogging) {
        this(limits, logFile, ExtractorMain.class.getName(), workerLogging);
    }

    /** @param mainClass the worker's main class; tests substitute a misbehaving one */
    public ForkedExtractor(Limits limits, Path logFile, String mainClass) {
        this(limits, logFile, mainClass, List.of());
    }

    private ForkedExtractor(Limits limits, Path logFile, String mainClass, List<String> workerLogging) {
        this.limits = limits;
        this.logFile = logFile;
        this.command = command(limits, mainClass, workerLogging);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attachment-reader-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    static List<String> command(Limits limits, String mainClass) {
        return command(limits, mainClass, List.of());
    }

    static List<String> command(Limits limits, String mainClass, List<String> workerLogging) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xmx" + limits.heapMb() + "m");
        c.add("-XX:+ExitOnOutOfMemoryError");
        // HotSpot prints "Terminating due to java.lang.OutOfMemoryError" on stdout, the protocol channel.
        c.add("-XX:+DisplayVMOutputToStderr");
        c.add("-XX:+UseSerialGC");
        // C1 only: the worker's life is dominated by loading Tika, PDFBox and POI; measured 2-3x faster to
        // the first attachment's text (bench/render.md), and no slower on small documents after that.
        c.add("-XX:TieredStopAtLevel=1");
        c.add("-Xss1m");
        c.add("-Xshare:auto");
        c.add("-Djava.awt.headless=true");
        // Defence in depth under Tika's and POI's own hardened XML readers.
        c.add("-Djavax.xml.accessExternalDTD=");
        c.add("-Djavax.xml.accessExternalSchema=");
        c.add("-Djavax.xml.accessExternalStylesheet=");
        c.add("-Djdk.xml.entityExpansionLimit=2000");
        c.add("-Djdk.xml.totalEntitySizeLimit=1000000");
        c.addAll(workerLogging);
        c.add("-cp");
        c.add(classPath(codeSource(), System.getProperty("java.class.path")));
        c.add(mainClass);
        return c;
    }

    /** The jar of Tika's parsers and their libraries, beside postern's own jar (the build's second jar). */
    static final String PARSERS_JAR = "postern-tika.jar";

    /** What the user reads when the parsers' jar is not where postern's jar is. */
    static final String NO_PARSERS = PARSERS_JAR + " is missing beside postern.jar; reinstall postern to read attachments as text";

    /**
     * The worker's class path. From the shaded jar (the build tree, the .deb, the app image): that jar and the
     * parsers' jar beside it, which only this JVM opens (the main process reads postern.jar's directory alone, about
     * a third of the entries). From classes, or from an unshaded jar with its libraries beside it on the class path
     * (tests, an IDE, failsafe's forks, a thin jar): the class path as it is, which holds the parsers already; that
     * jar alone lacks the libraries the shaded jar brings (PDFBox, SLF4J), and a worker given it died at start.
     *
     * @param codeSource where this class came from; null when the JVM does not say (a class from Java 25's AOT cache,
     *     as in the app image, has no location): then the first jar of the class path (the launchers' entry jar,
     *     whose Class-Path brings in postern.jar)
     * @return null when postern runs from a jar and the parsers' jar is not beside it
     */
    static String classPath(Path codeSource, String javaClassPath) {
        return classPath(codeSource, javaClassPath, holdsParsers());
    }

    /** {@link #classPath(Path, String)} with the class path's contents given (for tests). */
    static String classPath(Path codeSource, String javaClassPath, boolean holdsParsers) {
        if (holdsParsers && javaClassPath != null && !javaClassPath.isEmpty()) return javaClassPath;
        if (codeSource == null) codeSource = firstJar(javaClassPath);
        if (codeSource == null || !java.nio.file.Files.isRegularFile(codeSource)) return javaClassPath;
        Path parsers = codeSource.resolveSibling(PARSERS_JAR);
        if (!java.nio.file.Files.isRegularFile(parsers)) {
            // postern.jar may be a link to the build's (as in a hand-made install): then beside its target.
            try {
                parsers = codeSource.toRealPath().resolveSibling(PARSERS_JAR);
            } catch (IOException e) {
                return null;
            }
            if (!java.nio.file.Files.isRegularFile(parsers)) return null;
        }
        return codeSource + java.io.File.pathSeparator + parsers;
    }

    /**
     * Whether Tika is on this JVM's class path (never so from the shaded jar, which leaves it to postern-tika.jar).
     * A resource lookup, not a class load: the main process loads no Tika class.
     */
    static boolean holdsParsers() {
        ClassLoader loader = ForkedExtractor.class.getClassLoader();
        return loader != null && loader.getResource("org/apache/tika/io/TikaInputStream.class") != null;
    }

    /** Where this class was loaded from: postern.jar, or a directory of classes; null when unknown. */
    private static Path codeSource() {
        try {
            java.security.CodeSource source = ForkedExtractor.class.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException | SecurityException
                | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    private static Path firstJar(String javaClassPath) {
        if (javaClassPath == null) return null;
        for (String entry : javaClassPath.split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                try {
                    return Path.of(entry);
                } catch (java.nio.file.InvalidPathException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** How many times a worker JVM was started (for tests and the bench). */
    public synchronized int starts() {
        return starts;
    }

    @Override
    public synchronized Extraction extract(byte[] content, String type) {
        if (closed) return new Extraction(Status.UNAVAILABLE, "postern is shutting down");
        if (content.length > limits.maxInputBytes()) return new Extraction(Status.TOO_LARGE, "");
        if (command.contains(null)) { // the class path: null when the parsers' jar is missing (classPath)
            if (!missingLogged) log.warn("the attachment reader cannot start: {}", NO_PARSERS);
            missingLogged = true;
            return new Extraction(Status.UNAVAILABLE, NO_PARSERS);
        }
        try {
            ensureStarted();
        } catch (IOException e) {
            log.warn("the attachment reader did not start", e);
            stop();
            return new Extraction(Status.UNAVAILABLE, "the attachment reader did not start; see the log");
        }
        Process p = process;
        AtomicBoolean timedOut = new AtomicBoolean();
        CpuDeadline kill = CpuDeadline.start(watchdog, p.toHandle(), limits.timeout(), () -> {
            timedOut.set(true);
            p.destroyForcibly();
        });
        try {
            toWorker.writeUTF(type);
            toWorker.writeInt(limits.maxChars());
            toWorker.writeInt(content.length);
            toWorker.write(content);
            toWorker.flush();
            int magic = fromWorker.readUnsignedShort();
            if (magic != ExtractorMain.ANSWER) throw new IOException("unexpected answer from the attachment reader: " + magic);
            int status = fromWorker.readUnsignedByte();
            int length = fromWorker.readInt();
            // UTF-8 needs at most 3 bytes per UTF-16 char; more means the worker is not speaking the protocol.
            if (status >= Status.values().length || length < 0 || length > limits.maxChars() * 3L + 4096) {
                throw new IOException("unexpected answer from the attachment reader: status " + status + ", " + length + " bytes");
            }
            byte[] text = fromWorker.readNBytes(length);
            if (text.length != length) throw new IOException("the attachment reader's answer was cut short");
            return new Extraction(Status.values()[status], new String(text, StandardCharsets.UTF_8));
        } catch (IOException e) {
            stop();
            if (closed) return new Extraction(Status.UNAVAILABLE, "postern is shutting down");
            if (timedOut.get()) {
                log.warn("attachment reader stopped after {} on a {} of {} bytes", limits.timeout(), type, content.length);
                return new Extraction(Status.TIMEOUT, "");
            }
            log.warn("attachment reader failed on a {} of {} bytes", type, content.length, e);
            return new Extraction(Status.FAILED, "the attachment reader stopped (out of memory or crashed)");
        } finally {
            kill.cancel();
        }
    }

    private void ensureStarted() throws IOException {
        if (process != null && process.isAlive()) return;
        stop();
        tmpDir = privateTempDir();
        List<String> argv = new ArrayList<>(command);
        argv.add(1, "-Djava.io.tmpdir=" + tmpDir);
        ProcessBuilder pb = dev.postern.model.SecretEnv.scrub(new ProcessBuilder(argv));
        // Appended to by name (the JVM opens it, following links): only while it is the user's own regular file, which
        // in a sticky /tmp nobody else can swap; a link or another user's file there since (hunt36-S, S8) gets nothing.
        boolean canLog = logFile != null && logFile.getParent() != null && java.nio.file.Files.isDirectory(logFile.getParent())
                && dev.postern.model.OwnFiles.kind(logFile) == dev.postern.model.OwnFiles.Kind.OWN_FILE;
        pb.redirectError(canLog ? ProcessBuilder.Redirect.appendTo(logFile.toFile()) : ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        starts++;
        process = p;
        toWorker = new DataOutputStream(new BufferedOutputStream(p.getOutputStream(), 1 << 16));
        fromWorker = new DataInputStream(new BufferedInputStream(p.getInputStream(), 1 << 16));
        ScheduledFuture<?> kill = watchdog.schedule(p::destroyForcibly, limits.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            int ready = fromWorker.read();
            if (ready != ExtractorMain.READY) throw new IOException("the attachment reader did not become ready (" + ready + ")");
        } finally {
            kill.cancel(false);
        }
    }

    private void stop() {
        Process p = process;
        process = null;
        if (p != null) {
            closeQuietly(toWorker);
            closeQuietly(fromWorker);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dev.postern.model.PrivateTemp.remove(tmpDir);
        tmpDir = null;
    }

    /** The worker's temporary directory: owner-only, removed when it stops or when postern is ended meanwhile. */
    private static Path privateTempDir() throws IOException {
        return dev.postern.model.PrivateTemp.directory("postern-tika-");
    }

    /** The current worker, or null when none runs (for tests). Not synchronized: a test signals it mid-request. */
    ProcessHandle worker() {
        Process p = process;
        return p == null ? null : p.toHandle();
    }

    /** The current worker's temporary directory, or null when none runs (for tests). */
    synchronized Path tmpDir() {
        return tmpDir;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) c.close();
        } catch (IOException ignored) {
            // The worker is being killed anyway.
        }
    }

    /**
     * Kills the worker at once, without waiting for an attachment in progress (whose caller gets
     * UNAVAILABLE, which is not cached): shutting down must not wait for a slow parse.
     */
    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) p.destroyForcibly();
        watchdog.shutdownNow();
        synchronized (this) {
            stop();
        }
    }
}
