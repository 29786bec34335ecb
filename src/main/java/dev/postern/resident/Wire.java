package dev.postern.resident;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The owner's socket protocol. A client opens with {@link #MAGIC} and {@link #VERSION}, then sends one
 * {@link #REQUEST} frame; the owner answers with {@link #OUT}, {@link #ERR} and {@link #STDIN_WANTED}
 * frames as the command runs and ends with one {@link #EXIT}. A frame is a type byte, a 4-byte length
 * (big-endian) and that many bytes. The client sends {@link #STDIN} frames only when asked (an empty one is
 * end of input), so a command that never reads its input never makes the client read it.
 *
 * <p>Written with no lambdas and no string concatenation: the client loads this class before it knows
 * whether it needs the rest of postern, and each of those costs a cold JVM dozens of classes.
 */
public final class Wire {
    private Wire() {}

    static final byte[] MAGIC = {'P', 'S', 'T', 'N'};
    static final int VERSION = 1;

    /**
     * This build of postern: its version and the real path, size and time (whole seconds) of the jar it was loaded
     * from, taken when this class loads (at an owner's start); the Perl client computes the same from its launcher's jar. An owner started before an upgrade replaced the jar is another build
     * than the client of the new one: it refuses the command with a sentence rather than run it with old code
     * (or fail loading a class from a jar that changed under it). Loaded from the client jar (the launchers'
     * entry), the jar named is the shaded one beside it, whose code the command runs: a client started through
     * either jar of one build is the same build to an owner started through the other.
     */
    static final String BUILD = build();

    /** The launchers' entry jar, the thin client alone; its manifest's Class-Path names {@link #FULL_JAR} beside it. */
    static final String CLIENT_JAR = "postern-client.jar";
    static final String FULL_JAR = "postern.jar";

    /** The shaded jar this build's code runs from (beside the client jar when loaded from that); null when unknown. */
    static java.nio.file.Path fullJar() {
        java.nio.file.Path jar = null;
        try {
            jar = java.nio.file.Path.of(Wire.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // A class mapped from Java 25's AOT cache (the app image) has no code source: the class path says it.
            String cp = System.getProperty("java.class.path", "");
            for (String entry : cp.split(java.io.File.pathSeparator)) {
                java.nio.file.Path p = java.nio.file.Path.of(entry);
                java.nio.file.Path n = p.getFileName();
                if (n != null && (n.toString().equals(CLIENT_JAR) || n.toString().equals(FULL_JAR))) {
                    jar = p.toAbsolutePath();
                    break;
                }
            }
            if (jar == null) return null;
        }
        java.nio.file.Path name = jar.getFileName();
        if (name != null && name.toString().equals(CLIENT_JAR)) jar = jar.resolveSibling(FULL_JAR);
        return jar;
    }

    private static String build() {
        String version = "unknown";
        try (java.io.InputStream in = Wire.class.getResourceAsStream("/dev/postern/version.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                version = p.getProperty("version", version).strip();
            }
        } catch (IOException e) {
            // the jar's identity below still tells builds apart
        }
        try {
            java.nio.file.Path jar = fullJar();
            if (jar == null) return version;
            if (java.nio.file.Files.exists(jar)) {
                // Whole seconds, and the real path: what packaging/client/postern-client.pl computes from its launcher's
                // jar with Perl's own stat (a package's files have whole-second times anyway). A directory of classes
                // (tests) is named so too: its size and time stand for the build as well as anything.
                jar = jar.toRealPath();
                return version + " (" + jar + ", " + java.nio.file.Files.size(jar) + " bytes, "
                        + java.nio.file.Files.getLastModifiedTime(jar).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")";
            }
            return version + " (" + jar + ")";
        } catch (IOException | RuntimeException e) {
            return version;
        }
    }

    static final int REQUEST = 1;
    static final int OUT = 2;
    static final int ERR = 3;
    static final int STDIN_WANTED = 4;
    static final int STDIN = 5;
    static final int EXIT = 6;

    // A served reader (a second `postern` while an owner serves the data directory): the terminal is relayed.
    // The client sends READER (a Request's payload: the reader's own args, its environment, flags and width)
    // in place of REQUEST, then WINSIZE at once and on every change, and TTY_IN with the bytes typed; the owner
    // answers with OUT (the screen's bytes), ERR (a sentence), RUN (run an argv at your terminal) and EXIT, or
    // HANDOVER in place of EXIT when the owner stopped cleanly and the client is to start the reader again.
    // The client answers RUN with RAN. Older owners close on a first frame other than REQUEST: the client
    // then opens the reader in process, as before (and meets the store's lock).

    /** Client to owner, the first frame of a served reader: a {@link Request}'s payload. */
    static final int READER = 7;
    /** Client to owner: the terminal's size, two ints (columns, rows). */
    static final int WINSIZE = 8;
    /** Client to owner: bytes typed at the client's terminal (raw mode). */
    static final int TTY_IN = 9;
    /**
     * Owner to client: strings ({@link #strings}): an id, a file for standard input and one for output (both "": on
     * the terminal, given over to it), the names of the variables to take out of the program's environment (the
     * config's password_env, model.SecretEnv; joined by '=', "" for none), then the argv to run; the client answers
     * with {@link #RAN}.
     */
    static final int RUN = 10;
    /** Client to owner: a {@link #RUN}'s id and exit status (ints), then why it could not start (a string, "" when it did). */
    static final int RAN = 11;
    /**
     * Owner to a served reader's client: the owner stopped cleanly (its user quit it with q or :quit, SIGTERM, SIGINT,
     * {@code postern daemon stop}) while serving this reader, and hands the data directory over. On the wire it is
     * the type byte {@code 0x0c} (12), the payload's 4-byte big-endian length and the payload: empty (the five bytes
     * {@code 0c 00 00 00 00}) when the reader could not tell where it was, else two strings in {@link #RUN}'s encoding
     * ({@link #strings}: a 4-byte count, 2, then each string as a 4-byte length and its UTF-8 bytes): the account and
     * the folder the reader showed last ({@code *} as the account: All Inboxes). A client may ignore the payload and
     * start the reader with its own arguments; the Java client starts it on that folder when its command line is a
     * plain one ({@link ReaderClient#reopening}). It is sent after the reader's screen was put away (its last {@link #OUT} frames: the
     * terminal is back on its normal screen, cursor shown, colours reset) and after the owner removed its socket,
     * closed the store and released {@code store.lock}; no frame follows it, no {@link #EXIT} either, and the owner
     * then closes the connection. The client puts its terminal back as it was before its raw mode (its saved
     * {@code stty -g}) and starts the reader again, with the same arguments, through the launcher's normal
     * decision: a Java client runs it in its own process ({@link ReaderClient}); another client restores the tty and
     * execs the launcher with {@code POSTERN_CLIENT=none} (a full JVM, as for a reader started from a shell). That
     * decision makes exactly one of the readers handed over own the store (the one that takes
     * {@code takeover.lock} in the data directory while no owner answers) and the others served by it.
     * A connection that ends with neither EXIT nor HANDOVER is an owner that died (kill -9): exit 75, one sentence.
     */
    public static final int HANDOVER = 12;

    /**
     * Owner to client, for a command ({@link #REQUEST}) that reached an owner already stopping: the owner did not run
     * it, and sends this (empty, the five bytes {@code 0d 00 00 00 00}) once it has closed the store and released
     * {@code store.lock}; no frame follows. The client runs the command itself, as when no owner answers (the Java
     * client in its own process, the Perl client through the launcher's Java path), so a command that met a
     * {@code daemon stop} in flight runs once, in the client's process, instead of failing with 75.
     */
    static final int NOT_TAKEN = 13;

    /**
     * Client to owner, while its command is queued or runs: the client was interrupted (Ctrl-C, SIGTERM, SIGHUP) and
     * asks the owner to stop the command. The payload is the signal's number (a 4-byte int: 2, 15, 1). The owner stops
     * the command at its next safe point, as Ctrl-C stops it in {@code postern shell} ({@link ClientWatch}), and ends
     * with {@link #EXIT} 128 + that number, the code a process that signal ended exits with; the client exits with it
     * too, after at most 200 ms of waiting for it. A client whose socket closes while its command is queued or runs (a
     * client killed with {@code kill -9}) is cancelled the same way, with nobody to answer.
     */
    static final int CANCEL = 14;

    /**
     * Owner to client, empty (the five bytes {@code 0f 00 00 00 00}): sent as soon as the owner has read a
     * {@link #REQUEST} or {@link #READER} of its build, before the command waits for its turn. A running owner sends it
     * within milliseconds; a client that hears nothing for {@link ClientSilence#FIRST_ANSWER_MS} (sooner when the
     * owner's process is seen stopped, state T; {@link ClientSilence#RUNNING_FIRST_MS} when it is seen running) says the owner is not answering and exits 75, without opening the
     * store, which the owner holds. A client ignores it otherwise.
     */
    static final int ACCEPTED = 15;

    /**
     * Owner to client, before the {@link #OUT} that reports it: the command has done what it is for (sent, moved,
     * deleted; cli.CheckedOutput#done), in its own words (UTF-8). A client whose standard output fails after this
     * says so with these words and exits with the command's code, not 74 or 141 ({@link ClientStdout}); a client of an
     * older build ignores it, as any frame it does not know.
     */
    static final int DONE = 16;

    /** No frame is longer: a request (argv, environment) or one chunk of output. */
    static final int MAX_FRAME = 16 << 20;

    static final int FLAG_STDIN_TTY = 1;
    static final int FLAG_STDOUT_TTY = 2;
    static final int FLAG_STDERR_TTY = 4;

    /** One frame as read. */
    static final class Frame {
        final int type;
        final byte[] payload;

        Frame(int type, byte[] payload) {
            this.type = type;
            this.payload = payload;
        }

        int asInt() {
            if (payload.length != 4) return -1;
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    static void writeFrame(OutputStream out, int type, byte[] b, int off, int len) throws IOException {
        byte[] head = {(byte) type, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len};
        out.write(head);
        if (len > 0) out.write(b, off, len);
        out.flush();
    }

    static void writeInt(OutputStream out, int type, int value) throws IOException {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        writeFrame(out, type, b, 0, 4);
    }

    /** The next frame; null at a clean end of stream before a frame starts. */
    static Frame readFrame(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) return null;
        byte[] head = in.readNBytes(4);
        if (head.length < 4) throw new EOFException("cut-off frame");
        int len = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        if (len < 0 || len > MAX_FRAME) throw new IOException("frame too long");
        byte[] payload = in.readNBytes(len);
        if (payload.length < len) throw new EOFException("cut-off frame");
        return new Frame(type, payload);
    }

    /**
     * The channel's bytes as a stream that reads without holding up writes: the JDK's {@code Channels.newInputStream}
     * and {@code newOutputStream} share the channel's blocking lock, so a read waiting for the peer (a served
     * reader's keys) would stop the other thread's writes (its screen) until a key came.
     */
    static InputStream input(java.nio.channels.SocketChannel ch) {
        return new ChannelInput(ch);
    }

    /** The channel as a stream to write to, apart from {@link #input}'s reads (see there). */
    static OutputStream output(java.nio.channels.SocketChannel ch) {
        return new ChannelOutput(ch);
    }

    /** {@link #input}'s stream (a named class: the client jar lists its classes by name). */
    static final class ChannelInput extends InputStream {
        private final java.nio.channels.SocketChannel ch;

        ChannelInput(java.nio.channels.SocketChannel ch) { this.ch = ch; }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int n;
            do {
                n = ch.read(java.nio.ByteBuffer.wrap(b, off, len));
            } while (n == 0);
            return n;
        }
    }

    /** {@link #output}'s stream. */
    static final class ChannelOutput extends OutputStream {
        private final java.nio.channels.SocketChannel ch;

        ChannelOutput(java.nio.channels.SocketChannel ch) { this.ch = ch; }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /**
         * Writes with the thread's interrupt flag cleared (and set again after): a socket channel a thread writes to
         * while interrupted is closed, and the owner interrupts a command its client cancelled ({@link ClientWatch}),
         * whose last words ("interrupted.") and exit code must still reach that client.
         */
        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            boolean interrupted = Thread.interrupted();
            try {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) ch.write(buf);
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }

    /** Two ints as a frame's payload (WINSIZE). */
    static byte[] ints(int a, int b) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a,
                (byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b};
    }

    /** The int at {@code at} of a payload; -1 when it is too short. */
    static int intAt(byte[] p, int at) {
        if (p.length < at + 4) return -1;
        return ((p[at] & 0xff) << 24) | ((p[at + 1] & 0xff) << 16) | ((p[at + 2] & 0xff) << 8) | (p[at + 3] & 0xff);
    }

    /** A RUN frame's payload: a count and that many strings. */
    static byte[] strings(String[] words) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeInt(words.length);
        for (String w : words) Request.string(d, w);
        d.flush();
        return bytes.toByteArray();
    }

    static String[] strings(byte[] payload) throws IOException {
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        String[] words = new String[Request.count(d)];
        for (int i = 0; i < words.length; i++) words[i] = Request.string(d);
        return words;
    }

    /** A RAN frame's payload: the RUN's id, the exit status and why the command could not start ("" when it did). */
    static byte[] ran(int id, int status, String failure) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeInt(id);
        d.writeInt(status);
        Request.string(d, failure);
        d.flush();
        return bytes.toByteArray();
    }

    /** A RAN payload's failure ("" when the command ran). */
    static String ranFailure(byte[] payload) throws IOException {
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(payload, 8, Math.max(0, payload.length - 8)));
        return Request.string(d);
    }

    /**
     * The environment entry a client adds to its request: the charset its argv's strings name files in (the Java client's
     * {@code sun.jnu.encoding}, ISO-8859-1 under de_DE; the Perl client's UTF-8, as it serves only argv that is UTF-8), so
     * that the owner opens a path as the bytes its user typed, not as its own charset spells the letters (hunt 39-I, I13).
     */
    static final String FILE_NAMES = "POSTERN_CLIENT_FILE_NAMES";

    /** {@code env} as a request's name, value, name, value... with {@link #FILE_NAMES} set to {@code fileNames}. */
    static String[] flatEnv(Map<String, String> env, String fileNames) {
        java.util.List<String> flat = new java.util.ArrayList<>(env.size() * 2 + 2);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().equals(FILE_NAMES)) continue;
            flat.add(e.getKey());
            flat.add(e.getValue());
        }
        flat.add(FILE_NAMES);
        flat.add(fileNames);
        return flat.toArray(new String[0]); // no lambda: the client jar holds no generated class (ClientJarIT)
    }

    /** What a client asks the owner to run. */
    static final class Request {
        /** The config file the client would have read (absolute), so the owner can tell a different one. */
        final String config;
        final String cwd;
        final String[] args;
        final String[] env; // name, value, name, value...
        final int flags;
        final int columns;
        /** The client's {@link #BUILD}; null from a client that predates it (sent last, so older owners ignore it). */
        final String build;

        Request(String config, String cwd, String[] args, String[] env, int flags, int columns) {
            this(config, cwd, args, env, flags, columns, BUILD);
        }

        Request(String config, String cwd, String[] args, String[] env, int flags, int columns, String build) {
            this.config = config;
            this.cwd = cwd;
            this.args = args;
            this.env = env;
            this.flags = flags;
            this.columns = columns;
            this.build = build;
        }

        byte[] encode() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
            DataOutputStream d = new DataOutputStream(bytes);
            string(d, config);
            string(d, cwd);
            d.writeInt(args.length);
            for (String a : args) string(d, a);
            d.writeInt(env.length);
            for (String e : env) string(d, e);
            d.writeInt(flags);
            d.writeInt(columns);
            if (build != null) string(d, build);
            d.flush();
            return bytes.toByteArray();
        }

        static Request decode(byte[] payload) throws IOException {
            DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(payload));
            String config = string(d);
            String cwd = string(d);
            String[] args = new String[count(d)];
            for (int i = 0; i < args.length; i++) args[i] = string(d);
            String[] env = new String[count(d)];
            if (env.length % 2 != 0) throw new IOException("odd environment");
            for (int i = 0; i < env.length; i++) env[i] = string(d);
            int flags = d.readInt();
            int columns = d.readInt();
            String build = d.available() > 0 ? string(d) : null;
            return new Request(config, cwd, args, env, flags, columns, build);
        }

        static int count(DataInputStream d) throws IOException {
            int n = d.readInt();
            if (n < 0 || n > 100_000) throw new IOException("bad count");
            return n;
        }

        static void string(DataOutputStream d, String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            d.writeInt(b.length);
            d.write(b);
        }

        static String string(DataInputStream d) throws IOException {
            int n = d.readInt();
            if (n < 0 || n > MAX_FRAME) throw new IOException("bad string");
            byte[] b = d.readNBytes(n);
            if (b.length < n) throw new EOFException("cut-off string");
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
