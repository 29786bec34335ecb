package dev.postern.resident;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run packaging/archive/postern-archive records the client's own start-up archive from (its class list,
 * then {@code -Xshare:dump}): the client path of {@link Client#run} as a launcher's client-only JVM takes it,
 * reading a config, checking the socket, sending a command line and relaying output, error and an exit code.
 * The other end is a stand-in that answers one request in {@link Wire}'s frames, so that recording needs no
 * account, no store and no real owner; its own classes (a server channel, a thread) land in the list too,
 * a few dozen of the JDK's. Not a test: what it prints goes to /dev/null, and a failure only leaves the
 * archive smaller (the script checks the archive maps before it keeps it).
 */
public final class ClientTraining {
    private ClientTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("postern-client-training");
        try {
            Path data = Files.createDirectory(dir.resolve("data"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path config = dir.resolve("config.toml");
            Files.writeString(config, "data_dir = \"" + data + "\"\n", StandardCharsets.UTF_8);
            Path socket = SocketFiles.socketFor(data);
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
                Thread answer = new Thread(() -> answerOne(server), "client-training-owner");
                answer.setDaemon(true);
                answer.start();
                Map<String, String> env = new HashMap<>(System.getenv());
                env.put("HOME", dir.toString());
                int code = Client.run(new String[] {"--config", config.toString(), "daemon", "status"}, env, true, null); // a client-only JVM starts no daemon: no entry class
                answer.join(10_000);
                if (code != 0) System.exit(1);
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Reads one request and answers it as an owner does: a line of output, one of error, exit 0. */
    private static void answerOne(ServerSocketChannel server) {
        try (SocketChannel ch = server.accept()) {
            InputStream in = Channels.newInputStream(ch);
            OutputStream out = Channels.newOutputStream(ch);
            byte[] hello = in.readNBytes(Wire.MAGIC.length + 1);
            if (hello.length < Wire.MAGIC.length + 1) return;
            Wire.Frame request = Wire.readFrame(in);
            if (request == null || request.type != Wire.REQUEST) return;
            Wire.Request.decode(request.payload);
            byte[] line = "postern daemon: served\n".getBytes(StandardCharsets.UTF_8);
            Wire.writeFrame(out, Wire.OUT, line, 0, line.length);
            Wire.writeFrame(out, Wire.ERR, line, 0, line.length);
            Wire.writeInt(out, Wire.EXIT, 0);
        } catch (Exception e) {
            // the client then sees its owner gone; the list still has what it loaded
        }
    }
}
