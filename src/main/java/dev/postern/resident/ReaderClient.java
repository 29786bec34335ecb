package dev.postern.resident;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The reader as a client: when an owner (a reader, {@code postern shell} or {@code postern daemon}) serves the data
 * directory, a second {@code postern} asks it for a reader ({@link Wire#READER}) and relays its terminal: the
 * terminal goes to raw mode (its settings, from {@code stty -g}, put back on every way out: the reader's end, the
 * owner's death, SIGTERM, SIGHUP, Ctrl-C), the bytes typed go to the owner, the screen's bytes come back, size
 * changes (SIGWINCH) follow, and what the owner runs at this terminal ({@link Wire#RUN}: the editor) runs here.
 * While it is served, this process never opens the store. When its owner stops cleanly it hands the data directory
 * over ({@link Wire#HANDOVER}): the terminal is put back and the launch decision ({@link #run}) is made again, so
 * this process either opens the store itself (the reader then runs here, as if started with no owner) or is served
 * by the reader that did.
 */
final class ReaderClient {
    /** As ui.ExactUnixTerminal.RAW has it: Ctrl-C a key, Ctrl-\ no thread dump, Ctrl-S no frozen screen. */
    private static final String[] RAW = {"-echo", "-icanon", "min", "1", "intr", "undef", "quit", "undef", "-ixon"};
    /** The alternate screen with the cursor hidden and pastes bracketed, as the owner's screen had it before a Ctrl-Z. */
    private static final byte[] SCREEN_AWAY = "\033[?1049h\033[?25l\033[?2004h".getBytes(StandardCharsets.US_ASCII);
    /** Sent when the owner died with its screen up (or at Ctrl-Z): pastes plain, colours reset, cursor shown, normal screen. */
    private static final byte[] SCREEN_BACK = "\033[?2004l\033[0m\033[?25h\033[?1049l\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel ch;
    private final InputStream in;
    private final OutputStream out;
    private final Path dataDir;
    private final String saved;
    private final OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    private final OutputStream stderr = new FileOutputStream(FileDescriptor.err);
    private final Object pause = new Object();
    private boolean paused;
    private volatile boolean done;
    private final dev.postern.model.ChildProcesses.Runs children = new dev.postern.model.ChildProcesses.Runs(); // pipes run here: end in restore
    private volatile boolean childRunning;
    private boolean restored;
    private Thread keys;
    /** The account and folder a {@link Wire#HANDOVER} said the reader showed; null when it did not say. */
    private String[] shown;
    /** The signal handlers before this client's ({@link #watchSignals}), put back when it ends: the reader may run here next. */
    private Object oldWinch, oldInt, oldTstp;
    private final ClientSilence silence; // a stopped owner ends the reader with 75, not a frozen screen (F20)
    private volatile Path draft; // the file of the message being written, run in the editor here: KeptDraft
    private final java.util.concurrent.CountDownLatch over = new java.util.concurrent.CountDownLatch(1); // the relay's end

    private ReaderClient(SocketChannel ch, Path dataDir, String saved) {
        this.ch = ch;
        this.in = Wire.input(ch);
        this.out = Wire.output(ch);
        this.dataDir = dataDir;
        this.saved = saved;
        this.silence = ClientSilence.watch(ch, dataDir);
    }

    /** {@link #serveOnce} when the owner handed the data directory over ({@link Wire#HANDOVER}): decide again. */
    static final int HANDED_OVER = -2;
    /** The claim's file in the data directory: held by the one reader that opens the store when no owner answers. */
    static final String TAKEOVER_LOCK = "takeover.lock";
    /** How long readers handed over (or started at once) try to own or be served before giving up with a sentence. */
    private static final long DECIDE_MS = 30_000;
    /** This process's claim on {@link #TAKEOVER_LOCK}, held from the decision to own until the owner serves. */
    private static java.nio.channels.FileChannel claim;

    /**
     * The reader through the owner of its data directory; {@link Client#NOT_SERVED} when none serves it and this
     * process is to open the store (it then holds {@link #TAKEOVER_LOCK}, which {@link #released} lets go once its
     * owner serves). The decision: an owner that answers serves it; with none, one reader at a time may open the
     * store (the one that takes the claim, with store.lock free); another that finds the claim taken waits for that
     * one's socket and is served by it. When the owner hands the data directory over, the decision is made again.
     * {@code clientOnly}: a JVM fit only to relay leaves opening the store to the full JVM its launcher starts next.
     */
    static int run(String[] args, Map<String, String> env, long waitMs, boolean clientOnly) {
        Path config;
        Path dataDir;
        try {
            config = Client.configPath(args, env);
            dataDir = config == null ? null : Client.dataDir(config, env);
        } catch (RuntimeException e) {
            return Client.NOT_SERVED;
        }
        if (dataDir == null || !Client.isTerminal(0) || !Client.isTerminal(1) || !dev.postern.cli.Terminals.cursorAddressable(env)) return Client.NOT_SERVED;
        boolean handedOver = false;
        long deadline = System.nanoTime() + DECIDE_MS * 1_000_000L;
        String[][] shown = new String[1][];
        String[] carried = HandoverPlace.fromEnv(env); // started by the Perl client's HANDOVER: as if it came here
        if (carried != null) {
            shown[0] = carried;
            args = HandoverPlace.startingAt(args, carried);
            env = HandoverPlace.withPlace(env, carried);
            handedOver = true;
        }
        while (true) {
            int given = clientOnly ? StoreWait.FREE : StoreWait.forBatch(dataDir); // a cron `postern sync` has the store
            if (given != StoreWait.FREE) return given;
            int code = serveOnce(args, env, config, dataDir, waitMs, shown);
            if (code == HANDED_OVER) {
                // Started again on the folder it showed (when its command line is a plain one: see reopening), and on its
                // message, served or here (the request's environment, or handedOver).
                if (shown[0] != null) {
                    args = HandoverPlace.startingAt(args, shown[0]);
                    env = HandoverPlace.withPlace(env, shown[0]);
                }
                handedOver = true;
                deadline = System.nanoTime() + DECIDE_MS * 1_000_000L;
                continue;
            }
            if (code != Client.NOT_SERVED || clientOnly) return code;
            int claimed = claim(dataDir);
            if (claimed == 1) return Client.NOT_SERVED; // this process opens the store and becomes the owner
            if (claimed < 0 && !handedOver) return Client.NOT_SERVED; // as before claims: the open says what is wrong
            if (System.nanoTime() > deadline) {
                Client.say("postern: the reader could not take " + dataDir + " over, nor be served by the postern that did,"
                        + " within " + DECIDE_MS / 1000 + " s; start postern again.");
                return Client.TEMPFAIL;
            }
            try {
                Thread.sleep(claimed == 0 ? 50 : 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Client.TEMPFAIL;
            }
        }
    }

    /**
     * Claims the store's opening for this process: 1 when it holds {@link #TAKEOVER_LOCK} with store.lock free and
     * no owner answering (it opens the store); 0 when another reader holds the claim (it opens the store now: wait
     * for its socket); -1 when store.lock is held by a postern that serves nobody (a batch command) or the claim
     * cannot be taken here (no such file can be made): the open meets the lock, as before claims.
     */
    private static synchronized int claim(Path dataDir) {
        if (claim == null) {
            java.nio.channels.FileChannel ch = null;
            try {
                ch = java.nio.channels.FileChannel.open(dataDir.resolve(TAKEOVER_LOCK), java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                try {
                    java.nio.file.Files.setPosixFilePermissions(dataDir.resolve(TAKEOVER_LOCK),
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (IOException | UnsupportedOperationException e) {
                    // the lock works as well
                }
                if (ch.tryLock() == null) {
                    ch.close();
                    return 0;
                }
                claim = ch;
            } catch (IOException | RuntimeException e) {
                close(ch);
                return -1;
            }
        }
        // Held: look again, as an owner may have come up between the last look and the claim.
        SocketChannel owner = Client.connect(SocketFiles.socketFor(dataDir), dataDir, 0);
        if (owner != null) {
            Client.close(owner);
            released();
            return 0;
        }
        if (SocketFiles.lockHeld(dataDir.resolve("store.lock"))) {
            released();
            return -1;
        }
        return 1;
    }

    private static void close(java.nio.channels.FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) {
            // released either way
        }
    }

    /** Lets the claim go: this process's owner serves now (or it gave the store up); other readers may decide. */
    static synchronized void released() {
        close(claim);
        claim = null;
    }

    /**
     * The reader's command line to start again on {@code folder} of {@code account}: {@code args}' config option
     * (as given), then {@code -a ACCOUNT -- FOLDER} (All Inboxes: {@code -- "All Inboxes"}). Null when {@code args}
     * is not a plain reader line (an option other than the config and the account, two folders): it is then
     * started again as it was.
     */
    static String[] reopening(String[] args, String account, String folder) {
        if (account == null || folder == null || account.isEmpty() || folder.isEmpty()) return null;
        java.util.List<String> kept = new java.util.ArrayList<>();
        boolean words = false;
        int folders = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!words && a.equals("--")) {
                words = true;
            } else if (!words && a.equals("--config")) {
                if (i + 1 >= args.length) return null;
                kept.add(a);
                kept.add(args[++i]);
            } else if (!words && (a.equals("-a") || a.equals("--account"))) {
                if (i + 1 >= args.length) return null;
                i++;
            } else if (!words && a.startsWith("--config=")) {
                kept.add(a);
            } else if (!words && a.startsWith("--account=")) {
                continue;
            } else if (!words && a.startsWith("-")) {
                return null;
            } else if (++folders > 1) {
                return null;
            }
        }
        if ("*".equals(account)) { // MailController.UNIFIED: the merged view opens by its name
            kept.add("--");
            kept.add("All Inboxes");
        } else {
            kept.add("-a");
            kept.add(account);
            kept.add("--");
            kept.add(folder);
        }
        return kept.toArray(new String[0]);
    }

    /** One round: served by the owner that answers ({@link #HANDED_OVER} when it hands over), or NOT_SERVED. */
    private static int serveOnce(String[] args, Map<String, String> env, Path config, Path dataDir, long waitMs,
                                 String[][] shown) {
        Path socket = SocketFiles.socketFor(dataDir);
        SocketChannel ch = Client.connect(socket, dataDir, waitMs);
        if (ch == null) return Client.NOT_SERVED;
        String refused = SocketFiles.untrusted(socket);
        if (refused != null) {
            Client.close(ch);
            Client.say("postern: refusing to use the owner's socket: " + refused + "; remove it if no postern runs.");
            return Client.NOPERM;
        }
        String saved = Stty.run(true, "-g");
        if (saved == null || saved.isBlank()) {
            Client.close(ch);
            return Client.NOT_SERVED; // no stty: the reader opens here and says what it can
        }
        ReaderClient client = new ReaderClient(ch, dataDir, saved.strip());
        try {
            int code = client.relay(args, env, config);
            shown[0] = client.shown;
            return code;
        } finally {
            client.silence.end();
            Client.close(ch);
        }
    }

    private int relay(String[] args, Map<String, String> env, Path config) {
        int[] size = Stty.size();
        String[] flatEnv = new String[env.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            flatEnv[i++] = e.getKey();
            flatEnv[i++] = e.getValue();
        }
        try {
            Wire.Request r = new Wire.Request(config.toString(), Path.of("").toAbsolutePath().toString(), args, flatEnv,
                    Wire.FLAG_STDIN_TTY | Wire.FLAG_STDOUT_TTY | (Client.isTerminal(2) ? Wire.FLAG_STDERR_TTY : 0), size[0]);
            byte[] hello = Arrays.copyOf(Wire.MAGIC, Wire.MAGIC.length + 1);
            hello[Wire.MAGIC.length] = (byte) Wire.VERSION;
            byte[] payload = r.encode();
            synchronized (out) {
                out.write(hello);
                Wire.writeFrame(out, Wire.READER, payload, 0, payload.length);
                byte[] s = Wire.ints(size[0], size[1]);
                Wire.writeFrame(out, Wire.WINSIZE, s, 0, s.length);
            }
        } catch (IOException e) {
            return Client.NOT_SERVED; // the owner went before taking the request: the reader opens here
        }
        Thread restore = new Thread(() -> { ownEnd(); restore(true); }, "postern-reader-restore");
        if (!dev.postern.model.ShutdownHooks.add(restore)) { restore(true); return 130; } // a signal came first: ending
        boolean answered = false;
        try {
            Stty.run(false, RAW);
            watchSignals();
            keys = new Thread(this::relayKeys, "postern-reader-keys");
            keys.setDaemon(true);
            keys.start();
            while (true) {
                Wire.Frame f = Wire.readFrame(in);
                if (f == null) break;
                answered = true;
                silence.heard();
                switch (f.type) {
                    case Wire.OUT -> {
                        synchronized (stdout) { // not amid a Ctrl-Z's own bytes (stopped)
                            stdout.write(f.payload);
                            stdout.flush();
                        }
                    }
                    case Wire.ERR -> stderr.write(f.payload);
                    case Wire.RUN -> ran(Wire.strings(f.payload));
                    case Wire.EXIT -> {
                        done = true;
                        restore(false); // the reader's screen was put away by the owner: the terminal is as it was
                        return f.asInt();
                    }
                    case Wire.HANDOVER -> {
                        // The owner stopped cleanly and released the store: the terminal goes back to how it was
                        // (its screen already put away), and the reader starts again here (see run); a message
                        // left in the editor here when it stopped is this client's to keep (KeptDraft).
                        done = true;
                        restore(false);
                        KeptDraft.say(draft, env);
                        awaitKeys();
                        shown = HandoverPlace.of(f.payload);
                        return HANDED_OVER;
                    }
                    default -> { } // a frame of a later version
                }
            }
        } catch (IOException e) {
            // the owner went away: below
        } finally {
            done = true;
            over.countDown();
            restore(true);
            restoreSignals();
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException e) {
                // shutting down: the hook ran
            }
        }
        if (silence.gaveUp()) return silence.say();
        if (!answered) return Client.NOT_SERVED; // an owner of an older build that serves no reader: it opens here
        Client.say("postern: the postern that owns " + dataDir + " stopped, and this reader, which it served, ended with it;"
                + " start postern again.");
        KeptDraft.say(draft, env); // nobody else will: the owner kept it in its temporary directory
        return Client.TEMPFAIL;
    }

    /**
     * Puts the terminal back as it was, once: its stty settings, and when the owner could not put its screen away
     * ({@code screenBack}: it died, or this client was stopped), the normal screen with a visible cursor.
     */
    private synchronized void restore(boolean screenBack) {
        if (restored) return;
        restored = true;
        if (screenBack) show(SCREEN_BACK);
        Stty.run(false, saved);
        children.endAll(dev.postern.model.ChildProcesses.END_GRACE_MS); // a pipe run here still going ends with the reader
    }

    /**
     * This process ends by a signal (SIGTERM, SIGHUP) with a message open on the reader's review screen: the owner keeps
     * it once this client's input ends, and its sentence (where it is) is awaited for up to 10 s and shown here: it
     * comes in milliseconds, but an owner on a loaded machine (ci41b: a full test run beside other builds) took more
     * than the 3 s this waited before, and the user was not told where the message went.
     */
    private void ownEnd() {
        Path d = draft;
        if (done || childRunning || d == null || !java.nio.file.Files.exists(d)) return;
        try {
            ch.shutdownOutput();
            over.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // the owner is gone, or the wait cut: the terminal is put back either way
        }
    }

    /** The bytes typed, to the owner; read only when there are some, so that a program run here gets the terminal. */
    private void relayKeys() {
        InputStream tty = new FileInputStream(FileDescriptor.in);
        byte[] buf = new byte[4096];
        try {
            while (!done) {
                int n = 0;
                synchronized (pause) {
                    while (paused && !done) pause.wait();
                    int ready = tty.available();
                    if (ready > 0) {
                        n = tty.read(buf, 0, Math.min(ready, buf.length));
                        if (n < 0) return;
                    }
                }
                if (n > 0) {
                    synchronized (out) {
                        Wire.writeFrame(out, Wire.TTY_IN, buf, 0, n);
                    }
                } else {
                    Thread.sleep(8);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the owner or the terminal went: the main loop sees it
        }
    }

    /** A RUN from the owner: on this terminal (cooked, the keys left to it), or with its input and output in files. */
    private void ran(String[] words) throws IOException {
        if (words.length < 5) return;
        int id;
        try {
            id = Integer.parseInt(words[0]);
        } catch (NumberFormatException e) {
            return;
        }
        String[] argv = Arrays.copyOfRange(words, 4, words.length);
        if (!words[1].isEmpty() || !words[2].isEmpty()) {
            Thread t = new Thread(() -> answer(id, captured(argv, words[3], words[1], words[2])), "postern-reader-run");
            t.setDaemon(true);
            t.start();
            return;
        }
        if (KeptDraft.of(argv) != null) draft = KeptDraft.of(argv); // the message being written: its file
        synchronized (pause) { paused = true; } // the key relay stops reading: the program gets the terminal
        Object[] result;
        int run = programs.incrementAndGet(); // below: SIGINT a no-op meanwhile (see watchSignals)
        if (oldInt != null) sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> { });
        try {
            Stty.run(false, saved);
            childRunning = true;
            result = runHere(dev.postern.model.SecretEnv.scrub(new ProcessBuilder(argv), words[3]).inheritIO(), null);
        } finally {
            childRunning = false;
            Stty.run(false, RAW);
            if (oldInt != null) exitOnIntAgain(run);
            synchronized (pause) {
                paused = false;
                pause.notifyAll();
            }
        }
        answer(id, result);
    }

    private Object[] captured(String[] argv, String secrets, String input, String output) {
        ProcessBuilder pb = dev.postern.model.SecretEnv.scrub(new ProcessBuilder(argv), secrets).redirectErrorStream(true);
        if (!input.isEmpty()) pb.redirectInput(new java.io.File(input));
        if (!output.isEmpty()) pb.redirectOutput(new java.io.File(output));
        return runHere(pb, children);
    }

    /** {status, failure}: the exit status, or -1 and why it could not start; among {@code runs} when not null. */
    private static Object[] runHere(ProcessBuilder pb, dev.postern.model.ChildProcesses.Runs runs) {
        try {
            return new Object[] {(runs == null ? pb.start() : runs.start(pb)).waitFor(), ""};
        } catch (IOException e) {
            return new Object[] {-1, String.valueOf(e.getMessage())};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Object[] {-1, "interrupted"};
        }
    }

    private void answer(int id, Object[] result) {
        try {
            byte[] p = Wire.ran(id, (Integer) result[0], (String) result[1]);
            synchronized (out) {
                Wire.writeFrame(out, Wire.RAN, p, 0, p.length);
            }
        } catch (IOException e) {
            // the owner went: the main loop sees it
        }
    }

    /**
     * SIGWINCH sends the new size; SIGINT ends the reader (the hook restores the terminal); ran swaps in a no-op while a
     * program runs here (a flag read here failed: the handler's thread ran after that Ctrl-C's program ended, hunt 32-V C2).
     */
    @SuppressWarnings("removal")
    private void watchSignals() {
        try {
            oldWinch = sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> {
                Thread t = new Thread(() -> sendSize(Stty.size()), "postern-reader-resize");
                t.setDaemon(true);
                t.start();
            });
            oldInt = sun.misc.Signal.handle(new sun.misc.Signal("INT"), EXIT_ON_INT);
            oldTstp = sun.misc.Signal.handle(new sun.misc.Signal("TSTP"), s -> stopped());
        } catch (RuntimeException | LinkageError e) {
            // no signals here: the size stays what it was at the start
        }
    }

    /**
     * Ctrl-Z (SIGTSTP from the terminal driver): the normal screen and the terminal's own settings for the shell, the
     * process stopped as SIGTSTP's default action does, and on {@code fg} raw mode, the reader's screen, and its size
     * sent so that the owner redraws every cell. While a program run here has the terminal (an editor), that program
     * handles its own Ctrl-Z and this process just stops beside it.
     */
    @SuppressWarnings("removal")
    private void stopped() {
        boolean ours = !childRunning && !done;
        int[] size;
        // The screen's bytes wait from the normal screen's return to the reader's screen's: the owner's frames that
        // came while this process was stopped must not be drawn over the shell's lines on fg.
        synchronized (stdout) {
            if (ours) {
                show(SCREEN_BACK);
                Stty.run(false, saved);
            }
            try { // SIGSTOP from a kill, as mutt does: the JVM raises only a signal with a Java handler
                new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                // no kill here: the reader goes on as it was (its screen back below)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!ours || done) return;
            Stty.run(false, RAW);
            size = Stty.size();
            show(SCREEN_AWAY);
        }
        sendSize(size); // the owner redraws all at this size
    }

    /** WINSIZE with {@code size} ({columns, rows}) to the owner; a failure is the owner gone, which the main loop sees. */
    private void sendSize(int[] size) {
        try {
            byte[] p = Wire.ints(size[0], size[1]);
            synchronized (out) {
                Wire.writeFrame(out, Wire.WINSIZE, p, 0, p.length);
            }
        } catch (IOException e) {
            // the owner went
        }
    }

    /** {@code bytes} to this terminal at once; a terminal that is gone has nothing left to show. */
    private void show(byte[] bytes) {
        try {
            stdout.write(bytes);
            stdout.flush();
        } catch (IOException e) {
            // the terminal is gone
        }
    }

    private static final sun.misc.SignalHandler EXIT_ON_INT = s -> System.exit(130);
    private final java.util.concurrent.atomic.AtomicInteger programs = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * SIGINT ends the reader again a second after program {@code run} ended, not at once: the JVM hands a signal over on
     * a thread of its own, and the Ctrl-C that ended the editor at times reached the handler put back (ci33c, ci33f). In
     * raw mode Ctrl-C is a key, so only a kill -INT from elsewhere waits that second; a later program keeps its no-op.
     */
    private void exitOnIntAgain(int run) {
        Thread t = new Thread(() -> {
            try { Thread.sleep(1000); } catch (InterruptedException e) { return; }
            if (programs.get() == run && !done) sun.misc.Signal.handle(new sun.misc.Signal("INT"), EXIT_ON_INT);
        }, "postern-reader-int");
        t.setDaemon(true);
        t.start();
    }

    /** Puts back the handlers {@link #watchSignals} replaced: after a handover, the reader opened here sets its own. */
    @SuppressWarnings("removal")
    private void restoreSignals() {
        try {
            if (oldWinch instanceof sun.misc.SignalHandler h) sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), h);
            if (oldInt instanceof sun.misc.SignalHandler h) sun.misc.Signal.handle(new sun.misc.Signal("INT"), h);
            if (oldTstp instanceof sun.misc.SignalHandler h) sun.misc.Signal.handle(new sun.misc.Signal("TSTP"), h);
        } catch (RuntimeException | LinkageError e) {
            // as they are
        }
    }

    /** Waits (briefly: it looks every 8 ms) for the key relay to stop, so no key typed next is read by it. */
    private void awaitKeys() {
        Thread t = keys;
        if (t == null) return;
        try {
            t.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
