package dev.postern.store;

import static dev.postern.store.TestEnvelopes.envelope;
import static dev.postern.store.TestEnvelopes.ref;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.ExitCode;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.PosternException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbStoreDurabilityTest {
    @TempDir Path dir;

    @Test
    void uncommittedWritesAreGoneAfterReopen() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putEnvelopes(List.of(envelope("a", "INBOX", 1, 1, 10, false)));
            store.putFolder(new Folder("a", "INBOX", '/', 1, 1, Set.of()));
            store.commit();
            store.putEnvelopes(List.of(envelope("a", "INBOX", 1, 2, 20, false)));
            store.updateFlags(ref("a", "INBOX", 1, 1), Flags.of(Flag.SEEN));
            store.attachBody(ref("a", "INBOX", 1, 1), "body\r\n".getBytes(StandardCharsets.US_ASCII));
            store.putFolder(new Folder("a", "Sent", '/', 0, 0, Set.of()));
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertEquals(Optional.of(envelope("a", "INBOX", 1, 1, 10, false)), store.envelope(ref("a", "INBOX", 1, 1)));
            assertEquals(Optional.empty(), store.envelope(ref("a", "INBOX", 1, 2)));
            assertEquals(1, store.count("a", "INBOX"));
            assertEquals(1, store.unread("a", "INBOX"));
            assertEquals(0, store.blobCount());
            assertEquals(List.of("INBOX"), store.folders("a").stream().map(Folder::name).toList());
        }
    }

    @Test
    void rollbackDiscardsEverySinceTheLastCommit() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putEnvelopes(List.of(envelope("a", "INBOX", 1, 1, 10, false)));
            store.commit();
            store.putEnvelopes(List.of(envelope("a", "INBOX", 1, 2, 20, false)));
            store.removeEnvelopes(List.of(ref("a", "INBOX", 1, 1)));
            store.attachBody(ref("a", "INBOX", 1, 2), new byte[] {1, 2, 3});
            assertEquals(1, store.blobCount());
            store.rollback();

            assertEquals(List.of(1L), MapDbStoreEnvelopeTest.uidsOf(store.page("a", "INBOX", 0, 10)));
            assertEquals(1, store.count("a", "INBOX"));
            assertEquals(0, store.blobCount());

            store.putEnvelopes(List.of(envelope("a", "INBOX", 1, 3, 30, true))); // still usable after rollback
            store.commit();
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertEquals(List.of(3L, 1L), MapDbStoreEnvelopeTest.uidsOf(store.page("a", "INBOX", 0, 10)));
            assertEquals(1, store.unread("a", "INBOX"));
        }
    }

    @Test
    void aProcessKilledMidTransactionLeavesAStoreThatOpensWithOnlyCommittedData() throws Exception {
        Process child = startChild("crash");
        assertEquals("WRITTEN", readLine(child));
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, child.exitValue(), "the child must die by halt, not by an error");

        try (MapDbStore store = MapDbStore.open(dir)) {
            assertEquals(new java.util.TreeSet<>(List.of(1L)), store.uids("a", "INBOX", 1));
            assertEquals(null, store.envelope(ref("a", "INBOX", 1, 1)).orElseThrow().bodyHash());
            assertEquals(0, store.blobCount());
            assertEquals(1, store.count("a", "INBOX"));
        }
    }

    @Test
    void aStoreHeldByAnotherProcessIsRefusedAsTemporary() throws Exception {
        Process holder = startChild("hold");
        try {
            assertEquals("READY " + dir.resolve("store.db").toAbsolutePath(), readLine(holder));
            PosternException e = assertThrows(PosternException.class, () -> MapDbStore.open(dir));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode());
            assertEquals("the store " + dir.resolve("store.db").toAbsolutePath()
                    + " is in use by another postern process; close it and retry", e.getMessage());
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertEquals(List.of(), store.folders("a"));
        }
    }

    @Test
    void aStoreHeldByACommandSaysWhichAndThatItEndsByItself() throws Exception {
        // Hunt 32-V, B5: the reader opened while cron's sync ran was told "close it and retry": of a process the user
        // had not opened. A process that says what it is (app.Main does) is named, with its pid.
        Process holder = startChild("hold-as-sync");
        try {
            assertEquals("READY " + dir.resolve("store.db").toAbsolutePath(), readLine(holder));
            dev.postern.model.StoreInUseException e = assertThrows(dev.postern.model.StoreInUseException.class, () -> MapDbStore.open(dir));
            assertEquals(ExitCode.TEMPFAIL, e.exitCode());
            assertEquals("postern sync (pid " + holder.pid() + ")", e.holder());
            assertEquals("the store " + dir.resolve("store.db").toAbsolutePath() + " is in use by postern sync (pid " + holder.pid()
                    + "), which ends by itself; retry when it has (a reader or `postern daemon` kept open serves such commands"
                    + " instead of refusing them)", e.getMessage());
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        }
        // Its name is not left behind for a later holder that says nothing.
        Process quiet = startChild("hold");
        try {
            readLine(quiet);
            PosternException e = assertThrows(PosternException.class, () -> MapDbStore.open(dir));
            assertTrue(e.getMessage().endsWith("is in use by another postern process; close it and retry"), e.getMessage());
        } finally {
            quiet.getOutputStream().close();
            assertTrue(quiet.waitFor(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSecondProcessIsRefusedWhileThisOneHoldsTheStore() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            Process other = startChild("open");
            String line = readLine(other);
            assertTrue(other.waitFor(60, TimeUnit.SECONDS));
            assertEquals("TEMPFAIL the store " + store.file() + " is in use by another postern process; close it and retry", line);
        }
    }

    @Test
    void aGarbageFileIsMovedAsideNotReplacedInPlace() throws IOException {
        Files.createDirectories(dir);
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Path file = dir.resolve("store.db");
        Files.write(file, garbage);

        List<String> notices = new ArrayList<>();
        MapDbStore.open(dir, () -> { }, notices::add).close();

        assertEquals(1, notices.size(), notices.toString());
        Path aside;
        try (var files = Files.list(dir)) {
            aside = files.filter(p -> p.getFileName().toString().startsWith("store.db.damaged-")).findFirst().orElseThrow();
        }
        assertTrue(notices.get(0).contains(aside.toString()), notices.get(0));
        assertArrayEquals(garbage, Files.readAllBytes(aside), "the damaged file is kept as it was");
    }

    @Test
    void aStoreDamagedAfterItsHeaderIsMovedAsideOrOpens() throws IOException {
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.putEnvelopes(List.of(envelope("a", "INBOX", 1, 1, 10, false)));
            store.commit();
        }
        Path file = dir.resolve("store.db");
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 16; i < bytes.length; i++) bytes[i] = (byte) 0xAB;
        Files.write(file, bytes);

        List<String> notices = new ArrayList<>();
        MapDbStore.open(dir, () -> { }, notices::add).close();
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains(file.toAbsolutePath().toString()), notices.get(0));
    }

    @Test
    void aMissingDataDirectoryIsCreatedPrivate() throws IOException {
        Path data = dir.resolve("nested/postern");
        try (MapDbStore store = MapDbStore.open(data)) {
            assertEquals(data.resolve("store.db").toAbsolutePath(), store.file());
            assertTrue(Files.isRegularFile(store.file()));
        }
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        }
    }

    @Test
    void aClosedStoreRefusesFurtherUse() {
        MapDbStore store = MapDbStore.open(dir);
        store.close();
        store.close(); // idempotent: the shutdown hook may close after the app did
        dev.postern.model.PosternException e = assertThrows(dev.postern.model.PosternException.class,
                () -> store.count("a", "INBOX"));
        assertEquals(dev.postern.model.ExitCode.TEMPFAIL, e.exitCode(), e.getMessage());
        // what a fetch's outbox follow-up met after a SIGTERM's shutdown hook had closed the store
        assertThrows(dev.postern.model.StoreClosed.class, () -> store.outbox("a"));
    }

    private Process startChild(String mode) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StoreProcess.class.getName());
        cmd.add(mode);
        cmd.add(dir.toString());
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String readLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null) throw new AssertionError("child process ended without output, exit " + p.onExit().join().exitValue());
        return line;
    }
}
