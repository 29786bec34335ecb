package dev.postern.resident;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An owner standing in for a daemon, in a process of its own (SendOwnerLostTest): it holds DATA_DIR/store.lock and
 * serves DATA_DIR's socket; to each client it reads the request, answers ACCEPTED as an owner that took the command,
 * and then ({@code close}) hangs up before EXIT, as an owner killed -9 in the middle of it, or ({@code stop}) stops
 * itself with SIGSTOP, as an owner frozen in the middle of it (and hangs up once resumed). With stdin (hunt 36-K: the
 * text of a send lost): {@code part} asks for the client's stdin once, reads one chunk and hangs up; {@code most} reads
 * chunks until it has 1.5 MiB (or the end) and hangs up; {@code whole} reads it to its end and ends the command with 0,
 * {@code refuse} with a sentence and 65, as an owner that answered. {@code none} reads one request and hangs up without a
 * frame, then stops listening and exits, releasing the store, as a {@code daemon stop} that closed its socket.
 */
public final class StandInOwner {
    private StandInOwner() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String mode = args[1];
        boolean stop = mode.equals("stop");
        Files.createDirectories(dataDir);
        FileChannel lock = FileChannel.open(dataDir.resolve("store.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock.lock();
        Path socket = SocketFiles.socketFor(dataDir);
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        System.out.println("serving");
        System.out.flush();
        while (true) {
            try (SocketChannel ch = server.accept()) {
                InputStream in = Channels.newInputStream(ch);
                OutputStream out = Channels.newOutputStream(ch);
                DataInputStream data = new DataInputStream(in);
                data.readFully(new byte[Wire.MAGIC.length + 1]);
                data.readUnsignedByte(); // REQUEST
                data.readFully(new byte[data.readInt()]);
                if (mode.equals("none")) { // hunt 37-J, J4: the socket closed by a stop with this client in its backlog
                    ch.close();
                    server.close();
                    Files.deleteIfExists(socket);
                    System.exit(0);
                }
                out.write(new byte[] {(byte) Wire.ACCEPTED, 0, 0, 0, 0});
                out.flush();
                long read = 0;
                boolean end = false;
                while (!end && (mode.equals("part") && read == 0 || mode.equals("most") && read < (3 << 19)
                        || mode.equals("whole") || mode.equals("refuse"))) {
                    Wire.writeInt(out, Wire.STDIN_WANTED, 65536);
                    Wire.Frame f = Wire.readFrame(in);
                    end = f == null || f.payload.length == 0;
                    read += end ? 0 : f.payload.length;
                }
                if (mode.equals("refuse")) {
                    byte[] said = "postern: no recipient; nothing was sent.\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    Wire.writeFrame(out, Wire.ERR, said, 0, said.length);
                }
                if (mode.equals("whole") || mode.equals("refuse")) Wire.writeInt(out, Wire.EXIT, mode.equals("whole") ? 0 : 65);
                if (stop) new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            }
        }
    }
}
