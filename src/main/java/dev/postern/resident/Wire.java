package dev.postern.resident;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

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
     * This build of postern: its version and the size and time of the jar it was loaded from, taken when this
     * class loads (at an owner's start). An owner started before an upgrade replaced the jar is another build
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
            if (java.nio.file.Files.isRegularFile(jar)) {
                return version + " (" + jar + ", " + java.nio.file.Files.size(jar) + " bytes, "
                        + java.nio.file.Files.getLastModifiedTime(jar).toInstant() + ")";
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

        private static int count(DataInputStream d) throws IOException {
            int n = d.readInt();
            if (n < 0 || n > 100_000) throw new IOException("bad count");
            return n;
        }

        private static void string(DataOutputStream d, String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            d.writeInt(b.length);
            d.write(b);
        }

        private static String string(DataInputStream d) throws IOException {
            int n = d.readInt();
            if (n < 0 || n > MAX_FRAME) throw new IOException("bad string");
            byte[] b = d.readNBytes(n);
            if (b.length < n) throw new EOFException("cut-off string");
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
