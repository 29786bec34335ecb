package dev.postern.e2e;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in for a daemon of an older build (between e05edadd and the hand-back of hunt 35-B, B1), run as
 * {@code OlderDaemon daemon run DATA_DIR}: it holds the data directory's store.lock, listens on its owner.sock, and
 * refuses every command as such a daemon did (its sentence and 75, before taking the command) for as long as it runs.
 */
public final class OlderDaemon {
    private OlderDaemon() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[2]);
        Files.createDirectories(data);
        FileChannel lock = FileChannel.open(data.resolve("store.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock.lock();
        Path socket = data.resolve("owner.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        while (true) {
            try (SocketChannel ch = server.accept()) {
                DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
                in.readFully(new byte[5]); // PSTN and the version
                in.readUnsignedByte();
                in.readFully(new byte[in.readInt()]);
                DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
                byte[] said = ("postern: the postern that owns " + data + " (pid " + ProcessHandle.current().pid() + ") is another"
                        + " build (0.0.1 (old.jar, 1 bytes, 2026-01-01T00:00:00.5Z)) than this one (...), as after an upgrade; stop"
                        + " it (postern daemon stop, or quit the reader or shell) and run the command again.\n").getBytes(StandardCharsets.UTF_8);
                out.writeByte(3);
                out.writeInt(said.length);
                out.write(said);
                out.writeByte(6);
                out.writeInt(4);
                out.writeInt(75);
                out.flush();
            } catch (IOException e) {
                // that client went away
            }
        }
    }
}
