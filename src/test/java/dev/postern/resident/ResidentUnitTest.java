package dev.postern.resident;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner's wire format, the socket's trust checks and the peer check, without a server process. */
class ResidentUnitTest {
    @TempDir Path dir;

    @Test
    void aRequestSurvivesTheWireWithEveryField() throws Exception {
        Wire.Request r = new Wire.Request("/c/config.toml", "/home/u", new String[] {"--config", "x y", "list", "ünï"},
                new String[] {"COLUMNS", "132", "EMPTY", ""}, Wire.FLAG_STDOUT_TTY, 132);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] p = r.encode();
        Wire.writeFrame(bytes, Wire.REQUEST, p, 0, p.length);
        Wire.writeInt(bytes, Wire.EXIT, 75);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
        Wire.Frame f = Wire.readFrame(in);
        assertEquals(Wire.REQUEST, f.type);
        Wire.Request back = Wire.Request.decode(f.payload);
        assertEquals(r.config, back.config);
        assertEquals(r.cwd, back.cwd);
        assertArrayEquals(r.args, back.args);
        assertArrayEquals(r.env, back.env);
        assertEquals(r.flags, back.flags);
        assertEquals(132, back.columns);
        Wire.Frame exit = Wire.readFrame(in);
        assertEquals(Wire.EXIT, exit.type);
        assertEquals(75, exit.asInt());
        assertNull(Wire.readFrame(in), "a clean end between frames");
    }

    @Test
    void aCutOffFrameIsAnErrorNotAnEnd() {
        byte[] cut = {Wire.OUT, 0, 0, 0, 10, 'a', 'b'};
        org.junit.jupiter.api.Assertions.assertThrows(java.io.EOFException.class,
                () -> Wire.readFrame(new ByteArrayInputStream(cut)));
    }

    @Test
    void onlyAPrivateSocketOfThisUserIsTrusted() throws Exception {
        Path sock = dir.resolve("owner.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
            assertNull(SocketFiles.untrusted(sock));
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw----"));
            assertTrue(SocketFiles.untrusted(sock).contains("has mode 0660"), SocketFiles.untrusted(sock));
        }
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertTrue(SocketFiles.untrusted(file).contains("is not a socket"));
    }

    @Test
    void aLockIsSeenHeldWithoutTakingIt() throws Exception {
        Path lock = dir.resolve("store.lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertFalse(SocketFiles.lockHeld(lock));
            FileLock l = ch.tryLock();
            assertTrue(SocketFiles.lockHeld(lock));
            l.release();
            assertFalse(SocketFiles.lockHeld(lock));
        }
    }

    @Test
    void aLongDataDirectoryGetsItsSocketInAPrivateTmpDirectory() {
        Path shortDir = Path.of("/tmp/d");
        assertEquals(Path.of("/tmp/d/owner.sock"), SocketFiles.socketFor(shortDir));
        Path longDir = Path.of("/tmp/" + "x".repeat(120));
        Path s = SocketFiles.socketFor(longDir);
        assertTrue(s.toString().startsWith("/tmp/postern-" + SocketFiles.ownUid() + "/"), s.toString());
        assertTrue(s.toString().length() < 100);
        assertEquals(s, SocketFiles.socketFor(longDir), "the same directory, the same socket");
        assertFalse(s.equals(SocketFiles.socketFor(Path.of("/tmp/" + "y".repeat(120)))));
    }

    @Test
    void onlyThePeerOfTheOwnersOwnUserIsServed() {
        UserPrincipal root = () -> "root";
        UserPrincipal other = () -> "postern-test";
        assertTrue(OwnerSocket.allowed(root, () -> "root"));
        assertFalse(OwnerSocket.allowed(other, root));
        assertFalse(OwnerSocket.allowed(null, root), "a peer the system cannot name is refused");
    }

    @Test
    void theClientLeavesTheReaderTheShellOnATerminalAndTheDemoToThisProcess() {
        assertFalse(Client.forwardable(new String[] {}, Map.of()));
        assertFalse(Client.forwardable(new String[] {"--config", "c.toml", "-a", "x"}, Map.of()));
        assertFalse(Client.forwardable(new String[] {"demo"}, Map.of()));
        assertTrue(Client.forwardable(new String[] {"--config", "list", "fetch"}, Map.of()));
        assertEquals("fetch", Client.subcommandName(new String[] {"--config", "list", "fetch"}));
        assertEquals(Owner.Role.READER, Owner.roleOf(new String[] {"-a", "x"}));
        assertEquals(Owner.Role.DAEMON, Owner.roleOf(new String[] {"daemon", "run"}));
        assertNull(Owner.roleOf(new String[] {"list"}));
        // A first word that names no command is the reader's FOLDER (postern -a work Archive).
        assertEquals(Owner.Role.READER, Owner.roleOf(new String[] {"Archive"}));
        assertEquals(Owner.Role.READER, Owner.roleOf(new String[] {"--config", "c.toml", "-a", "work", "Archive"}));
        assertFalse(Client.forwardable(new String[] {"-a", "work", "All Inboxes"}, Map.of()));
        assertTrue(Client.forwardable(new String[] {"-a", "work", "list", "Archive"}, Map.of()));
        // Help is printed by the process asked: never sent to an owner, where it could run the command (hunt 33-Z, Z0).
        assertFalse(Client.forwardable(new String[] {"help", "retention"}, Map.of()));
        assertFalse(Client.forwardable(new String[] {"--config", "c.toml", "fetch", "--help"}, Map.of()));
        assertFalse(Client.forwardable(new String[] {"sync", "-h"}, Map.of()));
    }

    @Test
    void aServedReaderUsesTheTerminalsCharsetTheLauncherKept() {
        assertEquals(java.nio.charset.StandardCharsets.US_ASCII, ServedReader.charset(
                Map.of("LC_CTYPE", "C.UTF-8", "LANG", "C", "POSTERN_TERMINAL_CHARSET", "ANSI_X3.4-1968")));
        assertEquals(java.nio.charset.StandardCharsets.UTF_8, ServedReader.charset(Map.of("LANG", "C.UTF-8")));
    }

    @Test
    void theClientFindsTheDataDirectoryTheConfigNames() throws Exception {
        Path cfg = Files.writeString(dir.resolve("c.toml"), "data_dir = \"~/mail-data\"\n[accounts.a]\nprotocol = \"imap\"\n");
        assertEquals(Path.of("/home/u/mail-data"), Client.dataDir(cfg, Map.of("HOME", "/home/u")));
        Path none = Files.writeString(dir.resolve("d.toml"), "[accounts.a]\nprotocol = \"imap\"\n");
        assertEquals(Path.of("/x/share/postern"), Client.dataDir(none, Map.of("HOME", "/home/u", "XDG_DATA_HOME", "/x/share")));
        assertEquals(dir.resolve("c.toml"), Client.configPath(new String[] {"--config=" + cfg, "list"}, Map.of()));
        assertEquals(Path.of("/h/.config/postern/config.toml"), Client.configPath(new String[] {"list"}, Map.of("HOME", "/h")));
        // A relative data_dir is beside the config (as config.ConfigLoader takes it), not in the working directory.
        Path rel = Files.writeString(dir.resolve("r.toml"), "data_dir = \"relative/dir\"\n[accounts.a]\nprotocol = \"imap\"\n");
        assertEquals(dir.resolve("relative/dir"), Client.dataDir(rel, Map.of("HOME", "/home/u")));
    }
    @Test
    void oneWriteBiggerThanAFrameMayBeGoesAsSeveralFramesTheClientAccepts() throws Exception {
        byte[] big = new byte[Wire.MAX_FRAME + 5_000_000]; // a 21 MB attachment written in one call
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Frames(bytes).stream(Wire.OUT).write(big, 0, big.length);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        int frames = 0;
        for (Wire.Frame f; (f = Wire.readFrame(in)) != null; frames++) { // readFrame refuses a frame over MAX_FRAME
            assertEquals(Wire.OUT, f.type);
            assertTrue(f.payload.length <= Frames.CHUNK, f.payload.length + " bytes in one frame");
            back.write(f.payload);
        }
        assertArrayEquals(big, back.toByteArray());
        assertTrue(frames > 1, frames + " frames");
    }

    @Test
    void theOwnersDirectoryFollowsTheSameRuleAsTheLaunchersShell() {
        assertEquals(Path.of("/run/user/7/postern-owners"),
                SocketFiles.ownersDir(Map.of("XDG_RUNTIME_DIR", "/run/user/7", "XDG_CACHE_HOME", "/c", "HOME", "/h")));
        assertEquals(Path.of("/c/postern-owners"), SocketFiles.ownersDir(Map.of("XDG_RUNTIME_DIR", "", "XDG_CACHE_HOME", "/c", "HOME", "/h")));
        assertEquals(Path.of("/h/.cache/postern-owners"), SocketFiles.ownersDir(Map.of("XDG_CACHE_HOME", "", "HOME", "/h")));
        assertNull(SocketFiles.ownersDir(Map.of()));
    }

    @Test
    void anOwnersFileNamesItsPidAndDataDirectoryAndOnesOfDeadOwnersAreSwept() throws Exception {
        Map<String, String> env = Map.of("HOME", dir.toString());
        Path owners = dir.resolve(".cache/postern-owners");
        Path mine = OwnerMarker.leave(env, Path.of("/some/data"), Path.of("/etc/../cfg/./config.toml"), Path.of("/some/data/owner.sock"));
        assertEquals(owners.resolve(Long.toString(ProcessHandle.current().pid())), mine);
        List<String> lines = Files.readAllLines(mine);
        assertEquals(List.of("data_dir=/some/data", "config=/cfg/config.toml", "socket=/some/data/owner.sock"), lines.subList(0, 3));
        assertEquals("build=" + Wire.BUILD, lines.get(lines.size() - 1));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(owners)));

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.writeString(owners.resolve(Long.toString(gone.pid())), "/old/data\n");
        Path other = Files.writeString(owners.resolve("notes.txt"), "not a pid");
        assertEquals(mine, OwnerMarker.leave(env, Path.of("/some/data"), null, null));
        assertFalse(Files.exists(stale), "the file of an owner that is gone stays");
        assertTrue(Files.exists(other));
        OwnerMarker.remove(mine);
        assertFalse(Files.exists(mine));
    }

    @Test
    void aServedReadersRunAndItsAnswerSurviveTheWire() throws Exception {
        String[] words = {"7", "", "", "/bin/sh", "-c", "vi \"$1\"", "postern-editor", "/tmp/d é.eml"};
        assertArrayEquals(words, Wire.strings(Wire.strings(words)));
        byte[] ran = Wire.ran(7, 3, "");
        assertEquals(7, Wire.intAt(ran, 0));
        assertEquals(3, Wire.intAt(ran, 4));
        assertEquals("", Wire.ranFailure(ran));
        assertEquals("no such file", Wire.ranFailure(Wire.ran(8, -1, "no such file")));
        byte[] size = Wire.ints(132, 43);
        assertEquals(132, Wire.intAt(size, 0));
        assertEquals(43, Wire.intAt(size, 4));
        assertEquals(-1, Wire.intAt(size, 6));
    }

    /**
     * A served reader reads its client's keys on one thread while another writes the screen: a read waiting for the
     * peer must not hold up the writes (the JDK's Channels streams share one lock, and the screen never came).
     */
    @Test
    void aReadWaitingOnTheSocketDoesNotHoldUpAWrite() throws Exception {
        Path sock = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            try (java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open(UnixDomainSocketAddress.of(sock));
                 java.nio.channels.SocketChannel owner = server.accept()) {
                java.io.InputStream ownerIn = Wire.input(owner);
                java.util.concurrent.CompletableFuture<Integer> reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return ownerIn.read();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                Thread.sleep(100); // the read is waiting for the client now
                java.util.concurrent.CompletableFuture<Void> writing = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        Wire.writeFrame(Wire.output(owner), Wire.OUT, new byte[] {'x'}, 0, 1);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                writing.get(5, java.util.concurrent.TimeUnit.SECONDS);
                Wire.Frame f = Wire.readFrame(Wire.input(client));
                assertEquals(Wire.OUT, f.type);
                Wire.output(client).write('k');
                assertEquals('k', (int) reading.get(5, java.util.concurrent.TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aHandoverIsTypeTwelveWithTheAccountAndFolderAsTwoStringsOrNothing() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire.writeFrame(bytes, Wire.HANDOVER, new byte[0], 0, 0);
        assertArrayEquals(new byte[] {0x0c, 0, 0, 0, 0}, bytes.toByteArray(), "what other clients (the Perl one) read");
        byte[] p = Wire.strings(new String[] {"work", "Lists/ünï"});
        bytes.reset();
        Wire.writeFrame(bytes, Wire.HANDOVER, p, 0, p.length);
        Wire.Frame f = Wire.readFrame(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(12, f.type);
        assertArrayEquals(new String[] {"work", "Lists/ünï"}, Wire.strings(f.payload));
    }

    @Test
    void aReaderHandedOverStartsAgainOnTheFolderItShowedWhenItsLineIsPlain() {
        assertArrayEquals(new String[] {"--config", "/c.toml", "-a", "work", "--", "Archive"},
                ReaderClient.reopening(new String[] {"--config", "/c.toml"}, "work", "Archive"));
        assertArrayEquals(new String[] {"--config=/c.toml", "-a", "home", "--", "-odd"},
                ReaderClient.reopening(new String[] {"--config=/c.toml", "--account", "work", "INBOX"}, "home", "-odd"));
        assertArrayEquals(new String[] {"-a", "work", "--", "Sent"},
                ReaderClient.reopening(new String[] {"--account=work", "--", "INBOX"}, "work", "Sent"));
        assertArrayEquals(new String[] {"--", "All Inboxes"}, ReaderClient.reopening(new String[0], "*", "All Inboxes"));
        // Not a plain line, or nothing said: started again as it was.
        assertNull(ReaderClient.reopening(new String[] {"--theme", "x"}, "work", "Archive"));
        assertNull(ReaderClient.reopening(new String[] {"INBOX", "Sent"}, "work", "Archive"));
        assertNull(ReaderClient.reopening(new String[] {"--config"}, "work", "Archive"));
        assertNull(ReaderClient.reopening(new String[0], null, "Archive"));
    }

    @Test
    void oneReaderAtATimeClaimsTheStoresOpeningAndLetsItGo() throws Exception {
        Path data = Files.createDirectories(dir.resolve("claim"));
        try {
            // Nobody holds store.lock and no owner answers: this process claims it.
            assertEquals(1, claimIn(data));
            // Another process's claim (the kernel's lock, as a second reader would hold it) is seen as taken.
            ReaderClient.released();
            try (Holder other = otherProcessLocks(data.resolve(ReaderClient.TAKEOVER_LOCK))) {
                assertEquals(0, claimIn(data));
            }
            // store.lock held by a postern that serves nobody: no claim, the open meets the lock as before.
            assertEquals(1, claimIn(data));
            try (Holder other = otherProcessLocks(data.resolve("store.lock"))) {
                assertEquals(-1, claimIn(data));
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(ReaderClient.TAKEOVER_LOCK))));
        } finally {
            ReaderClient.released();
        }
    }

    private static int claimIn(Path data) throws Exception {
        java.lang.reflect.Method m = ReaderClient.class.getDeclaredMethod("claim", Path.class);
        m.setAccessible(true);
        return (Integer) m.invoke(null, data);
    }

    /** Another process (a JVM running a one-file program) holding a POSIX lock on a file, as a second postern would. */
    private record Holder(Process p) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            p.destroyForcibly().waitFor();
        }
    }

    private Holder otherProcessLocks(Path file) throws Exception {
        Path src = dir.resolve("Hold.java");
        Files.writeString(src, "public class Hold { public static void main(String[] a) throws Exception {"
                + " var ch = java.nio.channels.FileChannel.open(java.nio.file.Path.of(a[0]), java.nio.file.StandardOpenOption.CREATE,"
                + " java.nio.file.StandardOpenOption.WRITE); ch.lock(); System.out.println(\"locked\"); System.in.read(); } }");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), src.toString(), file.toString())
                .redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        assertEquals("locked", line);
        return new Holder(p);
    }
}
