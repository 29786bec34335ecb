package dev.postern.resident;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the served-command tests share: the environment of a postern under a test's directory (its home, state and
 * runtime directories, the owner's socket under the last), the data directory, and a client speaking the wire by hand
 * to an owner started in the test's JVM ({@code Owner.start(ctx, Owner.Role.DAEMON)} over an {@code AppContext} made
 * with {@link #env()}).
 */
final class OwnerFixture {
    private final Path dir;

    OwnerFixture(Path dir) throws java.io.IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("run"));
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** Where the config of {@link dev.postern.e2e.PosternConfig#write} is told to keep its data: {@code DIR/data}. */
    Path dataDir() {
        return dir.resolve("data").toAbsolutePath().normalize();
    }

    /** A client speaking the wire by hand: the hello and a REQUEST for {@code args} under {@code --config config}. */
    SocketChannel request(Path config, String... args) throws Exception {
        SocketChannel ch = connected();
        send(ch, config, args);
        return ch;
    }

    /** A client connected to the owner that has sent nothing yet. */
    SocketChannel connected() throws Exception {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(SocketFiles.socketFor(dataDir())));
        return ch;
    }

    /** Writes the hello and a REQUEST for {@code args} under {@code --config config} on {@code ch}. */
    void send(SocketChannel ch, Path config, String... args) throws Exception {
        OutputStream out = Wire.output(ch);
        out.write(new byte[] {'P', 'S', 'T', 'N', (byte) Wire.VERSION});
        String[] argv = new String[args.length + 2];
        argv[0] = "--config";
        argv[1] = config.toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        byte[] payload = new Wire.Request(config.toString(), dir.toString(), argv, new String[0], 0, 0).encode();
        Wire.writeFrame(out, Wire.REQUEST, payload, 0, payload.length);
    }

    /** The client's Ctrl-C (or another signal's number). */
    static void cancel(SocketChannel ch, int signal) throws Exception {
        Wire.writeInt(Wire.output(ch), Wire.CANCEL, signal);
    }

    /** How a served command ended: its exit code (null: the owner hung up without an EXIT), and its stderr. */
    record Answer(Integer exit, String err, String out) {}

    /** Reads the owner's frames up to the EXIT. */
    static Answer answer(SocketChannel ch) throws Exception {
        InputStream in = Wire.input(ch);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            Wire.Frame f = Wire.readFrame(in);
            if (f == null) return new Answer(null, err.toString(UTF_8), out.toString(UTF_8));
            if (f.type == Wire.EXIT) return new Answer(f.asInt(), err.toString(UTF_8), out.toString(UTF_8));
            if (f.type == Wire.ERR) err.write(f.payload);
            if (f.type == Wire.OUT) out.write(f.payload);
        }
    }
}
