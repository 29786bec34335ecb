package dev.postern.resident;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The thin client: when an owner (the reader, {@code postern shell} or {@code postern daemon}) serves the
 * data directory a command line works on, sends the command line there and relays its output and exit code.
 *
 * <p>Runs first in {@code main}, before picocli, Jakarta Mail, MapDB or Tika is loaded; it loads this
 * class, {@link Wire}, {@link SocketFiles}, the config's TOML parser and the JDK's Unix socket classes, and
 * nothing else of postern. Hence the style: no lambdas, no string concatenation, no records (each costs a
 * cold JVM its bootstrap classes).
 */
public final class Client {
    private Client() {}

    /** {@link #run} returns this when no owner serves the data directory: run the command in this process. */
    public static final int NOT_SERVED = -1;

    /**
     * The system property a launcher sets, to its own path, on a JVM it starts as a client alone: started because
     * an owner seemed to serve (a live pid under {@link SocketFiles#ownersDir}), with the client's own small
     * archive, this JVM is fit only to relay. When no owner serves after all, {@link #runInFullJvm} runs the
     * launcher again for the full JVM, having done nothing itself.
     */
    public static final String CLIENT_ONLY = "postern.client.only";

    /** Set to {@code none} in the environment of the launcher {@link #runInFullJvm} starts: no fast client again. */
    static final String CLIENT_ENV = "POSTERN_CLIENT";

    /**
     * Runs {@code launcher args} with {@code POSTERN_CLIENT=none}, on this process's standard input, output and
     * error, and returns its exit code (128 + the signal when one ended it). When this JVM is stopped first (a
     * signal, a timeout's SIGTERM), it stops that one too, as it would have stopped had it been this process.
     */
    public static int runInFullJvm(String launcher, String[] args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = launcher;
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.inheritIO();
        pb.environment().put(CLIENT_ENV, "none");
        Process full;
        try {
            full = pb.start();
        } catch (IOException | RuntimeException e) {
            say(new StringBuilder("postern: cannot run ").append(launcher).append(": ").append(e.getMessage()).toString());
            return 69;
        }
        Thread stop = new StopOnExit(full);
        if (!dev.postern.model.ShutdownHooks.add(stop)) { // a signal came first: the process is ending
            full.destroy();
            return 130;
        }
        while (true) {
            try {
                int code = full.waitFor();
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
                return code;
            } catch (InterruptedException e) {
                // keep waiting: this JVM ends when that one does
            }
        }
    }

    /**
     * The JDK finds its selector provider (which every socket channel needs) by a service lookup on the class
     * path first, and this jar's Class-Path names the shaded jar: that lookup opened its directory (53,000 entries then, 16,000 now), 35-50 ms
     * of a client's 190 (bench/RESIDENT.md). Naming the JDK's own Linux provider, which the lookup would have
     * settled on, skips it. Only on Linux, only when nobody chose another, before the first channel opens.
     */
    private static void defaultSelectorProvider() {
        try {
            if (System.getProperty("java.nio.channels.spi.SelectorProvider") == null && "Linux".equals(System.getProperty("os.name"))) {
                System.setProperty("java.nio.channels.spi.SelectorProvider", "sun.nio.ch.EPollSelectorProvider");
            }
        } catch (RuntimeException e) {
            // a security manager said no: the lookup then runs, only slower
        }
    }

    /** {@link #runInFullJvm}'s shutdown hook (a named class: the client jar lists its classes by name). */
    static final class StopOnExit extends Thread {
        private final Process full;

        StopOnExit(Process full) {
            this.full = full;
        }

        @Override
        public void run() {
            full.destroy();
        }
    }

    /**
     * The reader's command line after a handover ({@link Wire#HANDOVER}) named the folder it showed: what this
     * process runs when it is not served after all ({@link #commandLine}); null when none did.
     */
    static volatile String[] startAgain;

    /** The command line this process runs when {@link #run} returned {@link #NOT_SERVED}: {@code args}, or the reader's after a handover. */
    public static String[] commandLine(String[] args) {
        String[] again = startAgain;
        return again != null ? again : args;
    }

    /** Exit codes (model.ExitCode, not loaded here). */
    static final int TEMPFAIL = 75, NOPERM = 77, UNAVAILABLE = 69;

    /** How long a client waits for an owner that holds the store's lock but does not listen yet. */
    private static final long OWNER_START_WAIT_MS = 5000;

    /**
     * Runs {@code args} through the data directory's owner when there is one; returns its exit code, or
     * {@link #NOT_SERVED}. Never throws: whatever it cannot decide leaves the command to this process.
     */
    public static int run(String[] args, Map<String, String> env, String entry) {
        return run(args, env, false, entry);
    }

    /**
     * As {@link #run(String[], Map, String)}; {@code clientOnly} is a JVM the launcher started as a client alone (its
     * own small archive, no JIT; {@link #CLIENT_ONLY}): when no owner serves, it leaves everything else (taking over
     * from a daemon, starting one) to the full JVM the launcher starts next. {@code entry} is the class whose
     * {@code main} a daemon started for {@code start_daemon} runs (the caller's: app's entry, which this layer
     * does not name).
     */
    public static int run(String[] args, Map<String, String> env, boolean clientOnly, String entry) {
        defaultSelectorProvider();
        if (!dev.postern.cli.CommandNames.isCommand(subcommandName(args)) && !asksForHelp(args)) {
            // The reader: an owner (a reader, a shell, a daemon) serves it to this terminal; with none, it opens here.
            try {
                return ReaderClient.run(args, env, OWNER_START_WAIT_MS, clientOnly);
            } catch (java.nio.file.InvalidPathException e) {
                return NOT_SERVED; // a path the locale cannot encode: the reader's own start names it (exit 78)
            } catch (RuntimeException e) {
                say(new StringBuilder("postern: the reader could not reach the postern that owns the mail (").append(e)
                        .append("); run it again.").toString());
                return 70;
            }
        }
        if (!forwardable(args, env)) return NOT_SERVED;
        Path config;
        Path dataDir;
        try {
            config = configPath(args, env);
            if (config == null) return NOT_SERVED;
            dataDir = dataDir(config, env);
            if (dataDir == null) return NOT_SERVED;
        } catch (RuntimeException e) {
            return NOT_SERVED; // the command reads the config again and says what is wrong
        }
        int code = send(args, env, config, dataDir, OWNER_START_WAIT_MS);
        if (code == NOT_SERVED && !clientOnly && startsDaemon(config) && !"daemon".equals(subcommandName(args)) && startDaemon(config, entry)) {
            code = send(args, env, config, dataDir, OWNER_START_WAIT_MS);
        }
        return code;
    }

    /** {@code start_daemon = true} at the top of the config: with no owner, start one and send the command there. */
    static boolean startsDaemon(Path config) {
        try {
            dev.postern.config.toml.TomlParseResult parsed = dev.postern.config.toml.Toml.parse(
                    new String(dev.postern.config.toml.TomlFile.bytes(config), StandardCharsets.UTF_8));
            return !parsed.hasErrors() && Boolean.TRUE.equals(parsed.table().get("start_daemon"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs {@code postern daemon start} (which returns once the daemon serves, or says why not) with this JVM's
     * java, options and class path; false when it did not succeed (the command then runs in this process).
     * It is a JVM of its own rather than a call to {@code Residence}: this class is the client jar's, and may name
     * nothing outside it (ClientJarIT), not even an exception class to catch.
     */
    private static boolean startDaemon(Path config, String entry) {
        try {
            java.util.List<String> cmd = new java.util.ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(entry);
            cmd.add("--config");
            cmd.add(config.toString());
            cmd.add("daemon");
            cmd.add("start");
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT); // why it could not start, in its own words
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return pb.start().waitFor() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean asksForHelp(String[] args) {
        if ("help".equals(subcommandName(args))) return true; // postern help [COMMAND]: run here, as --help
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return true;
        }
        return false;
    }

    /**
     * Whether the command line may run in an owner: not the reader (no command, or a FOLDER), which needs its own
     * screen; not an interactive shell; not the demo, which has a data directory of its own.
     */
    static boolean forwardable(String[] args, Map<String, String> env) {
        String named = subcommandName(args);
        if (!dev.postern.cli.CommandNames.isCommand(named)) return false; // the reader, on that folder
        if (named.equals("demo")) return false;
        if (asksForHelp(args)) return false; // usage is printed here: no owner needed, and asking never acts (Z0)
        if (named.equals("shell") && isTerminal(0)) return false;
        return true;
    }

    /** The first argument that is not a root option or its value (a command's name, or the reader's FOLDER); null when none. */
    static String subcommandName(String[] args) {
        return dev.postern.cli.CommandNames.firstWord(args);
    }

    /** The config file the command line would read, absolute; null when it cannot be told. */
    static Path configPath(String[] args, Map<String, String> env) {
        String given = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) break;
            if (a.equals("--config") && i + 1 < args.length) given = args[++i];
            else if (a.startsWith("--config=")) given = a.substring("--config=".length());
        }
        if (given != null) return Path.of(given).toAbsolutePath().normalize();
        return xdg(env, "XDG_CONFIG_HOME", ".config").resolve("postern").resolve("config.toml");
    }

    /** As config.ConfigLoader: data_dir from the config, or $XDG_DATA_HOME/postern; null when unreadable. */
    static Path dataDir(Path config, Map<String, String> env) {
        String text;
        try {
            text = new String(dev.postern.config.toml.TomlFile.bytes(config), StandardCharsets.UTF_8); // F13: capped
        } catch (IOException e) {
            return null;
        }
        dev.postern.config.toml.TomlParseResult parsed = dev.postern.config.toml.Toml.parse(text);
        if (parsed.hasErrors()) return null;
        Object dir = parsed.table().get("data_dir");
        if (dir == null) return xdg(env, "XDG_DATA_HOME", ".local/share").resolve("postern");
        if (!(dir instanceof String)) return null;
        String s = (String) dir;
        if (s.equals("~") || s.startsWith("~/")) {
            s = new StringBuilder(home(env)).append(s.substring(1)).toString();
        }
        Path p = Path.of(s);
        // As ConfigLoader.beside: a relative data_dir is beside the config file, not in the working directory.
        if (!p.isAbsolute() && config.getParent() != null) p = config.getParent().resolve(p);
        return p.toAbsolutePath().normalize();
    }

    private static Path xdg(Map<String, String> env, String var, String fallbackUnderHome) {
        String v = env.get(var);
        if (v != null && !v.isBlank() && Path.of(v).isAbsolute()) return Path.of(v);
        return Path.of(home(env)).resolve(fallbackUnderHome);
    }

    private static String home(Map<String, String> env) {
        String h = env.get("HOME");
        return h != null ? h : System.getProperty("user.home");
    }

    /**
     * Sends the command line to the owner of {@code dataDir}; {@link #NOT_SERVED} when none listens. When the store's lock is
     * held and no socket is there yet, waits up to {@code waitMs} for an owner that is starting (two started at once: the one
     * that lost the lock becomes a client of the other). An owner that does not answer ({@link ClientSilence}): 75.
     */
    public static int send(String[] args, Map<String, String> env, Path config, Path dataDir, long waitMs) {
        Path socket = SocketFiles.socketFor(dataDir);
        for (int attempt = 0; ; attempt++) {
            SocketChannel ch = connect(socket, dataDir, waitMs);
            if (ch == null) return NOT_SERVED;
            String refused = SocketFiles.untrusted(socket);
            if (refused != null) {
                close(ch);
                say(new StringBuilder("postern: refusing to use the owner's socket: ").append(refused)
                        .append("; remove it if no postern runs.").toString());
                return NOPERM;
            }
            ClientSilence silence = ClientSilence.watch(ch, dataDir, args, env); // a stopped owner: 75, not a hang (F20)
            int code;
            try {
                code = exchange(ch, args, env, config, dataDir, silence);
                if (silence.gaveUp()) return silence.say();
            } finally {
                silence.end();
                close(ch);
            }
            // Not taken (hunt 37-J, J4): connect again, which waits out a stopping owner's store or reaches a new owner; twice: here.
            if (code != NOTHING_TAKEN || attempt > 0) return code == NOTHING_TAKEN ? NOT_SERVED : code;
        }
    }

    /** No frame came, not even {@link Wire#ACCEPTED} (sent once a request is read): not taken, as {@link Wire#NOT_TAKEN}. */
    private static final int NOTHING_TAKEN = -2;

    static SocketChannel connect(Path socket, Path dataDir, long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        while (true) {
            if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                SocketChannel ch = null;
                try {
                    ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    return ch;
                } catch (IOException e) {
                    close(ch); // refused: a stale socket (its owner died); whoever opens the store next replaces it
                }
            }
            // No one listens. An owner holding store.lock may be starting: wait for its socket.
            // (Or a batch command runs in its own process: waiting lets it finish, and this one then runs here.)
            if (waitMs <= 0 || System.nanoTime() > deadline) return null;
            if (!SocketFiles.lockHeld(dataDir.resolve("store.lock"))) return null;
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static int exchange(SocketChannel ch, String[] args, Map<String, String> env, Path config, Path dataDir,
                                ClientSilence silence) {
        ClientStdout stdout = new ClientStdout(new FileOutputStream(FileDescriptor.out), ClientJson.of(args)); // Y3: ClientJson
        OutputStream stderr = new FileOutputStream(FileDescriptor.err);
        boolean sent = false;
        Interrupt interrupt = null;
        try {
            InputStream in = Wire.input(ch);
            OutputStream out = Wire.output(ch);
            boolean outTty = isTerminal(1);
            int flags = (isTerminal(0) ? Wire.FLAG_STDIN_TTY : 0) | (outTty ? Wire.FLAG_STDOUT_TTY : 0)
                    | (isTerminal(2) ? Wire.FLAG_STDERR_TTY : 0);
            int columns = outTty ? columns(env) : 0;
            String[] flatEnv = Wire.flatEnv(env, System.getProperty("sun.jnu.encoding", "UTF-8"));
            Wire.Request r = new Wire.Request(config.toString(), Path.of("").toAbsolutePath().toString(), args, flatEnv,
                    flags, columns);
            byte[] hello = new byte[Wire.MAGIC.length + 1];
            System.arraycopy(Wire.MAGIC, 0, hello, 0, Wire.MAGIC.length);
            hello[Wire.MAGIC.length] = (byte) Wire.VERSION;
            boolean written;
            try {
                out.write(hello);
                byte[] payload = r.encode();
                Wire.writeFrame(out, Wire.REQUEST, payload, 0, payload.length);
                written = true;
            } catch (IOException e) {
                // The owner may have answered and hung up before reading (a refusal): what it sent is still
                // there to read. Only when nothing was sent did it never take the command.
                written = false;
            }
            sent = written;
            if (written) interrupt = Interrupt.install(out);
            byte[] buf = null;
            boolean answered = false;
            boolean accepted = false;
            boolean errOpen = true;
            while (true) {
                Wire.Frame f;
                try {
                    f = Wire.readFrame(in);
                } catch (IOException e) {
                    if (answered) throw e;
                    f = null; // reset before a frame: nothing was taken
                }
                if (f == null && interrupt != null && interrupt.signal != 0) return 128 + interrupt.signal;
                if (f == null) return answered ? ClientJson.ownerGone(silence, stdout) : NOTHING_TAKEN;
                answered = true;
                sent = true;
                silence.heard();
                switch (f.type) {
                    case Wire.OUT: { // our own output failing: see ClientStdout
                        int failed = stdout.relay(f.payload);
                        if (failed != 0) return failed;
                        break;
                    }
                    case Wire.DONE:
                        stdout.done(f.payload);
                        break;
                    case Wire.ERR:
                        if (errOpen) errOpen = relay(stderr, f.payload);
                        break;
                    case Wire.STDIN_WANTED: {
                        int want = Math.max(1, Math.min(f.asInt(), 1 << 16));
                        if (buf == null || buf.length < want) buf = new byte[want];
                        int n = System.in.read(buf, 0, want);
                        silence.relayed(buf, n); // kept, should the owner be lost before the command ends (ClientStdin)
                        synchronized (out) {
                            Wire.writeFrame(out, Wire.STDIN, buf, 0, Math.max(n, 0));
                        }
                        break;
                    }
                    case Wire.ACCEPTED:
                        accepted = true;
                        break;
                    case Wire.EXIT:
                        // Interrupted here: never success, whatever the command had come to (128 + the signal).
                        if (interrupt != null && interrupt.signal != 0) return 128 + interrupt.signal;
                        if (f.asInt() == TEMPFAIL && !accepted && !"daemon".equals(subcommandName(args))) return olderDaemon(dataDir);
                        return f.asInt();
                    case Wire.NOT_TAKEN:
                        if (interrupt != null && interrupt.signal != 0) return 128 + interrupt.signal; // not run anywhere: as asked
                        return NOT_SERVED; // the owner was stopping and has released the store: run it here
                    default:
                        break; // a frame of a later version: not for us
                }
            }
        } catch (IOException e) {
            if (!sent) return NOT_SERVED; // the owner went away before taking the command: run it here
            if (interrupt != null && interrupt.signal != 0) return 128 + interrupt.signal;
            return ClientJson.ownerGone(silence, stdout);
        } finally {
            if (interrupt != null) interrupt.uninstall();
        }
    }

    /**
     * Ctrl-C, SIGTERM or SIGHUP while the owner runs this client's command: the owner is asked to stop it
     * ({@link Wire#CANCEL}) and this client exits with 128 + the signal, as the command run in its own process would,
     * once the owner has answered or after {@link #CANCEL_WAIT_MS} at most; a second signal exits at once. A signal
     * this process was started ignoring (a job put in the background by a script) stays ignored, as the JVM leaves it.
     * A named class, not a lambda (see the class comment).
     */
    static final class Interrupt implements sun.misc.SignalHandler {
        private static final String[] SIGNALS = {"INT", "TERM", "HUP"};
        private final OutputStream out;
        private final sun.misc.SignalHandler[] before = new sun.misc.SignalHandler[SIGNALS.length];
        private final java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        volatile int signal;

        private Interrupt(OutputStream out) { this.out = out; }

        static Interrupt install(OutputStream out) {
            Interrupt h = new Interrupt(out);
            for (int i = 0; i < SIGNALS.length; i++) {
                try {
                    sun.misc.Signal sig = new sun.misc.Signal(SIGNALS[i]);
                    h.before[i] = sun.misc.Signal.handle(sig, h);
                    // Ignored when this process started (the JVM then installs nothing): left ignored.
                    if (h.before[i] == sun.misc.SignalHandler.SIG_IGN) sun.misc.Signal.handle(sig, sun.misc.SignalHandler.SIG_IGN);
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    // not a signal this JVM may handle: its default stays
                }
            }
            return h;
        }

        void uninstall() {
            answered.countDown();
            for (int i = 0; i < SIGNALS.length; i++) {
                if (before[i] == null) continue;
                try {
                    sun.misc.Signal.handle(new sun.misc.Signal(SIGNALS[i]), before[i]);
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    // left as it is: this process is ending
                }
            }
        }

        @Override
        public void handle(sun.misc.Signal sig) {
            if (signal != 0) System.exit(128 + signal); // a second Ctrl-C: at once
            signal = sig.getNumber();
            try {
                synchronized (out) {
                    Wire.writeInt(out, Wire.CANCEL, signal);
                }
            } catch (IOException e) {
                // the owner is gone: nothing runs there
            }
            try {
                if (answered.await(CANCEL_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) return; // exchange returns the code
            } catch (InterruptedException e) {
                // exit now
            }
            System.exit(128 + signal);
        }
    }

    /** How long an interrupted client waits for the owner to confirm that the command stopped. */
    static final long CANCEL_WAIT_MS = 150;

    /** Exit statuses of a client whose own output failed (model.OutputFailed's, not loaded here). */
    static final int IOERR = 74;
    static final int BROKEN_PIPE = 141;

    /** Writes {@code b} to this process's own error output; false when that is gone (a closed pipe). */
    private static boolean relay(OutputStream to, byte[] b) {
        try {
            to.write(b);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * 75 before the owner took the command: an owner of another build (or protocol) refused it, as after an upgrade. This
     * build's owners take a command before refusing it; an older daemon does not go away by itself (this build's hands the
     * command back instead), so its 75 had cron retry for ever (hunt 35-B, B1): 69, and what ends it. Else 75 stands.
     */
    private static int olderDaemon(Path dataDir) {
        long pid = SocketFiles.lockHolder(dataDir.resolve("store.lock"));
        if (!SocketFiles.daemon(pid)) return TEMPFAIL;
        say(new StringBuilder("postern: that daemon (pid ").append(pid).append(") runs another build of postern and does")
                .append(" not stop by itself, so running the command again will not help; stop it once: postern daemon stop").toString());
        return UNAVAILABLE;
    }

    private static int columns(Map<String, String> env) {
        // The owner cannot see this terminal; its width goes with the request (COLUMNS first, as ls).
        return dev.postern.cli.Terminals.columns(env, 1);
    }

    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of(new StringBuilder("/proc/self/fd/").append(fd).toString())).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static void say(String sentence) {
        try {
            OutputStream err = new FileOutputStream(FileDescriptor.err);
            err.write(new StringBuilder(sentence).append('\n').toString().getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            // nowhere to say it
        }
    }

    static void close(SocketChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) { /* closed */ }
    }
}
