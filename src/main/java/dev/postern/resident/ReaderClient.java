package dev.postern.resident;

import java.io.ByteArrayOutputStream;
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
 * This process never opens the store.
 */
final class ReaderClient {
    /** What Lanterna sets on the process's own terminal for the reader (UnixTerminal with Ctrl-C trapped). */
    private static final String[] RAW = {"-echo", "-icanon", "min", "1", "intr", "undef"};
    /** Sent to the terminal when the owner died with its screen up: colours reset, cursor shown, normal screen. */
    private static final byte[] SCREEN_BACK = "\033[0m\033[?25h\033[?1049l\r\n".getBytes(StandardCharsets.US_ASCII);

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
    private volatile boolean childRunning;
    private boolean restored;

    private ReaderClient(SocketChannel ch, Path dataDir, String saved) {
        this.ch = ch;
        this.in = Wire.input(ch);
        this.out = Wire.output(ch);
        this.dataDir = dataDir;
        this.saved = saved;
    }

    /** The reader through the owner of its data directory; {@link Client#NOT_SERVED} when none serves it. */
    static int run(String[] args, Map<String, String> env, long waitMs) {
        Path config;
        Path dataDir;
        try {
            config = Client.configPath(args, env);
            dataDir = config == null ? null : Client.dataDir(config, env);
        } catch (RuntimeException e) {
            return Client.NOT_SERVED;
        }
        if (dataDir == null || !Client.isTerminal(0) || !Client.isTerminal(1)) return Client.NOT_SERVED;
        Path socket = SocketFiles.socketFor(dataDir);
        SocketChannel ch = Client.connect(socket, dataDir, waitMs);
        if (ch == null) return Client.NOT_SERVED;
        String refused = SocketFiles.untrusted(socket);
        if (refused != null) {
            Client.close(ch);
            Client.say("postern: refusing to use the owner's socket: " + refused + "; remove it if no postern runs.");
            return Client.NOPERM;
        }
        String saved = stty(true, "-g");
        if (saved == null || saved.isBlank()) {
            Client.close(ch);
            return Client.NOT_SERVED; // no stty: the reader opens here and says what it can
        }
        try {
            return new ReaderClient(ch, dataDir, saved.strip()).relay(args, env, config);
        } finally {
            Client.close(ch);
        }
    }

    private int relay(String[] args, Map<String, String> env, Path config) {
        int[] size = size();
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
        Thread restore = new Thread(() -> restore(true), "postern-reader-restore");
        Runtime.getRuntime().addShutdownHook(restore);
        boolean answered = false;
        try {
            stty(false, RAW);
            watchSignals();
            Thread keys = new Thread(this::relayKeys, "postern-reader-keys");
            keys.setDaemon(true);
            keys.start();
            while (true) {
                Wire.Frame f = Wire.readFrame(in);
                if (f == null) break;
                answered = true;
                switch (f.type) {
                    case Wire.OUT -> {
                        stdout.write(f.payload);
                        stdout.flush();
                    }
                    case Wire.ERR -> stderr.write(f.payload);
                    case Wire.RUN -> ran(Wire.strings(f.payload));
                    case Wire.EXIT -> {
                        done = true;
                        restore(false); // the reader's screen was put away by the owner: the terminal is as it was
                        return f.asInt();
                    }
                    default -> { } // a frame of a later version
                }
            }
        } catch (IOException e) {
            // the owner went away: below
        } finally {
            done = true;
            restore(true);
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException e) {
                // shutting down: the hook ran
            }
        }
        if (!answered) return Client.NOT_SERVED; // an owner of an older build that serves no reader: it opens here
        Client.say("postern: the postern that owns " + dataDir + " stopped, and this reader, which it served, ended with it;"
                + " start postern again.");
        return Client.TEMPFAIL;
    }

    /**
     * Puts the terminal back as it was, once: its stty settings, and when the owner could not put its screen away
     * ({@code screenBack}: it died, or this client was stopped), the normal screen with a visible cursor.
     */
    private synchronized void restore(boolean screenBack) {
        if (restored) return;
        restored = true;
        if (screenBack) {
            try {
                stdout.write(SCREEN_BACK);
                stdout.flush();
            } catch (IOException e) {
                // the terminal is gone
            }
        }
        stty(false, saved);
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
        if (words.length < 4) return;
        int id;
        try {
            id = Integer.parseInt(words[0]);
        } catch (NumberFormatException e) {
            return;
        }
        String[] argv = Arrays.copyOfRange(words, 3, words.length);
        if (!words[1].isEmpty() || !words[2].isEmpty()) {
            Thread t = new Thread(() -> answer(id, captured(argv, words[1], words[2])), "postern-reader-run");
            t.setDaemon(true);
            t.start();
            return;
        }
        synchronized (pause) {
            paused = true;
        }
        Object[] result;
        try {
            stty(false, saved);
            childRunning = true;
            result = runHere(new ProcessBuilder(argv).inheritIO());
        } finally {
            childRunning = false;
            stty(false, RAW);
            synchronized (pause) {
                paused = false;
                pause.notifyAll();
            }
        }
        answer(id, result);
    }

    private static Object[] captured(String[] argv, String input, String output) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (!input.isEmpty()) pb.redirectInput(new java.io.File(input));
        if (!output.isEmpty()) pb.redirectOutput(new java.io.File(output));
        return runHere(pb);
    }

    /** {status, failure}: the exit status, or -1 and why it could not start. */
    private static Object[] runHere(ProcessBuilder pb) {
        try {
            return new Object[] {pb.start().waitFor(), ""};
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
     * SIGWINCH sends the new size; SIGINT (Ctrl-C while a program runs here with the terminal cooked) is the
     * program's, not this reader's; outside of one, it ends the reader (the hook restores the terminal).
     */
    @SuppressWarnings("removal")
    private void watchSignals() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> {
                Thread t = new Thread(() -> {
                    int[] size = size();
                    try {
                        byte[] p = Wire.ints(size[0], size[1]);
                        synchronized (out) {
                            Wire.writeFrame(out, Wire.WINSIZE, p, 0, p.length);
                        }
                    } catch (IOException e) {
                        // the owner went
                    }
                }, "postern-reader-resize");
                t.setDaemon(true);
                t.start();
            });
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {
                if (!childRunning) System.exit(130);
            });
        } catch (RuntimeException | LinkageError e) {
            // no signals here: the size stays what it was at the start
        }
    }

    /** {columns, rows} of this terminal ({@code stty size}); 80x24 when it cannot be told. */
    static int[] size() {
        String s = stty(true, "size");
        if (s != null) {
            String[] w = s.strip().split("\\s+");
            if (w.length == 2) {
                try {
                    int rows = Integer.parseInt(w[0]);
                    int cols = Integer.parseInt(w[1]);
                    if (rows > 0 && cols > 0) return new int[] {cols, rows};
                } catch (NumberFormatException e) {
                    // below
                }
            }
        }
        return new int[] {80, 24};
    }

    /** Runs stty on this terminal (its standard input); its output when {@code capture}, null when it failed. */
    static String stty(boolean capture, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            if (!capture) pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (capture) p.getInputStream().transferTo(b);
            return p.waitFor() == 0 ? b.toString(StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
