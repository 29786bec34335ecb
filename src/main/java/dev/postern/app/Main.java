package dev.postern.app;

import dev.postern.cli.CommandErrors;
import dev.postern.cli.PosternCommand;
import dev.postern.cli.Terminals;
import dev.postern.ui.Tui;
import dev.postern.model.ExitCode;
import dev.postern.model.PosternException;
import dev.postern.model.StartupTrace;
import dev.postern.render.Sanitizer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Entry point. Every failure ends as one sentence on stderr and a sysexits code; stack traces go to the
 * log file only. The store is closed on every exit path, including Ctrl-C (shutdown hook).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        StartupTrace.mark("main");
        String refused = dev.postern.model.HomeEnv.refusal(dev.postern.model.HomeEnv.process());
        if (refused != null) {
            System.err.println("postern: " + refused);
            System.exit(ExitCode.CONFIG.code());
        }
        int served = dev.postern.resident.Client.run(args, dev.postern.model.HomeEnv.process(), Postern.class.getName());
        if (served != dev.postern.resident.Client.NOT_SERVED) System.exit(served);
        inProcess(dev.postern.resident.Client.commandLine(args));
    }

    /** The command runs in this process (no owner served it; see {@link Postern}, the jar's entry point). */
    static void inProcess(String[] args) {
        // The JDK's TLS classes take ~80 ms to initialise on a cold JVM; for a command that logs in anyway,
        // a second core does it while this one opens the jar and sets up logging. Pure JDK class set-up.
        if (PosternCommand.startsAhead(args)) dev.postern.backend.TlsTrust.warmUpInBackground();
        zoneInBackground();
        Map<String, String> env = dev.postern.model.HomeEnv.process();
        Logging.init(env);
        // A crash on a thread nobody joins (a library's own thread: the demo's GreenMail failing on a message it
        // cannot parse printed its whole trace) goes to the log file; the terminal gets one sentence.
        Thread.setDefaultUncaughtExceptionHandler(new ToTerminal());
        // The reader, the shell and the daemon serve other postern commands once they hold the store.
        dev.postern.resident.Owner.Role role = dev.postern.resident.Owner.roleOf(args);
        dev.postern.store.StoreHolder.describe(role == dev.postern.resident.Owner.Role.READER ? "the reader"
                : "postern " + dev.postern.cli.CommandNames.firstWord(args));
        if (role != null) AppContext.serveOthers(new Serving.Start(role));
        // Not System.out, whose PrintStream drops a write error: a full disk must not end as success (CheckedOutput).
        int code = run(args, env, dev.postern.cli.CheckedOutput.stdout(), System.err, new TerminalUi());
        StartupTrace.mark("done");
        StartupTrace.threads();
        // The work is done and the store closed: a thread still reading a server (a connect that never got its
        // greeting) would hold the JVM's exit for 300 ms, so its socket is closed first.
        dev.postern.backend.link.DeadlineSocket.closeAll();
        System.exit(code);
    }

    /**
     * Every command shows dates in the local time zone, and the JDK's first look-up of a zone region (its
     * rules' service providers, {@code ZoneRulesProvider}) opens every jar on the class path to look for
     * providers: the shaded jar's directory (16,000 entries; 53,000 and some 35 ms before the parsers had a jar of
     * their own), which nothing else reads when every
     * class comes from the start-up archive, and the JDK's tzdb.dat. A second core does that while this one
     * parses the command line and opens the store; the thread that needs a zone first waits for it, no longer.
     */
    static void zoneInBackground() {
        Thread t = new Thread(() -> {
            try {
                java.time.ZoneId.systemDefault().getRules();
            } catch (RuntimeException e) {
                // the command meets and reports the same problem
            }
        }, "postern-zone-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * An exception no thread caught, said on this process's terminal ({@link #uncaught}). A named class, as {@link Serving.Start}:
     * the archive's training loads it ({@link CdsTraining}), where a lambda here was made at every start (issue 16).
     */
    static final class ToTerminal implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread t, Throwable e) { uncaught(t, e, System.err); }
    }

    /** This process's owner as the context's {@link AppContext.Resident}: told when the store is released, it hands readers over. */
    static final class Serving implements AppContext.Resident {
        private final dev.postern.resident.Owner owner;

        Serving(dev.postern.resident.Owner owner) { this.owner = owner; }

        /** Starts the owner of {@code role} for a context that opens its controller ({@link AppContext#serveOthers}). */
        static final class Start implements java.util.function.Function<AppContext, AppContext.Resident> {
            private final dev.postern.resident.Owner.Role role;

            Start(dev.postern.resident.Owner.Role role) { this.role = role; }

            @Override
            public AppContext.Resident apply(AppContext ctx) { return new Serving(dev.postern.resident.Owner.start(ctx, role)); }
        }

        @Override public void close() { owner.close(); }

        @Override public void storeReleased() { owner.storeReleased(); }
    }

    /**
     * The reader on the process's own terminal. A named class (not an anonymous one) so that the class-data
     * archive's training loads it ({@link CdsTraining}): a short command whose classes all come from the
     * archive never opens the shaded jar (16,000 entries; 53,000 before the parsers had their own jar).
     */
    static final class TerminalUi implements PosternCommand.UiLauncher {
        @Override
        public void prepare() {
            if (Terminals.readerRefusal(Terminals.isTerminal(0), Terminals.isTerminal(1), dev.postern.model.HomeEnv.process()) == null) {
                Tui.prepareTerminal();
            }
        }

        @Override
        public String refusal() {
            return Terminals.readerRefusal(Terminals.isTerminal(0), Terminals.isTerminal(1), dev.postern.model.HomeEnv.process());
        }

        @Override
        public void run(dev.postern.controller.MailController c, String account, String folder) {
            launchTui(dev.postern.ui.TuiOptions.defaults(dev.postern.model.HomeEnv.process()), c, account, folder);
        }

        @Override
        public void run(dev.postern.ui.TuiOptions options, dev.postern.controller.MailController c, String account,
                        String folder) {
            launchTui(options, c, account, folder);
        }
    }

    /** How long the shutdown hook waits, once the context is closed, for the command's last line to be printed. */
    private static final long SAY_WHY_MILLIS = 2_000;

    /** Runs one command line; returns its exit code. Usable in-process by tests. */
    public static int run(String[] args, Map<String, String> env, OutputStream stdout, PrintStream stderr,
            PosternCommand.UiLauncher ui) {
        return run(args, env, System.in, Terminals.isTerminal(0), stdout, stderr, ui);
    }

    /**
     * Runs one command line with the given stdin (a script for `postern shell`); {@code stdinIsTerminal}
     * decides whether passwords can be asked for.
     */
    public static int run(String[] args, Map<String, String> env, java.io.InputStream stdin, boolean stdinIsTerminal,
            OutputStream stdout, PrintStream stderr, PosternCommand.UiLauncher ui) {
        return run(args, env, stdin, stdinIsTerminal, stdout, stderr, ui, true);
    }

    /**
     * As above; {@code plainLinesFirst} false sends every command line through picocli (the test that holds a plain
     * {@code list --cached} read without it, {@link dev.postern.cli.CachedList}, to picocli's output and exit code).
     */
    static int run(String[] args, Map<String, String> env, java.io.InputStream stdin, boolean stdinIsTerminal,
            OutputStream stdout, PrintStream stderr, PosternCommand.UiLauncher ui, boolean plainLinesFirst) {
        String unknownTopic = dev.postern.cli.CommandNames.unknownHelpTopic(args); // postern help NOSUCH: 64
        args = dev.postern.cli.CommandNames.withHelp(args); // postern help [COMMAND]: its --help
        Logging.init(env);
        Logger log = LoggerFactory.getLogger(Main.class);
        StartupTrace.mark("logging");
        // UTF-8, but the terminal's own charset on the process's terminal (LANG=C: '?' for what it cannot show).
        boolean own = stdout instanceof dev.postern.cli.CheckedOutput;
        PrintWriter out = new PrintWriter(dev.postern.ui.TerminalText.writer(stdout,
                dev.postern.model.TerminalCharset.output(env, own && Terminals.isTerminal(1))), true);
        PrintWriter err = new PrintWriter(dev.postern.ui.TerminalText.writer(stderr,
                dev.postern.model.TerminalCharset.output(env, stderr == System.err && Terminals.isTerminal(2))), true);
        if (unknownTopic != null) {
            err.println(dev.postern.cli.CommandNames.noHelpTopic(unknownTopic));
            return ExitCode.USAGE.code();
        }
        PosternCommand root = new PosternCommand(env, ui, new ProcessWiring());
        root.setRawOut(stdout);
        root.setIn(stdin, stdinIsTerminal);
        if (stdinIsTerminal) root.setPasswordPrompt(dev.postern.cli.TerminalPasswordPrompt.system());
        // A plain `list --cached` runs without picocli (issue 16), and prestart has nothing to start for it.
        dev.postern.cli.CachedList listed = plainLinesFirst ? dev.postern.cli.CachedList.of(args) : null;
        // A plain `search --local` the index answers from the store's snapshot runs without picocli or the store.
        dev.postern.cli.LocalSearchLine searched = plainLinesFirst && listed == null ? dev.postern.cli.LocalSearchLine.of(args) : null;
        if (searched != null) {
            Integer answered = answerFromIndex(searched, root, out, err);
            if (answered != null) return dev.postern.cli.CheckedOutput.settled(stdout, answered, err);
        }
        if (listed == null) root.prestart(args);
        StartupTrace.mark("prestarted");
        // Ctrl-C or SIGTERM: the context closes (a job or a compaction stops and tidies up), then, when it stopped one, the command's own
        // thread is given a moment to say so ("interrupted: ...") before the process ends with 128 + the signal.
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread closer = new Thread(() -> {
            dev.postern.cli.Wiring ctx = root.existingContext();
            if (ctx == null) return;
            ctx.close();
            if (!ctx.stoppedWork()) return; // nothing stopped has anything to say: Ctrl-C answers at once
            try {
                finished.await(SAY_WHY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "postern-shutdown");
        if (!dev.postern.model.ShutdownHooks.add(closer)) return 130; // a signal came first: the process is ending
        // Paint first: a plain reader command line runs without picocli (see PosternCommand.readerLine).
        PosternCommand.ReaderLine reader = listed != null || !plainLinesFirst ? null : PosternCommand.readerLine(args);
        CommandLine cl = null;
        if (reader == null && listed == null) {
            cl = PosternCommand.commandLine(root, args);
            StartupTrace.mark("picocli model");
            CommandErrors.handle(cl, out, err);
        }
        int code;
        try {
            code = cl != null ? cl.execute(args)
                    : listed != null ? listed.run(root, out, err, new KeptListings()) : root.openReader(reader);
        } catch (RuntimeException | Error e) { // picocli hands on what its help printing threw (a full stdout), and Errors
            code = CommandErrors.failed(e, err); // a StackOverflowError left main: "internal error on thread main", exit 1 (Q13)
        } finally {
            try {
                if (root.existingContext() != null) {
                    for (String note : root.existingContext().queueNotes()) err.println("postern: " + Sanitizer.diagnostic(note));
                    root.existingContext().close();
                }
            } catch (RuntimeException e) {
                log.warn("closing", e);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs.
            }
            try {
                out.flush();
            } catch (RuntimeException failed) {
                // kept by the stdout's CheckedOutput: settled below
            }
            err.flush();
            finished.countDown();
        }
        return dev.postern.cli.CheckedOutput.settled(stdout, code, err);
    }

    /** {@code searched} answered by the index alone ({@link IndexedSearches}), its exit code; null: nothing printed, run it as before. */
    private static Integer answerFromIndex(dev.postern.cli.LocalSearchLine searched, PosternCommand root, PrintWriter out, PrintWriter err) {
        Integer code;
        try {
            code = searched.answer(root, out, err, new IndexedSearches());
        } catch (RuntimeException | Error e) { // printing failed (a full stdout): as the command's own failure
            code = CommandErrors.failed(e, err);
        }
        if (code == null) return null;
        try {
            if (root.existingContext() != null) root.existingContext().close(); // the config read; nothing was opened
            out.flush();
        } catch (RuntimeException failed) {
            // kept by the stdout's CheckedOutput: settled by the caller
        }
        err.flush();
        return code;
    }

    /**
     * Many command lines in one process against one {@link AppContext} (one store, one connection per account),
     * each with its own stdout, stderr and exit code: what {@code postern shell} does, for tests that run a
     * command per message and should not pay a store opening and a login each time.
     */
    public static final class Session implements AutoCloseable {
        private final Switch out = new Switch();
        private final Switch err = new Switch();
        private final PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        private final PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        private final PosternCommand root;
        private final CommandLine cl;

        public Session(Map<String, String> env, PosternCommand.UiLauncher ui) {
            Logging.init(env);
            root = new PosternCommand(env, ui, new ProcessWiring());
            root.setRawOut(out);
            root.setIn(java.io.InputStream.nullInputStream(), false);
            cl = PosternCommand.commandLine(root, new String[] {"shell"});
            CommandErrors.handle(cl, outWriter, errWriter);
        }

        /** Runs one command line; what it prints goes to {@code stdout} and {@code stderr}. */
        public synchronized int run(OutputStream stdout, OutputStream stderr, String... args) {
            out.target = stdout;
            err.target = stderr;
            try {
                return cl.execute(args);
            } finally {
                outWriter.flush();
                errWriter.flush();
                out.target = OutputStream.nullOutputStream();
                err.target = OutputStream.nullOutputStream();
            }
        }

        @Override
        public void close() {
            if (root.existingContext() != null) root.existingContext().close();
        }

        private static final class Switch extends OutputStream {
            volatile OutputStream target = OutputStream.nullOutputStream();

            @Override public void write(int b) throws java.io.IOException { target.write(b); }

            @Override public void write(byte[] b, int off, int len) throws java.io.IOException { target.write(b, off, len); }

            @Override public void flush() throws java.io.IOException { target.flush(); }
        }
    }

    /** An exception no thread caught: its trace to the log file, one sentence to {@code err}. */
    static void uncaught(Thread t, Throwable e, PrintStream err) {
        uncaught(t, e, err, dev.postern.resident.Owner.current() != null);
    }

    /**
     * As above; {@code resident}: this process owns its data directory for others (a daemon, the reader, the shell), and
     * goes on after a thread of its own dies: then only its main thread's end is said on {@code err}, the owner's
     * terminal; a worker's or a client's request's crash is the log's (hunt 38-Q, Q14: a client's query printed
     * "internal error on thread postern-owner-request" over the open reader's screen).
     */
    static void uncaught(Thread t, Throwable e, PrintStream err, boolean resident) {
        if (dev.postern.cli.CheckedOutput.outputFailed(e) != null) return; // stdout failed on a worker: the command's end says it once
        if (resident && !"main".equals(t.getName())) {
            try {
                LoggerFactory.getLogger(Main.class).error("uncaught on {} (the owner goes on)", t.getName(), e);
            } catch (RuntimeException | Error logFailed) {
                // nothing else may be said: the owner's terminal is not ours to write on
            }
            return;
        }
        String io = dev.postern.model.IoFault.reason(e);
        if (io != null) {
            // The disk's or the device's fault, not postern's: no "internal error", no class name (hunt 33-Y, Y1).
            try {
                LoggerFactory.getLogger(Main.class).warn("I/O failure on {}", t.getName(), e);
            } catch (RuntimeException | Error logFailed) {
                // no log: the sentence below still says it
            }
            err.println("postern: a task in the background could not read or write (" + Sanitizer.diagnostic(io)
                    + "); see the log file.");
            err.flush();
            return;
        }
        OutOfMemoryError memory = dev.postern.model.OutOfMemory.in(e);
        if (memory != null) {
            err.println("postern: " + Sanitizer.diagnostic(dev.postern.model.OutOfMemory.of(memory).getMessage()));
            err.flush();
            return;
        }
        try {
            LoggerFactory.getLogger(Main.class).error("uncaught on {}", t.getName(), e);
        } catch (RuntimeException | Error logFailed) {
            // no log: the sentence below still says it
        }
        err.println("postern: internal error on thread " + Sanitizer.diagnostic(t.getName()) + " ("
                + Sanitizer.diagnostic(String.valueOf(e)) + "); see the log file.");
        err.flush();
    }

    private static void launchTui(dev.postern.ui.TuiOptions options, dev.postern.controller.MailController controller,
                                  String account, String folder) {
        String refusal = Terminals.readerRefusal(Terminals.isTerminal(0), Terminals.isTerminal(1), dev.postern.model.HomeEnv.process());
        if (refusal != null) throw new PosternException(ExitCode.USAGE, refusal);
        // Handed over (its owner stopped): the reader opens where the one served before was, and says why.
        dev.postern.model.SecretEnv.holds(dev.postern.resident.HandoverPlace.ENV); // not for the programs it runs: a postern there is no handover
        String[] place = dev.postern.resident.HandoverPlace.handedOver();
        Tui.handedOver(place);
        try {
            Tui.run(controller, account, folder, options);
        } catch (java.io.IOException e) {
            throw new PosternException(ExitCode.IOERR, "cannot open the terminal (" + e.getMessage() + ").", e);
        } finally {
            // The screen is put away and the user waits for the shell: what a later start catches up by itself is
            // set aside (not a served reader's quit: that runs in an owner that goes on).
            dev.postern.model.Quitting.hurry();
        }
    }

    /** The command tree's wiring in this process: an {@link AppContext} per config, and the demo server. */
    static final class ProcessWiring implements dev.postern.cli.Wiring.Factory {
        @Override
        public dev.postern.cli.Wiring make(Map<String, String> env, java.nio.file.Path configOverride) {
            return new AppContext(env, configOverride);
        }

        @Override
        public dev.postern.cli.DemoMail demo() throws java.io.IOException {
            return dev.postern.app.demo.DemoServer.start();
        }
    }
}
