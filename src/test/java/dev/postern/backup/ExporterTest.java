package dev.postern.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.Flag;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports from a real store: each format, flags and dates, --since-last, uncached bodies. */
class ExporterTest {
    @TempDir Path dir;

    private static byte[] body(long uid) {
        return ("Message-ID: <" + uid + "@x>\r\nSubject: s" + uid + "\r\n\r\nFrom the body of " + uid + "\r\n").getBytes(UTF_8);
    }

    private void add(MapDbStore s, long uid, Flags flags, boolean cached) {
        MessageRef r = new MessageRef("work", "Lists/java", 5, uid);
        s.putFolder(new Folder("work", "Lists/java", '/', 0, 0, java.util.Set.of()));
        s.putEnvelopes(List.of(new Envelope(r, "<" + uid + "@x>", Instant.parse("2024-01-0" + uid + "T10:00:00Z"), "a@x",
                null, null, "s" + uid, 100, flags, null, null, null)));
        if (cached) s.attachBody(r, body(uid));
        s.commit();
    }

    private static List<Path> files(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    /** Hunt 38-M, M9: the same folder of a second account into one --out replaced the first's mbox, or mixed them. */
    @Test
    void anotherAccountsExportOfTheSameFolderIsNeitherReplacedNorMixedInto() throws Exception {
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            add(s, 1, Flags.NONE, true);
            add(s, 2, Flags.NONE, true);
            MessageRef other = new MessageRef("pop keep", "Lists/java", 9, 1);
            s.putFolder(new Folder("pop keep", "Lists/java", '/', 0, 0, java.util.Set.of()));
            s.putEnvelopes(List.of(new Envelope(other, "<9@x>", Instant.parse("2024-02-01T10:00:00Z"), "b@x",
                    null, null, "other", 100, Flags.NONE, null, null, null)));
            s.attachBody(other, body(9));
            s.commit();
            Exporter ex = new Exporter(s);
            for (Exporter.Format format : Exporter.Format.values()) {
                for (boolean sinceLast : new boolean[] {false, true}) {
                    Path out = dir.resolve("out-" + format + "-" + sinceLast);
                    assertEquals(2, ex.export("work", List.of("Lists/java"), format, out, sinceLast).get(0).written());
                    List<Path> before = files(format == Exporter.Format.MBOX ? out : out.resolve("Lists.java"));
                    byte[] mbox = format == Exporter.Format.MBOX ? Files.readAllBytes(out.resolve("Lists.java.mbox")) : null;
                    var refused = org.junit.jupiter.api.Assertions.assertThrows(dev.postern.model.PosternException.class,
                            () -> ex.export("pop keep", List.of("Lists/java"), format, out, sinceLast));
                    assertEquals(dev.postern.model.ExitCode.USAGE, refused.exitCode());
                    assertEquals("the export directory " + out + " holds account work's export of Lists/java; exporting account"
                            + " pop keep's Lists/java there would replace or mix into it, so nothing was written: give each account"
                            + " its own --out (for example --out " + out.resolve("pop-keep") + ").", refused.getMessage());
                    assertEquals(before, files(format == Exporter.Format.MBOX ? out : out.resolve("Lists.java")));
                    if (mbox != null) assertArrayEquals(mbox, Files.readAllBytes(out.resolve("Lists.java.mbox")));
                    // Its own directory takes it, and the first account's exports there go on as before.
                    assertEquals(1, ex.export("pop keep", List.of("Lists/java"), format, out.resolve("pop-keep"), sinceLast).get(0).written());
                    assertEquals(sinceLast ? 0 : 2, ex.export("work", List.of("Lists/java"), format, out, sinceLast).get(0).written());
                }
            }
        }
    }

    @Test
    void everyFormatKeepsBytesFlagsAndDatesAndSinceLastWritesOnlyTheRest() throws Exception {
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            add(s, 1, Flags.of(Flag.SEEN, Flag.ANSWERED), true);
            add(s, 2, Flags.of(Flag.FLAGGED), true);
            add(s, 3, Flags.NONE, false);
            Exporter ex = new Exporter(s);
            Path out = dir.resolve("out");

            var md = ex.export("work", List.of("Lists/java"), Exporter.Format.MAILDIR, out, false).get(0);
            assertEquals(2, md.written());
            assertEquals(1, md.notCached());
            List<Path> cur = files(out.resolve("Lists.java/cur"));
            assertEquals(2, cur.size());
            assertTrue(cur.get(0).getFileName().toString().endsWith(":2,RS"), cur.toString());
            assertTrue(cur.get(1).getFileName().toString().endsWith(":2,F"), cur.toString());
            assertEquals(Instant.parse("2024-01-01T10:00:00Z"), Files.getLastModifiedTime(cur.get(0)).toInstant());
            assertArrayEquals(new String(body(1), UTF_8).replace("\r\n", "\n").getBytes(UTF_8), Files.readAllBytes(cur.get(0)));
            assertEquals(List.of(), files(out.resolve("Lists.java/tmp")), "no partial files left in tmp/");

            var eml = ex.export("work", List.of("Lists/java"), Exporter.Format.EML, dir.resolve("eml"), false).get(0);
            assertEquals(2, eml.written());
            assertArrayEquals(body(2), Files.readAllBytes(files(dir.resolve("eml/Lists.java")).get(1)));

            Path mboxDir = dir.resolve("mbox");
            assertEquals(2, ex.export("work", List.of("Lists/java"), Exporter.Format.MBOX, mboxDir, true).get(0).written());
            add(s, 4, Flags.of(Flag.SEEN), true);
            var again = ex.export("work", List.of("Lists/java"), Exporter.Format.MBOX, mboxDir, true).get(0);
            assertEquals(1, again.written());
            assertEquals(2, again.unchanged());
            MboxFormat.Parsed p = MboxFormat.read(Files.readAllBytes(mboxDir.resolve("Lists.java.mbox")), "m");
            assertEquals(List.of(), p.skipped());
            assertEquals(3, p.messages().size());
            assertArrayEquals(body(1), p.messages().get(0).raw());
            assertArrayEquals(body(4), p.messages().get(2).raw());
            assertEquals(Flags.of(Flag.SEEN), p.messages().get(2).flags());
            assertEquals(Instant.parse("2024-01-04T10:00:00Z"), p.messages().get(2).date());
            assertTrue(Files.readString(mboxDir.resolve("Lists.java.mbox")).contains("\n>From the body of 1\n"));
        }
    }

    /**
     * An export killed mid-append (kill -9: no cancel, no cleanup) left the mbox longer than its state knew, its last
     * message cut midway; the next --since-last export appended everything again, the first message glued to the cut
     * line. The append is recorded in the state before its first byte, and the next export cuts the mbox back.
     */
    @Test
    void anAppendKilledMidwayIsCutBackByTheNextExport() throws Exception {
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            add(s, 1, Flags.NONE, true);
            add(s, 2, Flags.NONE, true);
            Exporter ex = new Exporter(s);
            Path out = dir.resolve("mbox");
            Path mbox = out.resolve("Lists.java.mbox");
            Path state = out.resolve(Exporter.STATE);
            ex.export("work", List.of("Lists/java"), Exporter.Format.MBOX, out, true);
            byte[] before = Files.readAllBytes(mbox);
            add(s, 3, Flags.NONE, false);
            add(s, 4, Flags.NONE, true);
            // While message 3 is being fetched, the state already says where the append began: as a kill would find it.
            String[] midway = new String[1];
            byte[][] mboxMidway = new byte[1][];
            ex.export("work", List.of("Lists/java"), Exporter.Format.MBOX, out, true, (folder, messages, sink) -> {
                try {
                    midway[0] = Files.readString(state);
                    mboxMidway[0] = Files.readAllBytes(mbox);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                sink.accept(3L, body(3));
            }, dev.postern.model.Work.NONE);
            assertTrue(midway[0].contains("Lists.java.mbox " + before.length), midway[0]);
            assertTrue(!Files.readString(state).contains("Lists.java.mbox " + before.length), "settled at the end");
            // The kill: the state and mbox as they were midway, plus half a message more.
            Files.writeString(state, midway[0]);
            byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(mbox), Files.readAllBytes(mbox).length - 10);
            Files.write(mbox, cut);
            ex.export("work", List.of("Lists/java"), Exporter.Format.MBOX, out, true, (folder, messages, sink) -> {
                for (Envelope e : messages) sink.accept(e.ref().uid(), body(e.ref().uid()));
            }, dev.postern.model.Work.NONE);
            MboxFormat.Parsed p = MboxFormat.read(Files.readAllBytes(mbox), "m");
            assertEquals(List.of(), p.skipped());
            assertEquals(4, p.messages().size(), "each message once");
            for (int i = 0; i < 4; i++) assertArrayEquals(body(i + 1), p.messages().get(i).raw());
            assertTrue(mboxMidway[0].length >= before.length);
        }
    }
    /**
     * A full disk fails the mbox's last flush, in its close: that exception skipped the tidying, and the part file
     * kept the space it had taken, for good (hunt F2). The same for a Maildir or .eml file half written. Every write
     * through the export's channels fails here with "No space left on device" (the test once planted a link to
     * /dev/full as the part file; an export now follows no link: hunt36-S, S5).
     */
    @Test
    void aFullDiskLeavesNoPartFileBehind() throws Exception {
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            add(s, 1, Flags.NONE, true);
            // Larger than the mbox's write buffer: the write fails midway, and the close's flush fails again.
            add(s, 2, Flags.NONE, false);
            s.attachBody(new MessageRef("work", "Lists/java", 5, 2), ("Subject: big\r\n\r\n" + "x".repeat(100_000) + "\r\n").getBytes(UTF_8));
            s.commit();
            Exporter ex = new Exporter(s);
            Path out = dir.resolve("mbox");
            Path part = out.resolve(".Lists.java.mbox.part");
            ExportFiles.channels = FullDisk::new;
            try {
                var e = org.junit.jupiter.api.Assertions.assertThrows(dev.postern.model.PosternException.class,
                        () -> ex.export("work", List.of("Lists/java"), Exporter.Format.MBOX, out, false));
                assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
                assertTrue(!Files.exists(part, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the part file is removed");
                assertTrue(!Files.exists(out.resolve("Lists.java.mbox")));

                Path eml = dir.resolve("eml").resolve("Lists.java");
                Path emlPart = eml.resolve(String.format("." + "%010d-%s.eml.part", 1, Exporter.sha256(body(1)).substring(0, 16)));
                e = org.junit.jupiter.api.Assertions.assertThrows(dev.postern.model.PosternException.class,
                        () -> ex.export("work", List.of("Lists/java"), Exporter.Format.EML, dir.resolve("eml"), false));
                assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
                assertTrue(!Files.exists(emlPart, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the half-written file is removed");
                assertEquals(List.of(), files(eml));
            } finally {
                ExportFiles.channels = java.util.function.UnaryOperator.identity();
            }
        }
    }

    /** Exported mail is created owner-only whatever the umask, as the store is: it was 0644 and 0755 under umask 022. */
    @Test
    void exportedMailIsOwnerOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            add(s, 1, Flags.NONE, true);
            Exporter ex = new Exporter(s);
            for (Exporter.Format f : Exporter.Format.values()) {
                Path out = dir.resolve("out-" + f);
                ex.export("work", List.of("Lists/java"), f, out, true);
                try (Stream<Path> all = Files.walk(out)) {
                    for (Path p : all.toList()) {
                        String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                        assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, p.toString());
                    }
                }
            }
        }
    }

    /**
     * Hunt 41-H, H5: identical copies of a message in one folder (copied twice, fetched twice from a POP3 server that
     * held it twice): --since-last into an empty directory wrote one and called the others "already exported", so the
     * archive lacked them for good. Each copy is written once, and a later identical copy is written too.
     */
    @Test
    void sinceLastWritesEveryIdenticalCopyOnce() throws Exception {
        try (MapDbStore s = MapDbStore.open(dir.resolve("data"))) {
            add(s, 1, Flags.NONE, true);
            add(s, 2, Flags.NONE, true);
            copyOf(s, 3, 1);
            Exporter ex = new Exporter(s);
            for (Exporter.Format format : Exporter.Format.values()) {
                Path out = dir.resolve("copies-" + format);
                var first = ex.export("work", List.of("Lists/java"), format, out, true).get(0);
                assertEquals(3, first.written(), format + ": every copy into an empty directory");
                assertEquals(0, first.unchanged());
                var again = ex.export("work", List.of("Lists/java"), format, out, true).get(0);
                assertEquals(0, again.written(), format.toString());
                assertEquals(3, again.unchanged(), format.toString());
            }
            copyOf(s, 4, 1);
            for (Exporter.Format format : Exporter.Format.values()) {
                var third = ex.export("work", List.of("Lists/java"), format, dir.resolve("copies-" + format), true).get(0);
                assertEquals(1, third.written(), format + ": a third copy, come since, is new");
            }
            MboxFormat.Parsed p = MboxFormat.read(Files.readAllBytes(dir.resolve("copies-MBOX/Lists.java.mbox")), "m");
            assertEquals(4, p.messages().size());
        }
    }

    /** Message {@code uid} with the very bytes of message {@code of}. */
    private void copyOf(MapDbStore s, long uid, long of) {
        MessageRef r = new MessageRef("work", "Lists/java", 5, uid);
        s.putEnvelopes(List.of(new Envelope(r, "<" + of + "@x>", Instant.parse("2024-01-0" + uid + "T10:00:00Z"), "a@x",
                null, null, "s" + of, 100, Flags.NONE, null, null, null)));
        s.attachBody(r, body(of));
        s.commit();
    }
}
